import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReferralSnapshot } from '@yiyang/contracts';
import { IncomingEvent } from '@yiyang/messaging';
import { DesiredFinding, overdueReferral } from '../domain/compliance';
import { ReferralChangeEventType, referralNotices } from '../domain/notices';
import { Counters } from '../persistence/counters';
import { ReadModels } from '../persistence/read-models';
import { ReferralStatistics } from '../statistics/referral-statistics';
import { EventOutcome } from './event-outcome';

/** referral.events about a referral: its read model, its statistics, OVERDUE_REFERRAL_RESPONSE, notices to its parties. */
@Injectable()
export class ReferralEventsHandler {
  constructor(
    private readonly models: ReadModels,
    private readonly counters: Counters,
    private readonly daily: ReferralStatistics,
    private readonly outcome: EventOutcome,
  ) {}

  async handle(event: IncomingEvent<ReferralChangeEventType>, em: EntityManager, now: Date): Promise<void> {
    const r = event.data.referral;
    let desired: DesiredFinding[] = [];
    const { applied, before } = await this.models.applyReferral(em, r);
    if (applied) {
      await this.statistics(em, r, before);
      await this.daily.record(em, r, before?.status ?? null, event.time);
      const overdue = overdueReferral({
        id: r.id,
        status: r.status,
        fromId: r.from.institutionId,
        fromDivision: r.from.divisionCode,
        toId: r.to.institutionId,
        toDivision: r.to.divisionCode,
        overdueAt: r.milestones.overdueAt ? new Date(r.milestones.overdueAt) : null,
        answeredAt: r.milestones.answeredAt ? new Date(r.milestones.answeredAt) : null,
      });
      // the finding can only be open if a state already applied was overdue (the milestone stays once set): otherwise there is nothing to look up
      if (overdue.open || before?.overdueAt) desired = [overdue];
    }
    const parties = [r.from.institutionId, r.to.institutionId];
    await this.outcome.settle(
      em,
      event,
      { concerned: parties, desired, named: parties, notices: (name) => referralNotices(event, name) },
      now,
    );
  }

  /** Referrals by direction and status, answers within the deadline, rejection reasons: moved from the old state to the new. */
  private async statistics(
    em: EntityManager,
    r: ReferralSnapshot,
    before: { status: string; answeredAt: Date | null; overdueAt: Date | null } | null,
  ): Promise<void> {
    const division = r.from.divisionCode;
    if (before) await this.counters.add(em, division, `referrals.${r.direction}.${before.status}`, -1);
    await this.counters.add(em, division, `referrals.${r.direction}.${r.status}`, 1);
    if (r.milestones.answeredAt && !before?.answeredAt) {
      await this.counters.add(em, division, 'referrals.answered', 1);
      if (r.answeredWithinDeadline) await this.counters.add(em, division, 'referrals.answeredWithinDeadline', 1);
    }
    if (r.milestones.overdueAt && !before?.overdueAt) await this.counters.add(em, division, 'referrals.overdue', 1);
    if (r.status === 'REJECTED' && before?.status !== 'REJECTED' && r.rejectionReason)
      await this.counters.add(em, division, `rejections.${r.rejectionReason}`, 1);
  }
}
