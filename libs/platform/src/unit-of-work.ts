import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@yiyang/database';
import { EventDraft, OutboxWriter } from '@yiyang/messaging';

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
    const result = await inTransaction(this.dataSource, (em) =>
      work({
        em,
        publish: async (topic, drafts) => {
          await this.outbox.append(em, topic, drafts);
        },
      }),
    );
    this.outbox.committed();
    return result;
  }
}
