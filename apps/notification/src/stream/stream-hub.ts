import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { OutboxWriter } from '@yiyang/messaging';
import { LOGGER } from '@yiyang/platform';
import { InboxOwner, InboxRepository, NotificationRow } from '../persistence/inbox.repository';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';

export interface StreamClient {
  owner: InboxOwner;
  deliver(row: NotificationRow): void;
  /** ends the stream (the replica is stopping: the client reconnects elsewhere with Last-Event-ID) */
  close(): void;
}

/** How long a hole in the id sequence is waited for (a transaction that took its id may still commit). */
const GAP_WAIT_MS = 1000;

/** The least time between two looks at the table. */
const MIN_GAP_MS = 10;

const PAGE = 500;

/** Whether a notification is in this owner's inbox (the same test as the inbox's SQL scope). */
export function concerns(owner: InboxOwner, row: NotificationRow): boolean {
  if (owner.kind === 'institution') return row.recipient_kind === 'institution' && row.recipient === owner.id;
  if (row.recipient_kind !== owner.kind) return false;
  // a regulators' notice about two parties is addressed to both divisions
  return (
    row.recipient.startsWith(owner.jurisdiction) || (owner.kind === 'regulator' && !!row.recipient_alt?.startsWith(owner.jurisdiction))
  );
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
  private lastPoll = -Infinity;
  private deferred?: NodeJS.Timeout;

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
    clearTimeout(this.deferred);
    this.unsubscribe?.();
    // open streams would hold the HTTP server's close until the grace period ran out
    for (const client of this.clients) client.close();
    this.clients.clear();
  }

  /** The id up to which every notification has been fanned out. */
  get delivered(): string {
    return this.position;
  }

  connect(client: StreamClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  /**
   * Looks for new notifications now, or, if it looked less than MIN_GAP_MS ago, once that gap has passed:
   * under load one query then covers many commits (a commit can only add latency of up to MIN_GAP_MS).
   */
  async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    const sinceLast = performance.now() - this.lastPoll;
    if (sinceLast < MIN_GAP_MS) {
      this.deferred ??= setTimeout(() => {
        this.deferred = undefined;
        void this.poll();
      }, MIN_GAP_MS - sinceLast);
      return;
    }
    this.lastPoll = performance.now();
    this.polling = true;
    this.again = false;
    try {
      while (await this.step()); // a full page: read on at once
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'live stream poll failed; retrying');
    } finally {
      this.polling = false;
    }
    if (this.again) void this.poll(); // asked for while looking: look again (after the gap)
  }

  /** Fans out what follows the position; true when it read a full page (there may be more). */
  private async step(): Promise<boolean> {
    const rows = await this.inbox.after(this.position, PAGE);
    for (const row of rows) {
      if (BigInt(row.id) !== BigInt(this.position) + 1n) {
        this.gapSince ??= Date.now();
        if (Date.now() - this.gapSince < GAP_WAIT_MS) return false; // wait for the hole to fill
      }
      this.gapSince = null;
      this.position = String(row.id);
      for (const client of this.clients) if (concerns(client.owner, row)) client.deliver(row);
    }
    return rows.length === PAGE;
  }
}
