import { EntityManager } from 'typeorm';
import { currentTrace } from '@yiyang/kernel';
import { dataSchemaOf, topicName } from '@yiyang/contracts';
import { buildEvent, EventDraft, PlatformEvent, STRUCTURED_CONTENT_TYPE } from '../cloud-event';

export interface LocalCommit {
  /** the transaction appended rows to the outbox */
  outbox: boolean;
}

/**
 * Appends events to the outbox inside the caller's transaction, so a state change and the events
 * describing it commit together or not at all. The relay publishes them afterwards.
 */
export class OutboxWriter {
  private readonly listeners = new Set<(commit: LocalCommit) => void>();
  /** transactions (by their entity manager) that appended rows and have not committed yet */
  private readonly appended = new WeakSet<EntityManager>();

  constructor(
    private readonly source: string,
    private readonly topicPrefix: string,
    /** check each draft's data against its type's schema before it is appended (on in tests: a producer bug fails there, not in a consumer's DLQ) */
    private readonly checkSchemas = false,
  ) {}

  async append(em: EntityManager, topic: string, drafts: EventDraft[]): Promise<PlatformEvent[]> {
    if (drafts.length === 0) return [];
    if (this.checkSchemas) for (const d of drafts) checkDraft(d);
    this.appended.add(em);
    const traceparent = currentTrace()?.traceparent;
    const events = drafts.map((d) => buildEvent(d, this.source, traceparent));
    const headers = JSON.stringify({ 'content-type': STRUCTURED_CONTENT_TYPE, ...(traceparent ? { traceparent } : {}) });
    const rows = events.map((event, i) => [
      event.id,
      drafts[i].aggregateType,
      drafts[i].aggregateId,
      topicName(topic, this.topicPrefix),
      event.type,
      JSON.stringify(event),
      headers,
      new Date(event.time),
    ]);
    // one statement for every row (the table's other columns take their defaults: unsent, no attempts)
    await em.query(
      'INSERT INTO outbox (event_id, aggregate_type, aggregate_id, topic, event_type, payload, headers, occurred_at) VALUES ?',
      [rows],
    );
    return events;
  }

  /**
   * Call after a local transaction committed: tells the followers in this process (the relay, a live
   * stream) to look now rather than at their next poll, and whether the transaction appended to the
   * outbox (if it did not, the relay has nothing new to send).
   */
  committed(em: EntityManager): void {
    const commit = { outbox: this.appended.has(em) };
    this.appended.delete(em);
    for (const listener of this.listeners) listener(commit);
  }

  onCommitted(listener: (commit: LocalCommit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A draft whose data does not match its type's schema is a producer's bug: thrown, so the transaction rolls back. */
export function checkDraft(draft: EventDraft): void {
  const schema = dataSchemaOf(draft.type);
  if (!schema) throw new Error(`no data contract for ${draft.type}`);
  const parsed = schema.safeParse(draft.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${draft.type} does not match its contract: ${issues}`);
  }
}
