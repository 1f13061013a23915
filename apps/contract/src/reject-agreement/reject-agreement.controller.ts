import { Controller, Body, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

@AgreementApi()
@Controller('v1/agreements/:id')
export class RejectAgreementController {
  constructor(private readonly changes: AgreementChanges) {}

  /** The party that did not propose it rejects a SUBMITTED agreement (→ REJECTED), with a reason. */
  @AgreementStep('reject')
  async reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.reject(actor, body.reason.trim(), at));
  }
}
