import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, assertNever, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { UnitOfWork } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { NameOf, Notice } from '../domain/notices';

/**
 * Whose inbox: an institution's; a regulator's (their jurisdiction prefix, read marks per user); a
 * registrar's (their division prefix, '' for a registrar without one: every division; read marks per user).
 */
export type InboxOwner =
  | { kind: 'institution'; id: string }
  | { kind: 'regulator'; jurisdiction: string; reader: string }
  | { kind: 'registrar'; jurisdiction: string; reader: string };

/** The institutions a notification concerns, by name as known when it was written. */
export type NamedInstitution = { id: string; name: string | null };

export interface NotificationRow {
  id: string;
  recipient_kind: string;
  recipient: string;
  recipient_alt: string | null;
  institutions: unknown;
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
  const join = 'LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.reader = ?';
  if (owner.kind === 'registrar')
    return {
      join,
      where: "n.recipient_kind = 'registrar' AND n.recipient LIKE ?",
      params: [owner.reader, `${owner.jurisdiction}%`],
      readAt: 'r.read_at',
    };
  // a notice about two parties is addressed to both their divisions: the regulators of either see it
  return {
    join,
    where: "n.recipient_kind = 'regulator' AND (n.recipient LIKE ? OR n.recipient_alt LIKE ?)",
    params: [owner.reader, `${owner.jurisdiction}%`, `${owner.jurisdiction}%`],
    readAt: 'r.read_at',
  };
}

/** Where a notice is filed: its recipient and, for one to two divisions' regulators, the second division. */
function address(n: Notice): { kind: string; recipient: string; alt: string | null } {
  const r = n.recipient;
  switch (r.kind) {
    case 'institution':
      return { kind: r.kind, recipient: r.id, alt: null };
    case 'regulator':
      return { kind: r.kind, recipient: r.divisions[0], alt: r.divisions.find((d) => d !== r.divisions[0]) ?? null };
    case 'registrar':
      return { kind: r.kind, recipient: r.division, alt: null };
    default:
      return assertNever(r);
  }
}

@Injectable()
export class InboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * One notification per recipient of an event; a redelivered event finds its dedupe key and adds nothing.
   * The institutions it concerns are kept with their names (`name`) as known now.
   */
  async add(
    em: EntityManager,
    eventId: string,
    eventType: string,
    notices: Notice[],
    at: Date,
    name: NameOf = () => undefined,
  ): Promise<number> {
    let added = 0;
    for (const n of notices) {
      const { kind, recipient, alt } = address(n);
      const institutions: NamedInstitution[] = (n.institutions ?? []).map((id) => ({ id, name: name(id) ?? null }));
      const result = await em.query<{ affectedRows?: number }>(
        `INSERT IGNORE INTO notifications (recipient_kind, recipient, recipient_alt, institutions, dedupe_key, event_id, event_type, title_zh, body_zh, title_en, body_en, resource, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          kind,
          recipient,
          alt,
          JSON.stringify(institutions),
          `${eventId}:${kind}:${recipient}`.slice(0, 160),
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
