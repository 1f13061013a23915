import { Controller, Body, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { caller } from '../shared/actor';
import { FileAgreementDto, toTerms } from '../shared/agreement.dto';
import { AgreementView } from '../shared/agreement-view';
import { FileAgreementHandler } from './file-agreement.handler';
import { AgreementApi } from '../shared/agreement-api';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements')
export class FileAgreementController {
  constructor(
    private readonly handler: FileAgreementHandler,
    private readonly view: AgreementView,
  ) {}

  /**
   * An admin of the first party drafts an agreement (DRAFT); submit it next. The first party is the
   * elderly-care party, or for CONTINUING_CARE the care side (a medical institution: its medical-admin).
   */
  @Post()
  @Roles('elderly-admin', 'medical-admin')
  async file(@Body() body: FileAgreementDto, @CurrentPrincipal() principal: Principal) {
    const { elderlyInstitutionId, medicalInstitutionId } = body;
    return this.view.one(
      await this.handler.execute({ elderlyInstitutionId, medicalInstitutionId, terms: toTerms(body), ...caller(principal) }),
    );
  }
}
