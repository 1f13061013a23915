import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '@yiyang/kernel';
import { CLOCK, LOGGER, ScheduledJob } from '@yiyang/platform';
import { REFERRAL_CONFIG, ReferralConfig } from '../config';
import { ReferralRepository } from '../persistence/referral.repository';
import { ATTACHMENT_PREFIX, AttachmentVault } from '../shared/attachment-vault';

const DAY_MS = 24 * 60 * 60 * 1000;

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
    await store.ensureBucket(bucket);
    const cutoff = new Date(this.clock.now().getTime() - DAY_MS);
    const old = await store.listOlderThan(bucket, cutoff, { prefix: ATTACHMENT_PREFIX, limit: batchSize });
    const attached = await this.repository.attachedKeys(old.map((o) => o.key));
    let removed = 0;
    for (const { key } of old) {
      if (attached.has(key)) continue;
      await store.delete(bucket, key);
      removed++;
    }
    return removed;
  }
}
