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

  /** An elderly-admin of the elderly-care party drafts an agreement (DRAFT); submit it next. */
  @Post()
  @Roles('elderly-admin')
  async file(@Body() body: FileAgreementDto, @CurrentPrincipal() principal: Principal) {
    const { elderlyInstitutionId, medicalInstitutionId } = body;
    return this.view.one(
      await this.handler.execute({ elderlyInstitutionId, medicalInstitutionId, terms: toTerms(body), ...caller(principal) }),
    );
  }
}
