import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { EventTypes, Topics } from '@yiyang/contracts';
import { Principal } from '@yiyang/auth';
import { DirectoryRepository } from '@yiyang/directory';
import { Clock, DomainError, ValidationError, residentIdProblems } from '@yiyang/kernel';
import { Actor, TypedDraft } from '@yiyang/messaging';
import { CLOCK, UnitOfWork } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { Referral, ReferralState } from '../domain/referral';
import { agreementPair } from '../domain/referral.rules';
import { REFERRAL_CONFIG, ReferralConfig, deadlinePolicy } from '../config';
import { CoverageRepository } from '../persistence/coverage.repository';
import { eventActor, referralActor } from '../shared/actor';
import { referralParty } from '../shared/referral-events';
import { ReferralStore } from '../shared/referral-store';
import { RequestReferralDto } from './request-referral.dto';

/**
 * The sender's staff refer a resident under the pair's agreement in force. A request refused for want
 * of an agreement (AGREEMENT_REQUIRED) creates nothing, is refused (422) and, in its own transaction,
 * is published as `referral.refused`: never silent.
 */
@Injectable()
export class RequestReferralHandler {
  constructor(
    private readonly store: ReferralStore,
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryRepository,
    private readonly coverage: CoverageRepository,
    @Inject(REFERRAL_CONFIG) private readonly config: ReferralConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RequestReferralDto, p: Principal): Promise<Readonly<ReferralState>> {
    const patient = command.patient;
    const problems = residentIdProblems(patient.idNumber, patient.birthDate, patient.sex);
    if (problems.length) throw new ValidationError(problems.map((x) => ({ field: `patient.${x.field}`, message: x.message })));
    try {
      return await this.store.create(eventActor(p), async ({ tx, at, today }) => {
        const [from, to] = await this.directory.two(tx.em, command.fromInstitutionId, command.toInstitutionId);
        const pair = agreementPair(command.direction, from, to);
        return Referral.request(
          {
            id: randomUUID(),
            direction: command.direction,
            priority: command.priority,
            from,
            to,
            patient: {
              name: patient.name.trim(),
              sex: patient.sex,
              birthDate: patient.birthDate,
              idNumber: patient.idNumber,
              insurance: patient.insurance,
            },
            patientRef: `pr_${randomBytes(16).toString('base64url')}`,
            clinical: {
              indication: command.indication,
              icd10: command.icd10 ?? null,
              summary: command.summary,
              vitals: { ...(command.vitals ?? {}) },
            },
            cover: await this.coverage.coverFor(tx.em, pair.elderlyId, pair.medicalId, today),
            actor: referralActor(p),
            deadlines: deadlinePolicy(this.config),
          },
          at,
        );
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCodes.AGREEMENT_REQUIRED) await this.publishRefusal(command, eventActor(p));
      throw err;
    }
  }

  /** `referral.refused`, keyed by a fresh attempt id: an attempt, not a resource (nothing to read back). */
  private async publishRefusal(command: RequestReferralDto, actor: Actor): Promise<void> {
    await this.uow.run(async (tx) => {
      const at = this.clock.now();
      const from = await this.directory.facts(tx.em, command.fromInstitutionId);
      const to = await this.directory.facts(tx.em, command.toInstitutionId);
      if (!from || !to) return; // the refusal was for agreement, so both were known: nothing else to say
      const attemptId = randomUUID();
      const refusal: TypedDraft<typeof EventTypes.referral.refused> = {
        type: EventTypes.referral.refused,
        aggregateType: 'referral-attempt',
        aggregateId: attemptId,
        sequence: 1,
        division: from.divisionCode,
        subject: attemptId,
        actor,
        time: at,
        data: {
          attemptId,
          reason: 'NO_AGREEMENT',
          direction: command.direction,
          priority: command.priority,
          from: referralParty(from),
          to: referralParty(to),
          at: at.toISOString(),
        },
      };
      await tx.publish(Topics.referral, [refusal]);
    });
  }
}
