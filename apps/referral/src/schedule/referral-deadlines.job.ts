import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { CLOCK, LOGGER, ScheduledJob, UnitOfWork } from '@yiyang/platform';
import { DueWork, ReferralRepository } from '../persistence/referral.repository';
import { referralEventDrafts } from '../shared/referral-events';
import { REFERRAL_CONFIG, ReferralConfig } from '../config';

/**
 * Response deadlines: an unanswered referral past its deadline is escalated once
 * (`referral.response-overdue`), and past the longer limit it EXPIRES with an event. Safe with
 * replicas: due rows are claimed with SKIP LOCKED and each change is versioned.
 */
@Injectable()
export class ReferralDeadlinesJob extends ScheduledJob {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ReferralRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(REFERRAL_CONFIG) config: ReferralConfig,
  ) {
    super(logger, 'referral deadlines', config.REFERRAL_SCHEDULE_INTERVAL_MS, true);
  }

  async runOnce(batchSize = 100): Promise<number> {
    // escalate before expiring: a referral that ran past both while the job was down is reported overdue first
    return (await this.drain('overdue', batchSize)) + (await this.drain('expire', batchSize));
  }

  private async drain(work: DueWork, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.uow.run(async (tx) => {
        const now = this.clock.now();
        const due = await this.repository.claimDue(tx.em, work, now, batchSize);
        for (const loaded of due) {
          if (work === 'overdue') loaded.referral.markOverdue(now);
          else loaded.referral.expire(now);
          await this.repository.save(tx.em, loaded);
          await tx.publish(Topics.referral, referralEventDrafts(loaded.referral, SYSTEM_ACTOR, now));
        }
        return due.length;
      });
      total += count;
      if (count < batchSize) return total;
    }
  }
}
