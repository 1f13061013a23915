import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ComplianceEventType, EventTypes, FindingSnapshot, Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { SYSTEM_ACTOR, TypedDraft } from '@yiyang/messaging';
import { CLOCK, UnitOfWork } from '@yiyang/platform';
import { DesiredFinding } from '../domain/compliance';
import { findingInstitutions, findingNotice } from '../domain/notices';
import { FindingsRepository } from '../persistence/findings.repository';
import { InboxRepository } from '../persistence/inbox.repository';
import { ReadModels } from '../persistence/read-models';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';

/** A finding raised or resolved, as compliance.events carries it: keyed by its division, which regulators filter on. */
function findingDraft(finding: FindingSnapshot, at: Date): TypedDraft<ComplianceEventType> {
  const raised = finding.status === 'OPEN';
  return {
    type: raised ? EventTypes.compliance.findingRaised : EventTypes.compliance.findingResolved,
    aggregateType: 'finding',
    aggregateId: finding.division, // the key of compliance.events
    sequence: raised ? 1 : 2,
    division: finding.division,
    subject: finding.id,
    actor: SYSTEM_ACTOR,
    time: at,
    data: { finding },
  };
}

/**
 * Reconciles findings with what the rules want and, for each one raised or resolved, in the caller's
 * transaction (`within`: a consumer's or the cover job's): publishes it to compliance.events through the
 * unit of work, puts it in the regulators' inbox, and queues it for their webhooks (statistics count open findings from
 * the findings themselves: `FindingsRepository.openCounts`).
 */
@Injectable()
export class FindingPublisher {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly uow: UnitOfWork,
    private readonly inbox: InboxRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly models: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(within: EntityManager, desired: DesiredFinding[]): Promise<FindingSnapshot[]> {
    const at = this.clock.now();
    const changed = await this.findings.reconcile(within, desired, at);
    for (const finding of changed) {
      const draft = findingDraft(finding, at);
      // the event as the relay will send it: its id keys the regulators' notifications, webhooks get the same JSON as Kafka
      const [event] = await this.uow.run((tx) => tx.publish(Topics.compliance, [draft]), within);
      const names = await this.models.names(within, findingInstitutions(finding));
      const name = (id: string) => names.get(id);
      // to the regulators of every division the finding concerns (both parties'), the institutions named
      await this.inbox.add(within, event.id, event.type, [findingNotice(finding, name)], at, name);
      await this.subscriptions.enqueue(within, event, [], at);
    }
    return changed;
  }
}
