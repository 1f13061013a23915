import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsString, Length, Matches } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { agreementActor, eventActor } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

export const agreementIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});

export class RejectAgreementDto {
  @IsString()
  @Length(2, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class TerminateAgreementDto extends RejectAgreementDto {
  /** the day from which the agreement no longer applies: today (at once) or a later day within the term */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  effectiveOn: string;
}

/**
 * Lifecycle moves (If-Match: version): submit (elderly party); countersign or reject (the party that did
 * not propose it: the medical party, or the elderly party for a renewal the medical party proposed);
 * terminate (either party).
 */
@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Controller('v1/agreements/:id')
export class AgreementTransitionsController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  @Post('submit')
  @HttpCode(200)
  @Roles('elderly-admin')
  async submit(@Param('id', agreementIdPipe) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) => a.submit(agreementActor(p), at)),
    );
  }

  @Post('countersign')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async countersign(@Param('id', agreementIdPipe) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    const state = await this.store.change(
      id,
      version,
      p.institutionId ?? null,
      eventActor(p),
      async (a, { tx, at, today, directory, repository }) => {
        const s = a.snapshot;
        const parties = await directory.pairForUpdate(tx.em, s.elderlyParty.institutionId, s.medicalParty.institutionId);
        const overlapping = await repository.overlapping(tx.em, s);
        a.countersign(agreementActor(p), parties, overlapping, today, at);
      },
    );
    return this.view.one(state);
  }

  @Post('reject')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async reject(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) =>
        a.reject(agreementActor(p), body.reason.trim(), at),
      ),
    );
  }

  @Post('terminate')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async terminate(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: TerminateAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at, today }) =>
        a.terminate(agreementActor(p), body.reason.trim(), body.effectiveOn, today, at),
      ),
    );
  }
}
