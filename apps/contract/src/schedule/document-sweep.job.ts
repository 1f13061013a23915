import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock, DAY_MS } from '@yiyang/kernel';
import { CLOCK, LOGGER, ScheduledJob } from '@yiyang/platform';
import { sweepUnreferenced } from '@yiyang/storage';
import { CONTRACT_CONFIG, ContractConfig } from '../config';
import { AgreementRepository } from '../persistence/agreement.repository';
import { DOCUMENT_PREFIX, DocumentStore } from '../shared/document-store';

/**
 * Removes what an upload interrupted between the object store and the database left behind: objects
 * under `agreements/` older than a day that no row of agreement_documents refers to. A referenced
 * object is never removed; the day leaves any upload in flight time to commit.
 */
@Injectable()
export class DocumentSweep extends ScheduledJob {
  constructor(
    private readonly documents: DocumentStore,
    private readonly repository: AgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(CONTRACT_CONFIG) config: ContractConfig,
  ) {
    super(logger, 'document sweep', config.AGREEMENT_DOCUMENT_SWEEP_INTERVAL_MS);
  }

  /** One pass (at most `limit` objects looked at); `cutoff`: objects last written before it count as old (default a day ago). */
  async runOnce(cutoff = new Date(this.clock.now().getTime() - DAY_MS), limit = 1000): Promise<number> {
    const { objects, bucket } = this.documents;
    return sweepUnreferenced(objects, bucket, {
      prefix: DOCUMENT_PREFIX,
      cutoff,
      limit,
      unreferenced: (keys) => this.repository.unreferencedKeys(keys),
    });
  }
}
