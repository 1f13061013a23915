import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock, chinaDate } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { CLOCK, LOGGER, ScheduledJob, UnitOfWork } from '@yiyang/platform';
import { AgreementRepository } from '../persistence/agreement.repository';
import { agreementEventDrafts } from '../shared/agreement-events';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

/** SIGNED → ACTIVE when effectiveFrom comes. Safe with replicas: due rows are claimed with SKIP LOCKED. */
@Injectable()
export class ActivationJob extends ScheduledJob {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: AgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(CONTRACT_CONFIG) config: ContractConfig,
  ) {
    super(logger, 'agreement activation', config.AGREEMENT_SCHEDULE_INTERVAL_MS);
  }

  async runOnce(batchSize = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.uow.run(async (tx) => {
        const at = this.clock.now();
        const due = await this.repository.claimDueActivations(tx.em, chinaDate(at), batchSize);
        for (const loaded of due) {
          loaded.agreement.activate(chinaDate(at), at);
          await this.repository.save(tx.em, loaded);
          await tx.publish(Topics.agreement, agreementEventDrafts(loaded.agreement, SYSTEM_ACTOR, at));
        }
        return due.length;
      });
      total += count;
      if (count < batchSize) return total;
    }
  }
}
