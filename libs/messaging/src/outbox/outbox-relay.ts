import { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay } from '@yiyang/kernel';
import { KafkaGateway } from '../kafka-gateway';
import { OutboxRow } from './outbox.entity';

export interface RelayOptions {
  /** MySQL named lock that makes one relay per service the publisher (others stand by) */
  lockName: string;
  pollMs: number;
  batchSize: number;
  /** how long published rows are kept before deletion */
  retentionHours: number;
  log: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;
  onPublished?: (count: number) => void;
}

export interface RelayStatus {
  leader: boolean;
  published: number;
  consecutiveFailures: number;
  lastError: string | null;
}

/**
 * Publishes outbox rows to Kafka in id order, per service one leader at a time.
 *
 * Several replicas may run it: each tries to take a MySQL named lock (released by the server if the
 * holder's session dies); only the holder publishes, so one aggregate's events cannot overtake each
 * other. A failed send stops the batch at the first unsent row and retries it with backoff, so rows
 * written while Kafka is down go out, in order, once it is back. A row is marked sent only after the
 * broker acknowledged it (at-least-once: a crash between the two republishes it, and consumers are
 * idempotent).
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private lockRunner?: QueryRunner;
  private wake?: () => void;
  private nudged = false;
  private lastCleanup = 0;
  readonly status: RelayStatus = { leader: false, published: 0, consecutiveFailures: 0, lastError: null };

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaGateway,
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
    await this.releaseLeadership();
  }

  /** Something was committed: look now rather than at the next poll. */
  poke(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Publishes until the outbox is empty (or a send fails); returns how many rows went out. Used by run() and tests. */
  async drainOnce(): Promise<number> {
    if (!(await this.ensureLeadership())) return 0;
    let total = 0;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(OutboxRow)
        .createQueryBuilder('o')
        .where('o.published_at IS NULL')
        .orderBy('o.id', 'ASC')
        .limit(this.options.batchSize)
        .getMany();
      if (rows.length === 0) return total;
      try {
        await this.kafka.publish(rows.map((r) => ({ topic: r.topic, key: r.aggregateId, value: r.payload, headers: r.headers })));
      } catch (err) {
        await this.dataSource
          .createQueryBuilder()
          .update(OutboxRow)
          .set({ attempts: () => 'attempts + 1', lastError: String((err as Error).message).slice(0, 2000) })
          .where('id = :id', { id: rows[0].id })
          .execute()
          .catch(() => undefined);
        throw err;
      }
      await this.dataSource
        .createQueryBuilder()
        .update(OutboxRow)
        .set({ publishedAt: () => 'CURRENT_TIMESTAMP(3)', attempts: () => 'attempts + 1', lastError: null })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      total += rows.length;
      this.status.published += rows.length;
      this.options.onPublished?.(rows.length);
      if (rows.length < this.options.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.options.pollMs;
      try {
        this.nudged = false;
        await this.drainOnce();
        await this.cleanup();
        if (this.status.consecutiveFailures > 0) this.options.log('info', 'outbox relay recovered', { failures: this.status.consecutiveFailures });
        this.status.consecutiveFailures = 0;
        this.status.lastError = null;
        if (!this.status.leader) delay = Math.max(this.options.pollMs, 1000);
      } catch (err) {
        this.status.consecutiveFailures++;
        this.status.lastError = (err as Error).message;
        delay = backoffDelay(this.status.consecutiveFailures, { baseMs: 250, maxMs: 15000 });
        this.options.log(this.status.consecutiveFailures === 1 ? 'warn' : 'debug', 'outbox relay could not publish; will retry', {
          error: (err as Error).message,
          attempt: this.status.consecutiveFailures,
          retryInMs: delay,
        });
        if (!this.lockRunner || this.lockRunner.isReleased) await this.releaseLeadership();
      }
      if (this.running && !(this.nudged && this.status.consecutiveFailures === 0)) await this.pause(delay);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** True while this relay holds the service's publishing lock; takes it when it is free. */
  private async ensureLeadership(): Promise<boolean> {
    try {
      if (this.lockRunner && this.status.leader) {
        const [row] = await this.lockRunner.query('SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine', [this.options.lockName]);
        if (Number(row.mine) === 1) return true;
        this.options.log('warn', 'outbox relay lost its leadership lock', {});
        await this.releaseLeadership();
      }
      if (!this.lockRunner) {
        this.lockRunner = this.dataSource.createQueryRunner();
        await this.lockRunner.connect();
      }
      const [row] = await this.lockRunner.query('SELECT GET_LOCK(?, 0) AS got', [this.options.lockName]);
      this.status.leader = Number(row.got) === 1;
      if (this.status.leader) this.options.log('info', 'outbox relay is the publisher for this service', {});
      return this.status.leader;
    } catch (err) {
      await this.releaseLeadership();
      throw err;
    }
  }

  private async releaseLeadership(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = undefined;
    const wasLeader = this.status.leader;
    this.status.leader = false;
    if (!runner) return;
    if (wasLeader) await runner.query('SELECT RELEASE_LOCK(?)', [this.options.lockName]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private async cleanup(): Promise<void> {
    if (!this.status.leader || Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(
      'DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < CURRENT_TIMESTAMP(3) - INTERVAL ? HOUR ORDER BY id LIMIT 5000',
      [this.options.retentionHours],
    );
  }
}
