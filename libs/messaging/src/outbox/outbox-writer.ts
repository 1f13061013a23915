import { EntityManager } from 'typeorm';
import { currentTrace } from '@yiyang/kernel';
import { topicName } from '@yiyang/contracts';
import { buildEvent, EventDraft, PlatformEvent, STRUCTURED_CONTENT_TYPE } from '../cloud-event';
import { OutboxRow } from './outbox.entity';

/**
 * Appends events to the outbox inside the caller's transaction, so a state change and the events
 * describing it commit together or not at all. The relay publishes them afterwards.
 */
export class OutboxWriter {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly source: string,
    private readonly topicPrefix: string,
  ) {}

  async append(em: EntityManager, topic: string, drafts: EventDraft[]): Promise<PlatformEvent[]> {
    if (drafts.length === 0) return [];
    const traceparent = currentTrace()?.traceparent;
    const events = drafts.map((d) => buildEvent(d, this.source, traceparent));
    const rows = events.map((event, i) =>
      em.create(OutboxRow, {
        eventId: event.id,
        aggregateType: drafts[i].aggregateType,
        aggregateId: drafts[i].aggregateId,
        topic: topicName(topic, this.topicPrefix),
        eventType: event.type,
        payload: JSON.stringify(event),
        headers: { 'content-type': STRUCTURED_CONTENT_TYPE, ...(traceparent ? { traceparent } : {}) },
        occurredAt: new Date(event.time),
        publishedAt: null,
        attempts: 0,
        lastError: null,
      }),
    );
    await em.insert(OutboxRow, rows);
    return events;
  }

  /** Tells the relay there is something to send (call after commit): saves a polling interval. */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
