import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Controller('v1/agreements/:id')
export class RejectAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** The party that did not propose it rejects a SUBMITTED agreement (→ REJECTED), with a reason. */
  @Post('reject')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.reject(agreementActor(p), body.reason.trim(), at),
    );
    return this.view.one(state);
  }
}
