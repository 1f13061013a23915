import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock, chinaDate } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { CLOCK, LOGGER, UnitOfWork } from '@yiyang/platform';
import { AgreementRepository } from '../persistence/agreement.repository';
import { agreementEventDrafts } from '../shared/agreement-events';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

/** SIGNED → ACTIVE when effectiveFrom comes. Safe with replicas: due rows are claimed with SKIP LOCKED. */
@Injectable()
export class ActivationJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: AgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONTRACT_CONFIG) private readonly config: ContractConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.AGREEMENT_SCHEDULE_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.AGREEMENT_SCHEDULE_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
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

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce();
    try {
      const n = await this.running;
      if (n > 0) this.logger.info({ count: n }, 'activated agreements whose term began');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'agreement activation failed; will retry at the next interval');
    } finally {
      this.running = undefined;
    }
  }
}
