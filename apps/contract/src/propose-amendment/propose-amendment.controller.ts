import { Controller, Body, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { AgreementContentDto, toContent } from '../shared/agreement.dto';
import { AgreementChanges } from '../shared/agreement-changes';
import { AgreementApi, AgreementStep } from '../shared/agreement-api';

@AgreementApi()
@Controller('v1/agreements/:id')
export class ProposeAmendmentController {
  constructor(private readonly changes: AgreementChanges) {}

  /** One party proposes new content for an agreement in force; the other countersigns or rejects it. */
  @AgreementStep('amend')
  async propose(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: AgreementContentDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.changes.apply(id, version, p, (a, actor, { at }) => a.proposeAmendment(actor, toContent(body), at));
  }
}
