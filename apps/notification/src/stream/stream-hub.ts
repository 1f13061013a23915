import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { OutboxWriter } from '@yiyang/messaging';
import { LOGGER } from '@yiyang/platform';
import { InboxOwner, InboxRepository, NotificationRow } from '../persistence/inbox.repository';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';

export interface StreamClient {
  owner: InboxOwner;
  deliver(row: NotificationRow): void;
}

/** How long a hole in the id sequence is waited for (a transaction that took its id may still commit). */
const GAP_WAIT_MS = 1000;

export function concerns(owner: InboxOwner, row: NotificationRow): boolean {
  return owner.kind === 'institution'
    ? row.recipient_kind === 'institution' && row.recipient === owner.id
    : row.recipient_kind === 'regulator' && row.recipient.startsWith(owner.jurisdiction);
}

/**
 * Fans new notifications out to this replica's live streams. It follows the notifications table in id
 * order (any replica's consumer may have written them), polling every STREAM_POLL_MS and at once after a
 * local commit. Ids are allocated before commit, so a hole is waited for briefly rather than skipped:
 * a stream delivers in id order, and a reconnect with Last-Event-ID misses nothing.
 */
@Injectable()
export class StreamHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly clients = new Set<StreamClient>();
  private position = '0';
  private gapSince: number | null = null;
  private timer?: NodeJS.Timeout;
  private polling = false;
  private again = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly outbox: OutboxWriter,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.position = await this.inbox.maxId();
    this.timer = setInterval(() => void this.poll(), this.config.STREAM_POLL_MS);
    this.timer.unref();
    this.unsubscribe = this.outbox.onCommitted(() => void this.poll());
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** The id up to which every notification has been fanned out. */
  get delivered(): string {
    return this.position;
  }

  connect(client: StreamClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.again = false;
        await this.step();
      } while (this.again);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'live stream poll failed; retrying');
    } finally {
      this.polling = false;
    }
  }

  private async step(): Promise<void> {
    const rows = await this.inbox.after(this.position, 500);
    for (const row of rows) {
      if (BigInt(row.id) !== BigInt(this.position) + 1n) {
        this.gapSince ??= Date.now();
        if (Date.now() - this.gapSince < GAP_WAIT_MS) return; // wait for the hole to fill
      }
      this.gapSince = null;
      this.position = String(row.id);
      for (const client of this.clients) if (concerns(client.owner, row)) client.deliver(row);
    }
    if (rows.length === 500) this.again = true;
  }
}
