import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@yiyang/database';
import { EventDraft, OutboxWriter, PlatformEvent } from '@yiyang/messaging';
import { currentIdempotencyScope } from '@yiyang/http';

export interface Transaction {
  em: EntityManager;
  /** records events in the outbox, committed with the state change; answers the events as they will be published */
  publish(topic: string, drafts: EventDraft[]): Promise<PlatformEvent[]>;
  /**
   * The resource the change created or changed (its API path). Inside a request with an Idempotency-Key,
   * the key's record learns it in this same transaction, so a retry after a lost response finds it.
   */
  resource(path: string): void;
}

/**
 * A state change and the events describing it, in one transaction; the relay is nudged after commit.
 * Services write through `AggregateStore` (which runs here); `run()` directly is for writes that are
 * not an aggregate's (read models, an inbox's read marks).
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Runs `work` in a new transaction, or, given `within` (a consumer's transaction), in that one: the
   * consumer then commits it with the inbox record and tells the relay.
   */
  async run<T>(work: (tx: Transaction) => Promise<T>, within?: EntityManager): Promise<T> {
    if (within) return work(this.transaction(within, () => undefined));
    let manager: EntityManager | undefined;
    const result = await inTransaction(this.dataSource, async (em) => {
      manager = em;
      let resource: string | null = null;
      const value = await work(this.transaction(em, (path) => (resource ??= path)));
      // a request with an Idempotency-Key: the record learns, in this same transaction, that the change was applied
      const scope = currentIdempotencyScope();
      if (scope && resource) {
        await em.query('UPDATE idempotency_keys SET committed_resource = ? WHERE principal = ? AND idem_key = ? AND status_code IS NULL', [
          resource,
          scope.principal,
          scope.key,
        ]);
      }
      return value;
    });
    if (manager) this.outbox.committed(manager);
    return result;
  }

  private transaction(em: EntityManager, resource: (path: string) => void): Transaction {
    return { em, publish: (topic, drafts) => this.outbox.append(em, topic, drafts), resource };
  }
}
