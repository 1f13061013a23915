import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock, chinaDate } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { CLOCK, LOGGER, ScheduledJob, UnitOfWork } from '@yiyang/platform';
import { InstitutionRepository } from '../persistence/institution.repository';
import { institutionEventDrafts } from '../shared/institution-events';
import { REGISTRY_CONFIG, RegistryConfig } from '../config';

/**
 * Announces lapsed practice licences (institution.licence-expired), once per licence. Safe with any
 * number of replicas: each run claims due rows with FOR UPDATE SKIP LOCKED, so two replicas never take
 * the same institution, and a claimed row stops matching once its announcement commits.
 */
@Injectable()
export class LicenceExpiryJob extends ScheduledJob {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: InstitutionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    super(logger, 'licence expiry', config.LICENCE_CHECK_INTERVAL_MS, true);
  }

  /** Announces every lapsed licence due now; returns how many. */
  async runOnce(batchSize = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.uow.run(async (tx) => {
        const at = this.clock.now();
        const today = chinaDate(at);
        const due = await this.repository.claimLapsedLicences(tx.em, today, batchSize);
        for (const institution of due) {
          const previous = institution.snapshot.version;
          institution.expireLicence(today, at);
          await this.repository.save(tx.em, institution, previous);
          await tx.publish(Topics.institution, institutionEventDrafts(institution, SYSTEM_ACTOR, at));
        }
        return due.length;
      });
      total += count;
      if (count < batchSize) return total;
    }
  }
}
