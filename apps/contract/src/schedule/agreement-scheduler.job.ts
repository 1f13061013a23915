import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { assertNever, chinaDate } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { LOGGER, ScheduledJob } from '@yiyang/platform';
import { Agreement } from '../domain/agreement';
import { ScheduledWork } from '../persistence/agreement.repository';
import { AgreementStore } from '../shared/agreement-store';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

/** The order of a run: start what begins today, end what ends, then remind of what ends soon. */
const WORK: ScheduledWork[] = ['activate', 'terminate', 'expire', 'remind'];

function perform(work: ScheduledWork, agreement: Agreement, today: string, at: Date): void {
  switch (work) {
    case 'activate':
      return agreement.activate(today, at);
    case 'terminate':
      return agreement.completeTermination(today, at);
    case 'expire':
      return agreement.expire(today, at);
    case 'remind':
      return agreement.remind(today, at);
    default:
      return assertNever(work);
  }
}

/**
 * The agreements' calendar (China dates): SIGNED → ACTIVE at effectiveFrom, notice of termination
 * carried out on its day, ACTIVE → EXPIRED after effectiveTo, `agreement.expiring` 30 and 7 days
 * before. Safe with replicas: due rows are claimed with SKIP LOCKED and each change is versioned.
 */
@Injectable()
export class AgreementScheduler extends ScheduledJob {
  constructor(
    private readonly store: AgreementStore,
    @Inject(LOGGER) logger: Logger,
    @Inject(CONTRACT_CONFIG) config: ContractConfig,
  ) {
    super(logger, 'agreement schedule', config.AGREEMENT_SCHEDULE_INTERVAL_MS, true);
  }

  async runOnce(batchSize = 50): Promise<number> {
    let total = 0;
    for (const work of WORK) {
      total += await this.store.changeDue(
        (em, now, limit) => this.store.repository.claimDue(em, work, chinaDate(now), limit),
        (agreement, { today, at }) => perform(work, agreement, today, at),
        SYSTEM_ACTOR,
        batchSize,
      );
    }
    return total;
  }
}
