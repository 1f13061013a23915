import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes, randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { Clock, ValidationError, residentIdProblems } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { Referral } from '../domain/referral';
import { agreementPair } from '../domain/referral.rules';
import { REFERRAL_CONFIG, ReferralConfig, deadlinePolicy } from '../config';
import { eventActor, referralActor } from '../shared/actor';
import { ReferralStore } from '../shared/referral-store';
import { toReferralResponse } from '../shared/referral.response';
import { RequestReferralDto } from './request-referral.dto';

@ApiTags('referrals')
@Controller('v1/referrals')
export class RequestReferralController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(REFERRAL_CONFIG) private readonly config: ReferralConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The sender's staff refer a resident: UP from a nursing home to a hospital, DOWN from a hospital to
   * a nursing home, rehab or hospice, under the pair's agreement in force → 201 REQUESTED with its deadline.
   */
  @Post()
  @Roles('referral-desk', 'elderly-admin', 'medical-admin')
  async request(@Body() body: RequestReferralDto, @CurrentPrincipal() p: Principal) {
    const problems = residentIdProblems(body.patient.idNumber, body.patient.birthDate, body.patient.sex);
    if (problems.length) throw new ValidationError(problems.map((x) => ({ field: `patient.${x.field}`, message: x.message })));
    const state = await this.store.create(
      async ({ tx, at, today, directory, coverage }) => {
        const [from, to] = await directory.two(tx.em, body.fromInstitutionId, body.toInstitutionId);
        const pair = agreementPair(body.direction, from, to);
        return Referral.request(
          {
            id: randomUUID(),
            direction: body.direction,
            priority: body.priority,
            from,
            to,
            patient: {
              name: body.patient.name.trim(),
              sex: body.patient.sex,
              birthDate: body.patient.birthDate,
              idNumber: body.patient.idNumber,
              insurance: body.patient.insurance,
            },
            patientRef: `pr_${randomBytes(16).toString('base64url')}`,
            clinical: { indication: body.indication, icd10: body.icd10 ?? null, summary: body.summary, vitals: { ...(body.vitals ?? {}) } },
            cover: await coverage.coverFor(tx.em, pair.elderlyId, pair.medicalId, today),
            actor: referralActor(p),
            deadlines: deadlinePolicy(this.config),
          },
          at,
        );
      },
      eventActor(p),
      { direction: body.direction, priority: body.priority, fromId: body.fromInstitutionId, toId: body.toInstitutionId },
    );
    return toReferralResponse(state, 'staff', this.clock.now(), Referral.restore(state).allowedActions(referralActor(p)));
  }
}
