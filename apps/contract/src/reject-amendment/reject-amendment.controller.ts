import { Controller, Body, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { RejectAgreementDto } from '../shared/agreement.dto';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

@AgreementApi()
@Controller('v1/agreements/:id')
export class RejectAmendmentController {
  constructor(private readonly changes: AgreementChanges) {}

  /** The other party rejects the pending amendment, or its proposer withdraws it, with a reason. */
  @AgreementStep('amendment/reject')
  async reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.rejectAmendment(actor, body.reason.trim(), at));
  }
}
