import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { Agreement } from '../domain/agreement';
import { agreementActor, eventActor } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';
import { FileAgreementDto, toContent } from './file-agreement.dto';

@ApiTags('agreements')
@Controller('v1/agreements')
export class FileAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** An elderly-admin of the elderly-care party drafts an agreement (DRAFT); submit it next. */
  @Post()
  @Roles('elderly-admin')
  async file(@Body() body: FileAgreementDto, @CurrentPrincipal() principal: Principal) {
    const state = await this.store.create(async ({ tx, at, directory }) => {
      const parties = await directory.pairForUpdate(tx.em, body.elderlyInstitutionId, body.medicalInstitutionId);
      return Agreement.draft(
        {
          id: randomUUID(),
          elderlyParty: parties.elderly,
          medicalParty: parties.medical,
          actor: agreementActor(principal),
          terms: {
            ...toContent(body),
            mode: body.mode,
            term: { effectiveFrom: body.term.effectiveFrom, effectiveTo: body.term.effectiveTo },
          },
        },
        at,
      );
    }, eventActor(principal));
    return this.view.one(state);
  }
}
