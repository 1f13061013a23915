import { Controller, Body, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

export class WithdrawAgreementDto extends RejectAgreementDto {}

@AgreementApi()
@Controller('v1/agreements/:id')
export class WithdrawAgreementController {
  constructor(private readonly changes: AgreementChanges) {}

  /**
   * Its proposer takes back a DRAFT or a SUBMITTED agreement (→ WITHDRAWN) before the other party
   * countersigned: a DRAFT quietly, a SUBMITTED one with `agreement.withdrawn`.
   */
  @AgreementStep('withdraw')
  async withdraw(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: WithdrawAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.withdraw(actor, body.reason.trim(), at));
  }
}
