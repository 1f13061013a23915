import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { chinaDate } from '@yiyang/kernel';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { LOGGER, ScheduledJob } from '@yiyang/platform';
import { REGISTRY_CONFIG, RegistryConfig } from '../config';
import { InstitutionRepository } from '../persistence/institution.repository';
import { InstitutionStore } from '../shared/institution-store';

/**
 * Announces lapsed practice licences (institution.licence-expired), once per licence. Safe with any
 * number of replicas: each run claims due rows with FOR UPDATE SKIP LOCKED, so two replicas never take
 * the same institution, and a claimed row stops matching once its announcement commits.
 */
@Injectable()
export class LicenceExpiryJob extends ScheduledJob {
  constructor(
    private readonly store: InstitutionStore,
    private readonly repository: InstitutionRepository,
    @Inject(LOGGER) logger: Logger,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    super(logger, 'licence expiry', config.LICENCE_CHECK_INTERVAL_MS, true);
  }

  /** Announces every lapsed licence due now; returns how many. */
  runOnce(batchSize = 50): Promise<number> {
    return this.store.changeDue(
      (em, now, limit) => this.repository.claimLapsedLicences(em, chinaDate(now), limit),
      (institution, { today, at }) => institution.expireLicence(today, at),
      SYSTEM_ACTOR,
      batchSize,
    );
  }
}
