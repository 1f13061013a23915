import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { UnitOfWork } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { Notice } from '../domain/notices';

/** Whose inbox: an institution's, or a regulator's (their jurisdiction prefix, read marks per user). */
export type InboxOwner = { kind: 'institution'; id: string } | { kind: 'regulator'; jurisdiction: string; reader: string };

export interface NotificationRow {
  id: string;
  recipient_kind: string;
  recipient: string;
  event_type: string;
  title_zh: string;
  body_zh: string;
  title_en: string;
  body_en: string;
  resource: string;
  created_at: Date;
  read_at: Date | null;
}

/** The SQL that selects an owner's notifications; `params` binds the join's and then the where clause's placeholders. */
function scope(owner: InboxOwner): { where: string; params: unknown[]; readAt: string; join: string } {
  if (owner.kind === 'institution')
    return { where: "n.recipient_kind = 'institution' AND n.recipient = ?", params: [owner.id], readAt: 'n.read_at', join: '' };
  return {
    join: 'LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.reader = ?',
    where: "n.recipient_kind = 'regulator' AND n.recipient LIKE ?",
    params: [owner.reader, `${owner.jurisdiction}%`],
    readAt: 'r.read_at',
  };
}

@Injectable()
export class InboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** One notification per recipient of an event; a redelivered event finds its dedupe key and adds nothing. */
  async add(em: EntityManager, eventId: string, eventType: string, notices: Notice[], at: Date): Promise<number> {
    let added = 0;
    for (const n of notices) {
      const recipient = n.recipient.kind === 'institution' ? n.recipient.id : n.recipient.division;
      const result = await em.query<{ affectedRows?: number }>(
        `INSERT IGNORE INTO notifications (recipient_kind, recipient, dedupe_key, event_id, event_type, title_zh, body_zh, title_en, body_en, resource, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          n.recipient.kind,
          recipient,
          `${eventId}:${n.recipient.kind}:${recipient}`.slice(0, 160),
          eventId,
          eventType,
          n.title.zh.slice(0, 200),
          n.body.zh.slice(0, 1000),
          n.title.en.slice(0, 200),
          n.body.en.slice(0, 1000),
          n.resource,
          at,
        ],
      );
      added += Number(result.affectedRows ?? 0);
    }
    return added;
  }

  /** Unread first, then newest first; keyset-paginated on (unread, id). */
  async list(
    owner: InboxOwner,
    unreadOnly: boolean,
    limit: number,
    cursor?: string,
  ): Promise<{ items: NotificationRow[]; nextCursor: string | null }> {
    const s = scope(owner);
    const unread = `(${s.readAt} IS NULL)`;
    const params = [...s.params];
    let where = s.where;
    if (unreadOnly) where += ` AND ${unread}`;
    if (cursor) {
      const c = decodeCursor<{ u: number; id: string }>(cursor, ['u', 'id']);
      where += ` AND (${unread} < ? OR (${unread} = ? AND n.id < ?))`;
      params.push(Number(c.u), Number(c.u), String(c.id));
    }
    const rows: (NotificationRow & { unread: number })[] = await this.dataSource.query(
      `SELECT n.*, ${s.readAt} AS read_at, ${unread} AS unread FROM notifications n ${s.join} WHERE ${where} ORDER BY unread DESC, n.id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rows.length > limit ? encodeCursor({ u: Number(last.unread), id: String(last.id) }) : null };
  }

  async unreadCount(owner: InboxOwner): Promise<number> {
    const s = scope(owner);
    const [r] = await this.dataSource.query<{ n: unknown }[]>(
      `SELECT COUNT(*) AS n FROM notifications n ${s.join} WHERE ${s.where} AND ${s.readAt} IS NULL`,
      s.params,
    );
    return Number(r.n);
  }

  /** Marks one read; another owner's notification is a 404. */
  async markRead(owner: InboxOwner, id: string, at: Date): Promise<NotificationRow> {
    const s = scope(owner);
    const [row] = await this.dataSource.query<NotificationRow[]>(
      `SELECT n.*, ${s.readAt} AS read_at FROM notifications n ${s.join} WHERE ${s.where} AND n.id = ?`,
      [...s.params, id],
    );
    if (!row) throw new NotFoundError('notification', ErrorCodes.NOTIFICATION_NOT_FOUND);
    if (row.read_at) return row;
    await this.uow.run(({ em }) =>
      owner.kind === 'institution'
        ? em.query('UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL', [at, id])
        : em.query('INSERT IGNORE INTO notification_reads (reader, notification_id, read_at) VALUES (?, ?, ?)', [owner.reader, id, at]),
    );
    return { ...row, read_at: at };
  }

  /** Notifications after an id, oldest first: what the live stream sends. */
  async after(afterId: string, limit: number, owner?: InboxOwner): Promise<NotificationRow[]> {
    if (!owner) return this.dataSource.query('SELECT * FROM notifications WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit]);
    const s = scope(owner);
    return this.dataSource.query(`SELECT n.* FROM notifications n ${s.join} WHERE ${s.where} AND n.id > ? ORDER BY n.id LIMIT ?`, [
      ...s.params,
      afterId,
      limit,
    ]);
  }

  async maxId(): Promise<string> {
    const [r] = await this.dataSource.query<{ id: unknown }[]>('SELECT COALESCE(MAX(id), 0) AS id FROM notifications');
    return String(r.id);
  }
}
