import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementContentDto, toContent } from '../shared/agreement.dto';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "5"' })
@Controller('v1/agreements/:id')
export class ProposeAmendmentController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** One party proposes new content for an agreement in force; the other countersigns or rejects it. */
  @Post('amend')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async propose(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: AgreementContentDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.proposeAmendment(agreementActor(p), toContent(body), at),
    );
    return this.view.one(state);
  }
}
