import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock, DAY_MS } from '@yiyang/kernel';
import { CLOCK, LOGGER, ScheduledJob } from '@yiyang/platform';
import { sweepUnreferenced } from '@yiyang/storage';
import { REFERRAL_CONFIG, ReferralConfig } from '../config';
import { ReferralRepository } from '../persistence/referral.repository';
import { ATTACHMENT_PREFIX, AttachmentVault } from '../shared/attachment-vault';

/**
 * Removes attachment objects older than a day that no attachment row refers to: the ciphertext of an
 * upload whose transaction never committed (a crash, the database lost between the store and the row).
 * Safe with replicas: it only deletes what no row names, and deleting twice is harmless.
 */
@Injectable()
export class OrphanAttachmentsJob extends ScheduledJob {
  constructor(
    private readonly vault: AttachmentVault,
    private readonly repository: ReferralRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(REFERRAL_CONFIG) config: ReferralConfig,
  ) {
    super(logger, 'orphan attachments', config.REFERRAL_ATTACHMENT_SWEEP_MS);
  }

  async runOnce(batchSize = 500): Promise<number> {
    const { store, bucket } = this.vault;
    return sweepUnreferenced(store, bucket, {
      prefix: ATTACHMENT_PREFIX,
      cutoff: new Date(this.clock.now().getTime() - DAY_MS),
      limit: batchSize,
      unreferenced: async (keys) => {
        const attached = await this.repository.attachedKeys(keys);
        return keys.filter((key) => !attached.has(key));
      },
    });
  }
}
