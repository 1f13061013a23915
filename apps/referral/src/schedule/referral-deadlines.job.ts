import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { LOGGER, ScheduledJob } from '@yiyang/platform';
import { ReferralRepository } from '../persistence/referral.repository';
import { ReferralStore } from '../shared/referral-store';
import { REFERRAL_CONFIG, ReferralConfig } from '../config';

/**
 * Response deadlines: an unanswered referral past its deadline is escalated once
 * (`referral.response-overdue`), and past the longer limit it EXPIRES with an event. Safe with
 * replicas: due rows are claimed with SKIP LOCKED and each change is versioned.
 */
@Injectable()
export class ReferralDeadlinesJob extends ScheduledJob {
  constructor(
    private readonly store: ReferralStore,
    private readonly repository: ReferralRepository,
    @Inject(LOGGER) logger: Logger,
    @Inject(REFERRAL_CONFIG) config: ReferralConfig,
  ) {
    super(logger, 'referral deadlines', config.REFERRAL_SCHEDULE_INTERVAL_MS, true);
  }

  async runOnce(batchSize = 100): Promise<number> {
    // escalate before expiring: a referral that ran past both while the job was down is reported overdue first
    const overdue = await this.store.changeDue(
      (em, now, limit) => this.repository.claimDue(em, 'overdue', now, limit),
      (referral, { at }) => referral.markOverdue(at),
      SYSTEM_ACTOR,
      batchSize,
    );
    const expired = await this.store.changeDue(
      (em, now, limit) => this.repository.claimDue(em, 'expire', now, limit),
      (referral, { at }) => referral.expire(at),
      SYSTEM_ACTOR,
      batchSize,
    );
    return overdue + expired;
  }
}
