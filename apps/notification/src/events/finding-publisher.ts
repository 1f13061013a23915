import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventTypes, FindingSnapshot, Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { OutboxWriter, SYSTEM_ACTOR } from '@yiyang/messaging';
import { CLOCK } from '@yiyang/platform';
import { DesiredFinding } from '../domain/compliance';
import { findingNotice } from '../domain/notices';
import { Counters } from '../persistence/counters';
import { FindingsRepository } from '../persistence/findings.repository';
import { InboxRepository } from '../persistence/inbox.repository';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';

/**
 * Reconciles findings with what the rules want and, for each one raised or resolved, in the same
 * transaction: publishes it to compliance.events (keyed by division) through the outbox, puts it in
 * the regulators' inbox, queues it for their webhooks, and moves the open-findings counter.
 */
@Injectable()
export class FindingPublisher {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly outbox: OutboxWriter,
    private readonly inbox: InboxRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly counters: Counters,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(em: EntityManager, desired: DesiredFinding[]): Promise<FindingSnapshot[]> {
    const at = this.clock.now();
    const changed = await this.findings.reconcile(em, desired, at);
    for (const finding of changed) {
      const raised = finding.status === 'OPEN';
      const [event] = await this.outbox.append(em, Topics.compliance, [
        {
          type: raised ? EventTypes.compliance.findingRaised : EventTypes.compliance.findingResolved,
          aggregateType: 'finding',
          aggregateId: finding.division, // the key of compliance.events: regulators filter by division
          sequence: raised ? 1 : 2,
          division: finding.division,
          subject: finding.id,
          actor: SYSTEM_ACTOR,
          time: at,
          data: { finding },
        },
      ]);
      await this.inbox.add(em, event.id, event.type, [findingNotice(finding)], at);
      await this.subscriptions.enqueue(em, event, [], at);
      await this.counters.add(em, finding.division, `findings.open.${finding.rule}`, raised ? 1 : -1);
    }
    return changed;
  }
}
