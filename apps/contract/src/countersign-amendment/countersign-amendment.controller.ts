import { Controller, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

@AgreementApi()
@Controller('v1/agreements/:id')
export class CountersignAmendmentController {
  constructor(private readonly changes: AgreementChanges) {}

  /** The party that did not propose the pending amendment countersigns it: the content changes and `revision` goes up. */
  @AgreementStep('amendment/countersign')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.countersignAmendment(actor, at));
  }
}
