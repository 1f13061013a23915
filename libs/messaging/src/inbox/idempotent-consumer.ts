import { DataSource, EntityManager } from 'typeorm';
import { backoffDelay, DomainError, runWithTrace, sleep, traceFrom } from '@yiyang/kernel';
import { isDuplicateKeyError, isTransientDbError, readCommitted } from '@yiyang/database';
import { parseEvent, PlatformEvent, PoisonMessageError } from '../cloud-event';
import { DeadLetterPublisher, IncomingMessage } from '../dead-letter';
import { ConsumerBatch, LeaveBatch, currentBatch } from './consumer-batch';

import { EventHandlers } from '../typed-events';

/** How the consumer calls a handler: the payload was validated against its type's schema by `parseEvent`. */
type AnyHandler = (event: PlatformEvent, em: EntityManager) => Promise<void>;

export type Outcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

export interface ConsumerOptions {
  /** the consumer's name in the inbox (its group) */
  consumer: string;
  /** handlers by event type; types without a handler are ignored (they concern someone else) */
  handlers: EventHandlers;
  /** tries for a failure that is not known to be transient before the message is dead-lettered */
  maxAttempts?: number;
  /** tries for a transient failure (database down, deadlock) before giving the message back to Kafka for redelivery */
  maxTransientAttempts?: number;
  backoff?: { baseMs: number; maxMs: number };
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;
  onOutcome?: (outcome: Outcome, type: string) => void;
  /** an event was applied and its transaction committed: how long that took, and the transaction's entity manager */
  onApplied?: (type: string, seconds: number, em: EntityManager) => void;
}

/**
 * Applies each event exactly once: the event id is recorded in the inbox in the same transaction as the
 * handler's effects, so a redelivered event finds its id and is skipped. Poison messages (unparsable,
 * unknown type or version, failing validation, a handler's business refusal) go to the DLQ and the
 * consumer moves on; transient failures are retried with backoff and, if they persist, thrown so
 * Kafka redelivers (nothing is lost, nothing skipped).
 */
export class IdempotentConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: ConsumerOptions,
  ) {}

  /** Applies one message: in its own transaction, or, inside `inConsumerBatch`, in the batch's. */
  async process(message: IncomingMessage, heartbeat?: () => Promise<void>): Promise<Outcome> {
    const batch = currentBatch();
    let event: PlatformEvent;
    try {
      event = parseEvent(message.value);
    } catch (err) {
      if (batch) throw new LeaveBatch(`unparsable message at ${message.topic}/${message.partition}/${message.offset}`); // dead-lettered once, one by one
      return this.deadLetter(message, (err as Error).message, 'unknown');
    }
    const handler = (this.options.handlers as Record<string, AnyHandler | undefined>)[event.type];
    if (!handler) {
      if (batch) batch.afterCommit.push(() => this.report('ignored', event.type));
      else this.report('ignored', event.type);
      return 'ignored';
    }
    return runWithTrace(traceFrom(event.traceparent), () =>
      batch ? this.applyInBatch(batch, event, handler) : this.apply(message, event, handler, heartbeat),
    );
  }

  /** The event's inbox key and effects in the batch's transaction; any failure leaves the batch (retries and dead letters happen one by one). */
  private async applyInBatch(batch: ConsumerBatch, event: PlatformEvent, handler: AnyHandler): Promise<Outcome> {
    const started = performance.now();
    let applied: boolean;
    try {
      applied = await this.recordReceipt(batch.em, event);
      if (applied) await handler(event, batch.em);
    } catch (err) {
      throw new LeaveBatch(`${event.type} ${event.id}: ${(err as Error).message}`);
    }
    const seconds = (performance.now() - started) / 1000;
    batch.afterCommit.push(() => {
      if (applied) this.options.onApplied?.(event.type, seconds, batch.em);
      this.report(applied ? 'applied' : 'duplicate', event.type);
    });
    return applied ? 'applied' : 'duplicate';
  }

  /** Inserts the event's inbox key; false when it is already there (the event was applied before). */
  private async recordReceipt(em: EntityManager, event: PlatformEvent): Promise<boolean> {
    try {
      await em.query('INSERT INTO inbox (consumer, source, event_id, event_type) VALUES (?, ?, ?, ?)', [
        this.options.consumer,
        event.source,
        event.id,
        event.type,
      ]);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  private async apply(
    message: IncomingMessage,
    event: PlatformEvent,
    handler: AnyHandler,
    heartbeat?: () => Promise<void>,
  ): Promise<Outcome> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const maxTransient = this.options.maxTransientAttempts ?? 8;
    const backoff = this.options.backoff ?? { baseMs: 100, maxMs: 5000 };
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        let manager: EntityManager | undefined;
        const applied = await readCommitted(this.dataSource, async (em) => {
          manager = em;
          if (!(await this.recordReceipt(em, event))) return false;
          await handler(event, em);
          return true;
        });
        if (applied) this.options.onApplied?.(event.type, (performance.now() - started) / 1000, manager!);
        return this.report(applied ? 'applied' : 'duplicate', event.type);
      } catch (err) {
        if (err instanceof PoisonMessageError || err instanceof DomainError) {
          return this.deadLetter(message, `rejected by handler: ${err.message}`, event.type);
        }
        // a database restarting, or any error that says it is transient (e.g. an identity provider not answering)
        const transient = isTransientDbError(err) || (err as { transient?: unknown } | null)?.transient === true;
        if (transient ? attempt >= maxTransient : attempt >= maxAttempts) {
          if (transient) {
            this.options.log?.('error', 'event handling keeps failing transiently; handing it back to Kafka for redelivery', {
              eventId: event.id,
              type: event.type,
              error: (err as Error).message,
            });
            throw err;
          }
          return this.deadLetter(message, `handler failed ${attempt} times: ${(err as Error).message}`, event.type);
        }
        this.options.log?.('warn', 'event handling failed; retrying', {
          eventId: event.id,
          type: event.type,
          attempt,
          error: (err as Error).message,
        });
        await sleep(backoffDelay(attempt, backoff));
        await heartbeat?.().catch(() => undefined);
      }
    }
  }

  private async deadLetter(message: IncomingMessage, reason: string, type: string): Promise<Outcome> {
    this.options.log?.('warn', 'message dead-lettered', {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      reason,
    });
    await this.deadLetters.send(message, reason);
    return this.report('dead-lettered', type);
  }

  private report(outcome: Outcome, type: string): Outcome {
    this.options.onOutcome?.(outcome, type);
    return outcome;
  }
}
