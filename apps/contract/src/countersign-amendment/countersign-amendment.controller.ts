import { Controller, Inject, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

@AgreementApi()
@Controller('v1/agreements/:id')
export class CountersignAmendmentController {
  constructor(
    private readonly changes: AgreementChanges,
    @Inject(CONTRACT_CONFIG) private readonly config: ContractConfig,
  ) {}

  /**
   * The party that did not propose the pending amendment countersigns it: the content changes and `revision`
   * goes up. With AGREEMENT_DOCUMENT_REQUIRED, only once the amendment's signed paper is uploaded.
   */
  @AgreementStep('amendment/countersign')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.changes.apply(id, version, p, (a, actor, { at }) =>
      a.countersignAmendment(actor, at, this.config.AGREEMENT_DOCUMENT_REQUIRED),
    );
  }
}
