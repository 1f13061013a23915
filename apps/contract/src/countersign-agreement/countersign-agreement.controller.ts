import { Controller, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { caller } from '../shared/actor';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { CountersignAgreementHandler } from './countersign-agreement.handler';

@AgreementApi()
@Controller('v1/agreements/:id')
export class CountersignAgreementController {
  constructor(
    private readonly handler: CountersignAgreementHandler,
    private readonly view: AgreementView,
  ) {}

  /** The party that did not propose it (the medical party, or the elderly party for a renewal the medical party proposed) countersigns. */
  @AgreementStep('countersign')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.view.one(await this.handler.execute({ id, expectedVersion: version, ...caller(p) }));
  }
}
