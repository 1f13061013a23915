import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Aggregate, AggregateState, DomainError, StaleVersionError } from '@yiyang/kernel';
import { insertRows, isDuplicateKeyError } from '@yiyang/database';

/** How one aggregate is kept in tables: its row, its child rows (history lines, revisions…), and how rows become it again. */
export interface AggregateMapping<A extends Aggregate<S, unknown>, S extends AggregateState, R extends ObjectLiteral> {
  /** the aggregate's table (its entity); its columns `id` and `version` are the key and the version check */
  entity: EntityTarget<R>;
  /** the row for a state: every column, `id` and `version` included */
  toRow(state: Readonly<S>): Partial<R>;
  /** rows read back into aggregates, with whatever child rows they need (e.g. their history) */
  restore(em: EntityManager, rows: R[]): Promise<A[]>;
  /** child rows written with the aggregate, given the state as it was loaded (null for a new one): append what is new */
  writeChildren?(em: EntityManager, state: Readonly<S>, before: Readonly<S> | null): Promise<void>;
  /** the refusal for an id that is not there (404 with the aggregate's own code) */
  notFound(): DomainError;
  /** what a unique key refusing a new aggregate means (e.g. 409 DUPLICATE_USCC); without it the error propagates */
  duplicate?(state: Readonly<S>): DomainError;
  /** how a new row is inserted, when the one-statement insert cannot (e.g. a spatial column TypeORM converts) */
  insertRow?(em: EntityManager, row: Partial<R>): Promise<void>;
}

/**
 * The one repository core of every versioned aggregate: insert, load under a row lock (one, or the due
 * ones with SKIP LOCKED), and save with a version check, child rows alongside. Which version each
 * aggregate was loaded at is remembered here, so callers pass aggregates, not bookkeeping.
 */
export class AggregateRepository<A extends Aggregate<S, unknown>, S extends AggregateState, R extends ObjectLiteral> {
  private readonly loadedAt = new WeakMap<A, Readonly<S>>();

  constructor(protected readonly mapping: AggregateMapping<A, S, R>) {}

  notFoundError(): DomainError {
    return this.mapping.notFound();
  }

  async insert(em: EntityManager, aggregate: A): Promise<void> {
    const row = this.mapping.toRow(aggregate.snapshot);
    try {
      if (this.mapping.insertRow) await this.mapping.insertRow(em, row);
      else await insertRows(em, this.mapping.entity, [row]);
    } catch (err) {
      if (this.mapping.duplicate && isDuplicateKeyError(err)) throw this.mapping.duplicate(aggregate.snapshot);
      throw err;
    }
    await this.mapping.writeChildren?.(em, aggregate.snapshot, null);
    this.loadedAt.set(aggregate, aggregate.snapshot);
  }

  /** One aggregate, locked for the rest of the transaction; its `notFound()` when absent. */
  async getForUpdate(em: EntityManager, id: string): Promise<A> {
    const [aggregate] = await this.lock(em, (qb) => qb.where(`${qb.alias}.id = :id`, { id }));
    if (!aggregate) throw this.mapping.notFound();
    return aggregate;
  }

  /** The aggregates `where` selects, locked (FOR UPDATE); with `skipLocked`, rows another replica holds are left to it. */
  async lock(
    em: EntityManager,
    where: (qb: SelectQueryBuilder<R>) => SelectQueryBuilder<R>,
    options: { limit?: number; skipLocked?: boolean } = {},
  ): Promise<A[]> {
    const qb = em.getRepository(this.mapping.entity).createQueryBuilder('a').setLock('pessimistic_write');
    if (options.skipLocked) qb.setOnLocked('skip_locked');
    where(qb);
    if (options.limit) qb.limit(options.limit);
    const aggregates = await this.mapping.restore(em, await qb.getMany());
    for (const a of aggregates) this.loadedAt.set(a, a.snapshot);
    return aggregates;
  }

  /** Writes what changed since the aggregate was loaded, if its row is still at that version (409 otherwise). */
  async save(em: EntityManager, aggregate: A): Promise<void> {
    const before = this.loadedAt.get(aggregate);
    if (!before) throw new Error(`save() of an aggregate this repository did not load (${aggregate.id})`);
    if (before.version === aggregate.version) return;
    const { id: _id, ...columns } = this.mapping.toRow(aggregate.snapshot) as Partial<R> & { id: unknown };
    const where = { id: aggregate.id, version: before.version } as unknown as FindOptionsWhere<R>;
    const result = await em.update(this.mapping.entity, where, columns as Parameters<EntityManager['update']>[2]);
    if (!result.affected) throw new StaleVersionError(before.version, aggregate.version);
    await this.mapping.writeChildren?.(em, aggregate.snapshot, before);
    this.loadedAt.set(aggregate, aggregate.snapshot);
  }
}
