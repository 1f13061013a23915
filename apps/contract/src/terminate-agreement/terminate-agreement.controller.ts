import { Controller, Body, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';
import { TerminateAgreementDto } from './terminate-agreement.dto';

@AgreementApi()
@Controller('v1/agreements/:id')
export class TerminateAgreementController {
  constructor(private readonly changes: AgreementChanges) {}

  /** Either party ends a SIGNED or ACTIVE agreement: today at once, or a later day within the term as notice. */
  @AgreementStep('terminate')
  async terminate(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: TerminateAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.changes.apply(id, version, p, (a, actor, { at, today }) =>
      a.terminate(actor, body.reason.trim(), body.effectiveOn, today, at),
    );
  }
}
