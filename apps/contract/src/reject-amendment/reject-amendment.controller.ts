import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "5"' })
@Controller('v1/agreements/:id')
export class RejectAmendmentController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** The other party rejects the pending amendment, or its proposer withdraws it, with a reason. */
  @Post('amendment/reject')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.rejectAmendment(agreementActor(p), body.reason.trim(), at),
    );
    return this.view.one(state);
  }
}
