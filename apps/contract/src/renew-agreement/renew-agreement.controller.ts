import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { NotFoundError } from '@yiyang/kernel';
import { Agreement } from '../domain/agreement';
import { agreementIdPipe } from '../agreement-transitions/agreement-transitions.controller';
import { agreementActor, eventActor } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RenewalTermDto {
  /** defaults to the day after the current term ends */
  @IsOptional() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveFrom?: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveTo: string;
}

export class RenewAgreementDto {
  @IsObject() @ValidateNested() @Type(() => RenewalTermDto) term: RenewalTermDto;
}

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version of the agreement being renewed' })
@Controller('v1/agreements/:id')
export class RenewAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /**
   * Either party of an ACTIVE agreement proposes its successor (same content, a new term after the
   * current one). The successor is SUBMITTED, linked by predecessorId; the other party countersigns it.
   */
  @Post('renew')
  @Roles('elderly-admin', 'medical-admin')
  async renew(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RenewAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.create(async ({ tx, at, directory, repository }) => {
      const predecessor = await repository.getForUpdate(tx.em, id);
      if (!predecessor.agreement.involves(p.institutionId ?? null)) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
      predecessor.agreement.checkVersion(version);
      const old = predecessor.agreement.snapshot;
      return Agreement.renew(
        {
          id: randomUUID(),
          predecessor: predecessor.agreement,
          parties: await directory.pairForUpdate(tx.em, old.elderlyParty.institutionId, old.medicalParty.institutionId),
          effectiveFrom: body.term.effectiveFrom,
          effectiveTo: body.term.effectiveTo,
          alreadyRenewed: await repository.hasLiveSuccessor(tx.em, id),
          actor: agreementActor(p),
        },
        at,
      );
    }, eventActor(p));
    return this.view.one(state);
  }
}
