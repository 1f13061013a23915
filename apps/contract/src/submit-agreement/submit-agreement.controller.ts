import { Controller, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

@AgreementApi()
@Controller('v1/agreements/:id')
export class SubmitAgreementController {
  constructor(private readonly changes: AgreementChanges) {}

  /** The first party's admin submits a DRAFT (→ SUBMITTED, `agreement.submitted`); the medical party countersigns it next. */
  @AgreementStep('submit')
  async submit(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.submit(actor, at));
  }
}
