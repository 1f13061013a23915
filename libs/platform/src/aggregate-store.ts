import { EntityManager, ObjectLiteral } from 'typeorm';
import { EventType, TopicName, TypedEvent } from '@yiyang/contracts';
import { Aggregate, AggregateState, ChangeWithFields, Clock, chinaDate } from '@yiyang/kernel';
import { TypedDraft } from '@yiyang/messaging';
import { AggregateRepository } from './aggregate-repository';
import { AuditDraft, AuditParty, AuditWriter, AuditedActor, eventActorOf, reasonOf } from './audit/audit-writer';
import { Transaction, UnitOfWork } from './unit-of-work';

/** What a write sees: its transaction, and the one instant (and China-time day) the whole change happens at. */
export interface WriteContext {
  tx: Transaction;
  at: Date;
  today: string;
}

/** The audited change of a new aggregate whose domain recorded none. */
const CREATED = { kind: 'created' } as const;
type Created = typeof CREATED;

/** How one aggregate is written and published: configured once per aggregate, used by every use case. */
export interface AggregateDefinition<A extends Aggregate<S, C>, S extends AggregateState, C, E extends EventType> {
  /** the aggregate's name in the outbox (e.g. `referral`) */
  name: string;
  topic: TopicName;
  /** its API path, which an Idempotency-Key's record points to (e.g. `/v1/referrals/<id>`) */
  resourcePath(id: string): string;
  /**
   * The event one recorded change becomes; `state` is the aggregate's after all of this write's changes.
   * Null: the change counts as a version but publishes nothing (e.g. an edit of a draft no one else has seen).
   */
  event(change: C, state: Readonly<S>, version: number): TypedEvent<E> | null;
  /** the GB/T 2260 division the aggregate's events are keyed and filtered by */
  division(state: Readonly<S>): string;
  /**
   * Whether an institution's staff may see it; one that is not answers 404 before anything else (no
   * existence leaks). Null institution: a platform role that sees everything.
   */
  involves(aggregate: A, institutionId: string): boolean;
  /**
   * The one or two institutions the aggregate concerns, with their divisions (the audit trail's
   * parties: their staff, and the regulators over either division, read its entries).
   */
  parties(state: Readonly<S>): AuditParty[];
  /** Why a change was made, as its audit entry keeps it (default: the change's `reason` when it is text). */
  reason?(change: C, state: Readonly<S>): string | null;
}

export interface ChangeOptions {
  /** If-Match: the version the caller read */
  expectedVersion?: number;
  /**
   * The caller's institution: the aggregate must involve it, or the answer is 404 (null: a caller of no
   * institution, who sees none). Absent: no check (a platform role, the system).
   */
  visibleTo?: string | null;
}

/**
 * The one write path of every aggregate: load under a row lock, check visibility and version, apply,
 * save, and publish each recorded change as an event with the aggregate's version as its sequence and
 * keep it in the audit trail (who, when, which fields, why), all in one transaction. HTTP handlers,
 * consumers and scheduled jobs all write through it; the actor is audited with its institution and
 * name, events carry only its role and user id.
 */
export class AggregateStore<A extends Aggregate<S, C>, S extends AggregateState, C, E extends EventType, R extends ObjectLiteral> {
  constructor(
    protected readonly uow: UnitOfWork,
    protected readonly clock: Clock,
    readonly repository: AggregateRepository<A, S, R>,
    private readonly definition: AggregateDefinition<A, S, C, E>,
  ) {}

  private readonly audit = new AuditWriter();

  /** A new aggregate (built from the context, e.g. with look-ups in its transaction), inserted and published. */
  async create(actor: AuditedActor, build: (ctx: WriteContext) => Promise<A> | A): Promise<Readonly<S>> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      const aggregate = await build(ctx);
      await this.add(ctx, aggregate, actor);
      tx.resource(this.definition.resourcePath(aggregate.id));
      return aggregate.snapshot;
    });
  }

  /**
   * Changes one aggregate. `apply` may return aggregates it brought into being (a completed referral's
   * return referral, a renewal's successor): they are inserted and published in the same transaction.
   */
  async change(
    id: string,
    options: ChangeOptions,
    actor: AuditedActor,
    apply: (aggregate: A, ctx: WriteContext) => Promise<A[] | void> | A[] | void,
  ): Promise<Readonly<S>> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      const aggregate = await this.repository.getForUpdate(tx.em, id);
      if (options.visibleTo !== undefined && (options.visibleTo === null || !this.definition.involves(aggregate, options.visibleTo))) {
        throw this.notFound();
      }
      if (options.expectedVersion !== undefined) aggregate.checkVersion(options.expectedVersion);
      const created = (await apply(aggregate, ctx)) ?? [];
      for (const other of created) await this.add(ctx, other, actor);
      await this.save(ctx, aggregate, actor);
      tx.resource(this.definition.resourcePath(aggregate.id));
      return aggregate.snapshot;
    });
  }

  /**
   * A scheduled job's loop: claims due aggregates in batches (SKIP LOCKED, so replicas share the work),
   * applies the change to each and publishes it, a transaction per batch, until a batch comes back short.
   */
  async changeDue(
    claim: (em: EntityManager, now: Date, limit: number) => Promise<A[]>,
    apply: (aggregate: A, ctx: WriteContext) => void,
    actor: AuditedActor,
    batchSize = 100,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.uow.run(async (tx) => {
        const ctx = this.context(tx);
        const due = await claim(tx.em, ctx.at, batchSize);
        for (const aggregate of due) {
          apply(aggregate, ctx);
          await this.save(ctx, aggregate, actor);
        }
        return due.length;
      });
      total += count;
      if (count < batchSize) return total;
    }
  }

  /**
   * Changes aggregates inside a consumer's transaction (its inbox record commits with them, so a
   * redelivered event changes nothing twice). Returns how many recorded a change.
   */
  async changeWithin(
    em: EntityManager,
    load: (em: EntityManager) => Promise<A[]>,
    apply: (aggregate: A, ctx: WriteContext) => void,
    actor: AuditedActor,
  ): Promise<number> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      let changed = 0;
      for (const aggregate of await load(tx.em)) {
        apply(aggregate, ctx);
        if (aggregate.changed) changed++;
        await this.save(ctx, aggregate, actor);
      }
      return changed;
    }, em);
  }

  private async add(ctx: WriteContext, aggregate: A, actor: AuditedActor): Promise<void> {
    await this.repository.insert(ctx.tx.em, aggregate);
    await this.record(ctx, aggregate, actor, true);
  }

  private async save(ctx: WriteContext, aggregate: A, actor: AuditedActor): Promise<void> {
    await this.repository.save(ctx.tx.em, aggregate);
    await this.record(ctx, aggregate, actor);
  }

  /**
   * The aggregate's recorded changes, each into the audit trail and (unless its event is null) the
   * outbox. A new aggregate that recorded no change (a DRAFT no one else has seen) is audited as `created`.
   */
  private async record(ctx: WriteContext, aggregate: A, actor: AuditedActor, inserted = false): Promise<void> {
    const changes = aggregate.pullChangesWithFields();
    const audited = changes.length > 0 || !inserted ? changes : [{ change: CREATED, version: aggregate.version, fields: ['*'] }];
    if (audited.length === 0) return;
    await this.audit.append(ctx.tx.em, this.auditDrafts(audited, aggregate.snapshot, actor, ctx.at));
    await ctx.tx.publish(this.definition.topic, this.drafts(changes, aggregate.snapshot, actor, ctx.at));
  }

  /** One audit entry per recorded change, whether or not it publishes an event. */
  private auditDrafts(changes: ChangeWithFields<C | Created>[], state: Readonly<S>, actor: AuditedActor, at: Date): AuditDraft[] {
    const parties = this.definition.parties(state).filter((p, i, all) => all.findIndex((q) => q.institutionId === p.institutionId) === i);
    return changes.map(({ change, version, fields }) => ({
      at,
      aggregateType: this.definition.name,
      aggregateId: state.id,
      version,
      action: kindOf(change),
      fields,
      reason: change === CREATED ? null : this.definition.reason ? this.definition.reason(change as C, state) : reasonOf(change),
      actor,
      parties,
    }));
  }

  /** The aggregate's recorded changes as outbox drafts, keyed by its id; version v is sequence v. */
  private drafts(changes: ChangeWithFields<C>[], state: Readonly<S>, actor: AuditedActor, at: Date): TypedDraft<E>[] {
    const drafts: TypedDraft<E>[] = [];
    for (const { change, version } of changes) {
      const event = this.definition.event(change, state, version);
      if (!event) continue;
      drafts.push({
        ...event,
        aggregateType: this.definition.name,
        aggregateId: state.id,
        sequence: version,
        division: this.definition.division(state),
        subject: state.id,
        // never the actor's name or institution: events say "role:userId" only
        actor: eventActorOf(actor),
        time: at,
      });
    }
    return drafts;
  }

  protected notFound() {
    return this.repository.notFoundError();
  }

  protected context(tx: Transaction): WriteContext {
    const at = this.clock.now();
    return { tx, at, today: chinaDate(at) };
  }
}

/** A change's `kind` (every aggregate's changes are a union tagged by `kind`), else `changed`. */
function kindOf(change: unknown): string {
  if (typeof change === 'object' && change !== null && 'kind' in change && typeof change.kind === 'string')
    return (change as { kind: string }).kind;
  return 'changed';
}
