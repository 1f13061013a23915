import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@yiyang/database';
import { EventDraft, OutboxWriter } from '@yiyang/messaging';
import { currentIdempotencyScope } from '@yiyang/http';

export interface Transaction {
  em: EntityManager;
  /** records events in the outbox, committed with the state change */
  publish(topic: string, drafts: EventDraft[]): Promise<void>;
}

/** A state change and the events describing it, in one transaction; the relay is nudged after commit. */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let manager: EntityManager | undefined;
    const result = await inTransaction(this.dataSource, async (em) => {
      manager = em;
      let resource: string | null = null;
      const value = await work({
        em,
        publish: async (topic, drafts) => {
          resource ??= drafts[0] ? `/v1/${drafts[0].aggregateType}s/${drafts[0].aggregateId}` : null;
          await this.outbox.append(em, topic, drafts);
        },
      });
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
}
