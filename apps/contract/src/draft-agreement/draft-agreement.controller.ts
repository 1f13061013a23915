import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags, OmitType } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { NotFoundError, ValidationError } from '@yiyang/kernel';
import { Agreement } from '../domain/agreement';
import { RejectAgreementDto, agreementIdPipe } from '../agreement-transitions/agreement-transitions.controller';
import { FileAgreementDto, toContent } from '../file-agreement/file-agreement.dto';
import { agreementActor, eventActor } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

/** A draft's new content: everything a filing states but the parties (all of it, as when filing). */
export class EditDraftDto extends OmitType(FileAgreementDto, ['elderlyInstitutionId', 'medicalInstitutionId'] as const) {}

export class WithdrawAgreementDto extends RejectAgreementDto {}

/**
 * Before countersignature: the filer edits a DRAFT or withdraws it, the proposer withdraws a SUBMITTED
 * agreement (`agreement.withdrawn`); a REJECTED or WITHDRAWN agreement is copied into a new DRAFT.
 */
@ApiTags('agreements')
@Controller('v1/agreements/:id')
export class DraftAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** The elderly-care party's admin replaces a DRAFT's content; every rule of a filing is checked again. */
  @Patch()
  @Roles('elderly-admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "1"' })
  async edit(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: EditDraftDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, version, p.institutionId ?? null, eventActor(p), async (a, { tx, at, directory }) => {
      const s = a.snapshot;
      const parties = await directory.pairForUpdate(tx.em, s.elderlyParty.institutionId, s.medicalParty.institutionId);
      const terms = {
        ...toContent(body),
        mode: body.mode,
        term: { effectiveFrom: body.term.effectiveFrom, effectiveTo: body.term.effectiveTo },
      };
      a.edit(agreementActor(p), terms, parties, at);
    });
    return this.view.one(state);
  }

  /** Its proposer takes back a DRAFT or a SUBMITTED agreement (→ WITHDRAWN) before the other party countersigned. */
  @Post('withdraw')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
  async withdraw(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: WithdrawAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) =>
        a.withdraw(agreementActor(p), body.reason.trim(), at),
      ),
    );
  }

  /** The elderly-care party's admin starts a new DRAFT with the content of a REJECTED or WITHDRAWN agreement (`copiedFrom`). */
  @Post('copy')
  @Roles('elderly-admin')
  async copy(@Param('id', agreementIdPipe) id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    // no body: the copy takes everything from the source (the JSON-only middleware already refused non-objects)
    const fields = body && typeof body === 'object' ? Object.keys(body) : [];
    if (fields.length)
      throw new ValidationError(
        fields.map((field) => ({ field, message: 'is not accepted: a copy takes its content from the agreement copied' })),
      );
    const state = await this.store.create(async ({ tx, at, directory, repository }) => {
      const source = await repository.getForUpdate(tx.em, id);
      if (!source.agreement.involves(p.institutionId ?? null)) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
      const s = source.agreement.snapshot;
      const parties = await directory.pairForUpdate(tx.em, s.elderlyParty.institutionId, s.medicalParty.institutionId);
      return Agreement.copy({ id: randomUUID(), source: source.agreement, parties, actor: agreementActor(p) }, at);
    }, eventActor(p));
    return this.view.one(state);
  }
}
