import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IncomingEvent } from '@yiyang/messaging';
import { DesiredFinding } from '../domain/compliance';
import { NameOf, Notice } from '../domain/notices';
import { InboxRepository } from '../persistence/inbox.repository';
import { ReadModels } from '../persistence/read-models';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { FindingPublisher } from '../shared/finding-publisher';

/** What a handler found an event to mean, for `EventOutcome.settle`. */
export interface Outcome {
  /** the institutions the event is about: their webhook subscriptions get it */
  concerned: string[];
  /** the findings the event bears on, as the rules want them now */
  desired: DesiredFinding[];
  /** the institutions the notices name (their names are looked up once) */
  named: string[];
  notices(name: NameOf): Notice[];
}

/**
 * How every consumed event ends, in the consumer's transaction (so a redelivery changes nothing twice):
 * findings reconciled and published, notifications in the inbox, webhook deliveries queued.
 */
@Injectable()
export class EventOutcome {
  constructor(
    private readonly models: ReadModels,
    private readonly inbox: InboxRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly findings: FindingPublisher,
  ) {}

  async settle(em: EntityManager, event: IncomingEvent, outcome: Outcome, now: Date): Promise<void> {
    await this.findings.apply(em, outcome.desired);
    const names = await this.models.names(em, [...new Set(outcome.named)]);
    const name = (id: string) => names.get(id);
    await this.inbox.add(em, event.id, event.type, outcome.notices(name), now, name);
    await this.subscriptions.enqueue(em, event, outcome.concerned, now);
  }
}
