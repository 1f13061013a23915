import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventTypes } from '@yiyang/contracts';
import { IncomingEvent } from '@yiyang/messaging';
import { referralOutsideAgreement } from '../domain/compliance';
import { refusalNotices } from '../domain/notices';
import { Counters } from '../persistence/counters';
import { ReadModels } from '../persistence/read-models';
import { ComplianceState } from '../shared/compliance-state';
import { EventOutcome } from './event-outcome';

/** referral.refused: a pair tried to refer without an agreement (counted; REFERRAL_OUTSIDE_AGREEMENT unless covered since). */
@Injectable()
export class ReferralRefusedHandler {
  constructor(
    private readonly models: ReadModels,
    private readonly counters: Counters,
    private readonly state: ComplianceState,
    private readonly outcome: EventOutcome,
  ) {}

  async handle(event: IncomingEvent<typeof EventTypes.referral.refused>, em: EntityManager, now: Date): Promise<void> {
    const { direction, from, to } = event.data;
    const [elderlyId, medicalId] = direction === 'UP' ? [from.institutionId, to.institutionId] : [to.institutionId, from.institutionId];
    const attempt = { senderId: from.institutionId, receiverId: to.institutionId, receiverDivision: to.divisionCode };
    const refusals = await this.models.addRefusal(em, elderlyId, medicalId, from.divisionCode, attempt);
    await this.counters.add(em, from.divisionCode, 'referrals.refused', 1);
    const desired = [
      referralOutsideAgreement(
        { elderlyId, medicalId, division: from.divisionCode, refusals, ...attempt },
        await this.state.pairCovered(em, elderlyId, medicalId),
      ),
    ];
    const parties = [from.institutionId, to.institutionId];
    await this.outcome.settle(
      em,
      event,
      { concerned: parties, desired, named: parties, notices: (name) => refusalNotices(event, name) },
      now,
    );
  }
}
