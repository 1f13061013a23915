import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lookup } from 'node:dns/promises';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '@yiyang/platform';
import { isPrivateAddress, retryDelayMs, signatureHeader, webhookUrlProblem } from '../domain/webhook';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';
import { readCommitted } from '@yiyang/database';

interface Claimed {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  /** attempts made before the owner last replayed it: a replay starts a fresh budget */
  attempts_before_replay: number;
  url: string;
  key_id: string;
  secret_sealed: string;
}

/**
 * Sends queued deliveries. Each tick claims due ones (a lease, under SKIP LOCKED, so replicas share the
 * work) and starts them without waiting: a slow or dead endpoint holds at most its own
 * WEBHOOK_PER_SUBSCRIPTION slots for WEBHOOK_TIMEOUT_MS each, never the others or the consumers.
 * Failures retry with exponential backoff; after the last attempt the delivery is DEAD (dead-lettered)
 * until its subscription's owner replays it (a fresh budget of attempts, numbered on from the last).
 * Delivery timing is operational time (the system clock), not the domain clock tests move.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perSubscription = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_POLL_MS === 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.WEBHOOK_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Claims and starts what is due; returns how many were started. */
  async tick(): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    try {
      const room = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
      if (room <= 0) return 0;
      const claimed = await this.claim(room);
      for (const d of claimed) {
        this.perSubscription.set(d.subscription_id, (this.perSubscription.get(d.subscription_id) ?? 0) + 1);
        const run = this.deliver(d).finally(() => {
          this.inFlight.delete(d.id);
          this.perSubscription.set(d.subscription_id, (this.perSubscription.get(d.subscription_id) ?? 1) - 1);
        });
        this.inFlight.set(d.id, run);
      }
      return claimed.length;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'webhook delivery tick failed; retrying at the next tick');
      return 0;
    } finally {
      this.ticking = false;
    }
  }

  private async claim(room: number): Promise<Claimed[]> {
    const now = new Date();
    const lease = new Date(now.getTime() + this.config.WEBHOOK_TIMEOUT_MS + 10_000);
    return readCommitted(this.dataSource, async (em) => {
      const rows: Claimed[] = await em.query(
        `SELECT d.id, d.subscription_id, d.event_id, d.event_type, d.payload, d.attempts, d.attempts_before_replay, s.url, s.key_id, s.secret_sealed
         FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?) AND s.status = 'ACTIVE'
         ORDER BY d.next_attempt_at, d.id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [now, now, room * 4],
      );
      const taken: Claimed[] = [];
      const counts = new Map(this.perSubscription);
      for (const r of rows) {
        if (taken.length >= room) break;
        const n = counts.get(r.subscription_id) ?? 0;
        if (n >= this.config.WEBHOOK_PER_SUBSCRIPTION) continue;
        counts.set(r.subscription_id, n + 1);
        taken.push(r);
      }
      if (taken.length)
        await em.query(`UPDATE deliveries SET lease_until = ? WHERE id IN (${taken.map(() => '?').join(',')})`, [
          lease,
          ...taken.map((t) => t.id),
        ]);
      return taken;
    });
  }

  private async deliver(d: Claimed): Promise<void> {
    const attempt = Number(d.attempts) + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      await this.checkTarget(d.url);
      const secret = this.subscriptions.secretOf(d.subscription_id, d.key_id, d.secret_sealed);
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json; charset=utf-8',
          'x-yiyang-signature': signatureHeader(secret, d.payload, Math.floor(Date.now() / 1000)),
          'x-yiyang-event-id': d.event_id,
          'x-yiyang-event-type': d.event_type,
          'x-yiyang-delivery-id': String(d.id),
          'x-yiyang-attempt': String(attempt),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error;
      error = e.name === 'TimeoutError' ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` : e.message.slice(0, 400);
    }
    await this.record(d, attempt, statusCode, error, Date.now() - started).catch((err) =>
      // the lease runs out and another tick retries this attempt: at least once, never lost
      this.logger.warn({ deliveryId: d.id, err: (err as Error).message }, 'could not record a delivery attempt'),
    );
  }

  /** Refuses, at delivery time too, a host that resolves to a private address (DNS can change after registration). */
  private async checkTarget(url: string): Promise<void> {
    if (this.config.WEBHOOK_ALLOW_PRIVATE) return;
    const problem = webhookUrlProblem(url, false);
    if (problem) throw new Error(`refused: the URL ${problem}`);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    const addresses = await lookup(host, { all: true });
    if (addresses.some((a) => isPrivateAddress(a.address))) throw new Error('refused: the host resolves to a private address');
  }

  private async record(d: Claimed, attempt: number, statusCode: number | null, error: string | null, durationMs: number): Promise<void> {
    const now = new Date();
    const done = error === null;
    const dead = !done && attempt - Number(d.attempts_before_replay) >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const next = new Date(
      now.getTime() +
        retryDelayMs(attempt - Number(d.attempts_before_replay), this.config.WEBHOOK_RETRY_BASE_MS, this.config.WEBHOOK_RETRY_MAX_MS),
    );
    await readCommitted(this.dataSource, async (em) => {
      await em.query(
        'INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
        [d.id, attempt, now, statusCode, error, durationMs],
      );
      await em.query(
        `UPDATE deliveries SET attempts = ?, status = ?, last_status = ?, last_error = ?, next_attempt_at = ?, lease_until = NULL, finished_at = ? WHERE id = ?`,
        [
          attempt,
          done ? 'DELIVERED' : dead ? 'DEAD' : 'PENDING',
          statusCode,
          error,
          done || dead ? now : next,
          done || dead ? now : null,
          d.id,
        ],
      );
    });
    if (dead)
      this.logger.warn(
        { deliveryId: d.id, subscriptionId: d.subscription_id, attempts: attempt },
        'webhook delivery dead-lettered after its last attempt',
      );
  }
}
