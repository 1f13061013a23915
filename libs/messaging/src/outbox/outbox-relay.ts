import { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay } from '@yiyang/kernel';
import { KafkaGateway } from '../kafka-gateway';

export interface RelayOptions {
  /** MySQL named lock that makes one relay per service the publisher (others stand by) */
  lockName: string;
  pollMs: number;
  batchSize: number;
  /** how long published rows are kept before deletion */
  retentionHours: number;
  log: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;
  onPublished?: (count: number) => void;
  /** how long each stage of a batch took: reading unsent rows, sending them, marking them sent */
  onStage?: (stage: 'read' | 'send' | 'mark', seconds: number) => void;
}

interface UnsentRow {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: string;
  headers: string | Record<string, string>;
}

const parseHeaders = (h: UnsentRow['headers']): Record<string, string> =>
  typeof h === 'string' ? (JSON.parse(h) as Record<string, string>) : h;

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
    const runner = await this.ensureLeadership();
    if (!runner) return 0;
    let total = 0;
    for (;;) {
      // read and mark on the lock's own session: a statement that succeeds there proves the lock is still held
      let t = performance.now();
      const rows: UnsentRow[] = await this.onLockSession(
        runner,
        'SELECT id, topic, aggregate_id, payload, headers FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?',
        [this.options.batchSize],
      );
      this.options.onStage?.('read', (performance.now() - t) / 1000);
      if (rows.length === 0) return total;
      t = performance.now();
      try {
        await this.kafka.publish(
          rows.map((r) => ({ topic: r.topic, key: r.aggregate_id, value: r.payload, headers: parseHeaders(r.headers) })),
        );
      } catch (err) {
        await runner
          .query('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?', [
            String((err as Error).message).slice(0, 2000),
            rows[0].id,
          ])
          .catch(() => undefined);
        throw err;
      }
      this.options.onStage?.('send', (performance.now() - t) / 1000);
      t = performance.now();
      await this.onLockSession(
        runner,
        'UPDATE outbox SET published_at = CURRENT_TIMESTAMP(3), attempts = attempts + 1, last_error = NULL WHERE id IN (?)',
        [rows.map((r) => r.id)],
      );
      this.options.onStage?.('mark', (performance.now() - t) / 1000);
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
        if (this.status.consecutiveFailures > 0)
          this.options.log('info', 'outbox relay recovered', { failures: this.status.consecutiveFailures });
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

  /**
   * The session holding the service's publishing lock, taking the lock when it is free; null while another
   * relay holds it. A MySQL named lock lasts as long as the session that took it, so a held lock needs no
   * re-check: if the session dies, the next statement on it fails and leadership is given up.
   */
  private async ensureLeadership(): Promise<QueryRunner | null> {
    if (this.lockRunner && this.status.leader) return this.lockRunner;
    try {
      if (!this.lockRunner) {
        this.lockRunner = this.dataSource.createQueryRunner();
        await this.lockRunner.connect();
      }
      const [row] = (await this.lockRunner.query('SELECT GET_LOCK(?, 0) AS got', [this.options.lockName])) as { got: unknown }[];
      this.status.leader = Number(row.got) === 1;
      if (this.status.leader) this.options.log('info', 'outbox relay is the publisher for this service', {});
      return this.status.leader ? this.lockRunner : null;
    } catch (err) {
      await this.releaseLeadership();
      throw err;
    }
  }

  /** A statement on the lock's session; if it fails the session may be gone (database restarted, connection killed), so leadership is given up and taken again. */
  private async onLockSession<T>(runner: QueryRunner, statement: string, params: unknown[]): Promise<T> {
    try {
      return (await runner.query(statement, params)) as T;
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
