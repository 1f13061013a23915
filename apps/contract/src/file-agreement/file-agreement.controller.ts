import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { agreementActor, eventActor } from '../shared/actor';
import { FileAgreementDto, toTerms } from '../shared/agreement.dto';
import { AgreementView } from '../shared/agreement-view';
import { FileAgreementHandler } from './file-agreement.handler';

@ApiTags('agreements')
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
    const state = await this.handler.execute({
      elderlyInstitutionId: body.elderlyInstitutionId,
      medicalInstitutionId: body.medicalInstitutionId,
      terms: toTerms(body),
      actor: agreementActor(principal),
      eventActor: eventActor(principal),
    });
    return this.view.one(state);
  }
}
