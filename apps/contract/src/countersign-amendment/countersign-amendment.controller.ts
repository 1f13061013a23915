import { Controller, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { caller } from '../shared/actor';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { CountersignAmendmentHandler } from './countersign-amendment.handler';

@AgreementApi()
@Controller('v1/agreements/:id')
export class CountersignAmendmentController {
  constructor(
    private readonly handler: CountersignAmendmentHandler,
    private readonly view: AgreementView,
  ) {}

  /**
   * The party that did not propose the pending amendment countersigns it: the content changes and `revision`
   * goes up. With AGREEMENT_DOCUMENT_REQUIRED, only once the amendment's signed paper is uploaded; never
   * while a party's medical practice licence has lapsed (422 LICENCE_LAPSED).
   */
  @AgreementStep('amendment/countersign')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.view.one(await this.handler.execute({ id, expectedVersion: version, ...caller(p) }));
  }
}
