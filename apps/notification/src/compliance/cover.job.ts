import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock, DAY_MS, chinaDate } from '@yiyang/kernel';
import { CLOCK, LOGGER, ScheduledJob, UnitOfWork } from '@yiyang/platform';
import { ComplianceState } from '../shared/compliance-state';
import { FindingPublisher } from '../shared/finding-publisher';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';

/**
 * ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER is raised by time, not by an event: this job looks for
 * elderly-care institutions uncovered for longer than the grace period and without an open finding.
 * Rows are claimed with SKIP LOCKED, so replicas take different institutions; each batch is one unit of
 * work, and the findings it raises are published in it.
 */
@Injectable()
export class CoverJob extends ScheduledJob {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly state: ComplianceState,
    private readonly findings: FindingPublisher,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(logger, 'medical cover check', config.COVER_CHECK_INTERVAL_MS, true);
  }

  async runOnce(batchSize = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const raised = await this.uow.run(async (tx) => {
        const now = this.clock.now();
        const due: { id: string }[] = await tx.em.query(
          `SELECT i.id FROM nx_institutions i
           WHERE i.category = 'ELDERLY_CARE' AND i.status = 'ACTIVE' AND (i.has_licence = 0 OR i.licence_valid_to < ?) AND i.uncovered_since <= ?
             AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.open_key = CONCAT('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER|institution:', i.id))
           ORDER BY i.uncovered_since LIMIT ? FOR UPDATE SKIP LOCKED`,
          [chinaDate(now), new Date(now.getTime() - this.config.COVER_GRACE_DAYS * DAY_MS), batchSize],
        );
        let changed = 0;
        for (const { id } of due) changed += (await this.findings.apply(tx.em, await this.state.institution(tx.em, id, now))).length;
        return { claimed: due.length, changed };
      });
      total += raised.changed;
      if (raised.claimed < batchSize) return total;
    }
  }
}
