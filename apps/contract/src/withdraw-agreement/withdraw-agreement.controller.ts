import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

export class WithdrawAgreementDto extends RejectAgreementDto {}

@ApiTags('agreements')
@Controller('v1/agreements/:id')
export class WithdrawAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /**
   * Its proposer takes back a DRAFT or a SUBMITTED agreement (→ WITHDRAWN) before the other party
   * countersigned: a DRAFT quietly, a SUBMITTED one with `agreement.withdrawn`.
   */
  @Post('withdraw')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
  async withdraw(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: WithdrawAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.withdraw(agreementActor(p), body.reason.trim(), at),
    );
    return this.view.one(state);
  }
}
