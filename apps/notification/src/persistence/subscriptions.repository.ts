import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldCipher, NotFoundError, ValidationError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { PlatformEvent } from '@yiyang/messaging';
import { eventDivisions, matchesTypeFilter } from '../domain/webhook';
import { ErrorCodes } from '../domain/error-codes';
import { UnitOfWork } from '@yiyang/platform';
import { TransactionCache } from './transaction-cache';

export const FIELD_CIPHER = Symbol('FIELD_CIPHER');

/** Who owns a subscription: an institution, or a regulator's jurisdiction. */
export type SubscriptionOwner = { kind: 'institution'; id: string } | { kind: 'regulator'; jurisdiction: string };

export interface Subscription {
  id: string;
  ownerKind: 'institution' | 'regulator';
  owner: string;
  url: string;
  eventTypes: string[];
  divisionPrefix: string | null;
  status: 'ACTIVE' | 'PAUSED';
  createdAt: Date;
  updatedAt: Date;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toSubscription(r: Record<string, unknown>): Subscription {
  return {
    id: r.id as string,
    ownerKind: r.owner_kind as Subscription['ownerKind'],
    owner: r.owner as string,
    url: r.url as string,
    eventTypes: json<string[]>(r.event_types),
    divisionPrefix: (r.division_prefix as string | null) ?? null,
    status: r.status as Subscription['status'],
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

const notDead = (status: string) =>
  new DomainError(ErrorCodes.DELIVERY_NOT_DEAD, 'conflict', `only a dead delivery can be replayed; this one is ${status.toLowerCase()}`);

const ownerKey = (o: SubscriptionOwner) => (o.kind === 'institution' ? o.id : o.jurisdiction);

/**
 * Webhook subscriptions (secrets sealed at rest) and their deliveries. Its own writes go through the unit
 * of work; `enqueue` writes in the consumer's transaction it is given.
 */
@Injectable()
export class SubscriptionsRepository {
  private readonly matching = new TransactionCache<string, Subscription[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
  ) {}

  async create(
    input: {
      id: string;
      owner: SubscriptionOwner;
      createdBy: string;
      url: string;
      secret: string;
      eventTypes: string[];
      divisionPrefix: string | null;
    },
    at: Date,
  ): Promise<Subscription> {
    const sealed = this.cipher.seal(input.secret, input.id);
    await this.uow.run((tx) =>
      tx.em.query(
        `INSERT INTO subscriptions (id, owner_kind, owner, created_by, url, key_id, secret_sealed, event_types, division_prefix, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)`,
        [
          input.id,
          input.owner.kind,
          ownerKey(input.owner),
          input.createdBy,
          input.url,
          sealed.keyId,
          sealed.sealed,
          JSON.stringify(input.eventTypes),
          input.divisionPrefix,
          at,
          at,
        ],
      ),
    );
    return this.get(input.owner, input.id);
  }

  /** A subscription of this owner, or 404 (another's is a 404 too). */
  async get(owner: SubscriptionOwner, id: string): Promise<Subscription> {
    const [r] = await this.dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM subscriptions WHERE id = ? AND owner_kind = ? AND owner = ?',
      [id, owner.kind, ownerKey(owner)],
    );
    if (!r) throw new NotFoundError('subscription', ErrorCodes.SUBSCRIPTION_NOT_FOUND);
    return toSubscription(r);
  }

  /** The owner's subscriptions, oldest first, keyset-paginated on (created_at, id) (ADR 0004). */
  async list(owner: SubscriptionOwner, limit: number, cursor?: string): Promise<{ items: Subscription[]; nextCursor: string | null }> {
    const params: unknown[] = [owner.kind, ownerKey(owner)];
    let where = 'owner_kind = ? AND owner = ?';
    if (cursor) {
      const c = decodeCursor<{ at: string; id: string }>(cursor, ['at', 'id']);
      const at = new Date(String(c.at));
      if (Number.isNaN(at.getTime())) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
      where += ' AND (created_at > ? OR (created_at = ? AND id > ?))';
      params.push(at, at, String(c.id));
    }
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM subscriptions WHERE ${where} ORDER BY created_at, id LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit).map(toSubscription);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rows.length > limit ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
  }

  /**
   * Puts dead deliveries of the owner's subscription back in the queue (one, or with `deliveryId` absent
   * every dead one): the worker sends each again as it was (same event id, same payload, signed anew), with
   * a fresh budget of attempts. Returns how many were re-queued. Delivery timing is operational time (the
   * system clock), as the worker's.
   */
  async replay(owner: SubscriptionOwner, id: string, deliveryId?: string): Promise<number> {
    await this.get(owner, id);
    if (deliveryId !== undefined) {
      const [d] = await this.dataSource.query<{ status: string }[]>('SELECT status FROM deliveries WHERE id = ? AND subscription_id = ?', [
        deliveryId,
        id,
      ]);
      if (!d) throw new NotFoundError('delivery', ErrorCodes.DELIVERY_NOT_FOUND);
      if (d.status !== 'DEAD') throw notDead(d.status);
    }
    const result = await this.uow.run(({ em }) =>
      em.query<{ affectedRows?: number }>(
        `UPDATE deliveries SET status = 'PENDING', next_attempt_at = ?, lease_until = NULL, finished_at = NULL, attempts_before_replay = attempts
         WHERE subscription_id = ? AND status = 'DEAD'${deliveryId !== undefined ? ' AND id = ?' : ''}`,
        [new Date(), id, ...(deliveryId !== undefined ? [deliveryId] : [])],
      ),
    );
    const replayed = Number(result.affectedRows ?? 0);
    // another request replayed it between the look and the update
    if (deliveryId !== undefined && replayed === 0) throw notDead('PENDING');
    return replayed;
  }

  /** One delivery of the owner's subscription as its log shows it. */
  async delivery(owner: SubscriptionOwner, id: string, deliveryId: string) {
    const [d] = (await this.deliveries(owner, id, 1, undefined, deliveryId)).items;
    if (!d) throw new NotFoundError('delivery', ErrorCodes.DELIVERY_NOT_FOUND);
    return d;
  }

  async setStatus(owner: SubscriptionOwner, id: string, status: 'ACTIVE' | 'PAUSED', at: Date): Promise<Subscription> {
    await this.get(owner, id);
    await this.uow.run((tx) => tx.em.query('UPDATE subscriptions SET status = ?, updated_at = ? WHERE id = ?', [status, at, id]));
    return this.get(owner, id);
  }

  /** Deletes it; its pending deliveries are cancelled (their log stays until deleted with it). */
  async delete(owner: SubscriptionOwner, id: string): Promise<void> {
    await this.get(owner, id);
    await this.uow.run(async ({ em }) => {
      await em.query('DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE subscription_id = ?)', [id]);
      await em.query('DELETE FROM deliveries WHERE subscription_id = ?', [id]);
      await em.query('DELETE FROM subscriptions WHERE id = ?', [id]);
    });
  }

  secretOf(id: string, keyId: string, sealed: string): string {
    return this.cipher.open(keyId, sealed, id);
  }

  /**
   * Queues the event for every subscription it concerns: institution subscriptions of the
   * institutions it is about, regulator subscriptions whose jurisdiction (and division filter) holds
   * its division; filtered by event type. Paused subscriptions queue too and are sent on resume.
   */
  async enqueue(em: EntityManager, event: PlatformEvent, institutionIds: string[], at: Date): Promise<number> {
    const ids = [...new Set(institutionIds)].sort();
    // both parties' divisions: a regulator of either party's division gets it once (rule 5)
    const divisions = eventDivisions(event).sort();
    // the same owners' subscriptions are read once per transaction (a consumer batch shares one)
    const cache = this.matching.of(em);
    const cacheKey = `${divisions.join(',')}|${ids.join(',')}`;
    let subscriptions = cache.get(cacheKey);
    if (!subscriptions) {
      const rows: Record<string, unknown>[] = await em.query(
        `SELECT * FROM subscriptions WHERE (owner_kind = 'regulator' AND (${divisions.map(() => `? LIKE CONCAT(owner, '%')`).join(' OR ')}))${ids.length ? ` OR (owner_kind = 'institution' AND owner IN (${ids.map(() => '?').join(',')}))` : ''}`,
        [...divisions, ...ids],
      );
      subscriptions = rows.map(toSubscription);
      cache.set(cacheKey, subscriptions);
    }
    let queued = 0;
    const payload = JSON.stringify(event);
    for (const s of subscriptions) {
      if (!matchesTypeFilter(event.type, s.eventTypes)) continue;
      if (s.ownerKind === 'regulator' && !divisions.some((d) => d.startsWith(s.divisionPrefix ?? s.owner))) continue;
      const result = await em.query<{ affectedRows?: number }>(
        `INSERT IGNORE INTO deliveries (subscription_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)`,
        [s.id, event.id, event.type, payload, at, at],
      );
      queued += Number(result.affectedRows ?? 0);
    }
    return queued;
  }

  /** A subscription's delivery log, newest first, each with its attempts. */
  async deliveries(owner: SubscriptionOwner, id: string, limit: number, cursor?: string, only?: string) {
    await this.get(owner, id);
    const params: unknown[] = [id];
    let where = 'subscription_id = ?';
    if (only !== undefined) {
      where += ' AND id = ?';
      params.push(only);
    }
    if (cursor) {
      where += ' AND id < ?';
      params.push(String(decodeCursor<{ id: string }>(cursor, ['id']).id));
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, event_id, event_type, status, attempts, next_attempt_at, last_status, last_error, created_at, finished_at FROM deliveries WHERE ${where} ORDER BY id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit);
    const attempts: Record<string, unknown>[] = page.length
      ? await this.dataSource.query(
          `SELECT * FROM delivery_attempts WHERE delivery_id IN (${page.map(() => '?').join(',')}) ORDER BY id`,
          page.map((r) => r.id),
        )
      : [];
    return {
      items: page.map((r) => ({
        id: String(r.id),
        eventId: r.event_id,
        eventType: r.event_type,
        status: r.status,
        attempts: attempts
          .filter((a) => String(a.delivery_id) === String(r.id))
          .map((a) => ({
            attempt: Number(a.attempt),
            at: (a.at as Date).toISOString(),
            statusCode: a.status_code ?? null,
            error: a.error ?? null,
            durationMs: Number(a.duration_ms),
          })),
        nextAttemptAt: r.status === 'PENDING' ? (r.next_attempt_at as Date).toISOString() : null,
        createdAt: (r.created_at as Date).toISOString(),
        finishedAt: r.finished_at ? (r.finished_at as Date).toISOString() : null,
      })),
      nextCursor: rows.length > limit ? encodeCursor({ id: String(page[page.length - 1].id) }) : null,
    };
  }
}
