import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { REFERRAL_PRIORITIES, ReferralDirection, ReferralPriority, ReferralStatus } from '@yiyang/contracts';
import { insertRows } from '@yiyang/database';
import { NotFoundError, ValidationError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { AggregateRepository, historyColumnsOf } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { Referral, ReferralState } from '../domain/referral';
import { ReferralAttachmentRow, ReferralHistoryRow, ReferralRow } from './referral.entity';
import { ReferralMapper } from './referral.mapper';

export type DueWork = 'overdue' | 'expire';

export interface QueueFilters {
  institutionId: string;
  statuses: ReferralStatus[];
  priority?: ReferralPriority;
  direction?: ReferralDirection;
}

function cursorDate(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
  return date;
}

type QueueCursor = {
  r: number;
  d: string;
  id: string;
};

/** Each referral's history lines, in order, by referral id. */
async function historyOf(em: EntityManager, ids: string[]): Promise<Map<string, ReferralHistoryRow[]>> {
  const byId = new Map<string, ReferralHistoryRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const rows = await em.getRepository(ReferralHistoryRow).find({ where: { referralId: In(ids) }, order: { id: 'ASC' } });
  for (const h of rows) byId.get(h.referralId)?.push(h);
  return byId;
}

/** Each referral's attachment rows, in the order they were attached, by referral id. */
async function attachmentsOf(em: EntityManager, ids: string[]): Promise<Map<string, ReferralAttachmentRow[]>> {
  const byId = new Map<string, ReferralAttachmentRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const rows = await em
    .getRepository(ReferralAttachmentRow)
    .find({ where: { referralId: In(ids) }, order: { referralId: 'ASC', position: 'ASC' } });
  for (const a of rows) byId.get(a.referralId)?.push(a);
  return byId;
}

/**
 * Referrals in their table, each with its history lines (appended, never rewritten), through the
 * platform's aggregate repository; and the reads the desk and the sender list.
 */
@Injectable()
export class ReferralRepository extends AggregateRepository<Referral, ReferralState, ReferralRow> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mapper: ReferralMapper,
  ) {
    super({
      entity: ReferralRow,
      toRow: (s) => mapper.toRow(s),
      restore: async (em, rows) => {
        const ids = rows.map((r) => r.id);
        const [history, attachments] = [await historyOf(em, ids), await attachmentsOf(em, ids)];
        return rows.map((row) => Referral.restore(mapper.toState(row, history.get(row.id) ?? [], attachments.get(row.id) ?? [])));
      },
      writeChildren: async (em, s, before) => {
        const known = before?.attachments.length ?? 0;
        const added = s.attachments.slice(known);
        if (added.length > 0)
          await insertRows(
            em,
            ReferralAttachmentRow,
            added.map((a, i) => mapper.toAttachmentRow(s.id, a, known + i)),
          );
        const entries = s.history.slice(before?.history.length ?? 0);
        if (entries.length === 0) return;
        await insertRows(
          em,
          ReferralHistoryRow,
          entries.map((h) => ({ referralId: s.id, ...historyColumnsOf(h), actorName: h.actorName ?? null, code: h.code })),
        );
      },
      notFound: () => new NotFoundError('referral', ErrorCodes.REFERRAL_NOT_FOUND),
    });
  }

  /** One referral with its history, unlocked (a read), or null. */
  async find(id: string): Promise<ReferralState | null> {
    const row = await this.dataSource.getRepository(ReferralRow).findOneBy({ id });
    if (!row) return null;
    const history = await historyOf(this.dataSource.manager, [id]);
    const attachments = await attachmentsOf(this.dataSource.manager, [id]);
    return this.mapper.toState(row, history.get(id) ?? [], attachments.get(id) ?? []);
  }

  /** Which of these object keys an attachment row refers to (the orphan sweep keeps those). */
  async attachedKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(ReferralAttachmentRow)
      .find({ select: { objectKey: true }, where: { objectKey: In(keys) } });
    return new Set(rows.map((r) => r.objectKey));
  }

  /** Unanswered referrals past their deadline (not yet escalated) or past their expiry, claimed with SKIP LOCKED. */
  claimDue(em: EntityManager, work: DueWork, now: Date, limit: number): Promise<Referral[]> {
    return this.lock(
      em,
      (qb) => {
        qb.where(`${qb.alias}.status IN ('REQUESTED', 'RECEIVED')`);
        if (work === 'overdue') qb.andWhere(`${qb.alias}.overdue_at IS NULL AND ${qb.alias}.deadline_at <= :now`, { now });
        else qb.andWhere(`${qb.alias}.expires_at <= :now`, { now });
        return qb.orderBy(`${qb.alias}.deadline_at`);
      },
      { limit, skipLocked: true },
    );
  }

  /**
   * The receiving desk's queue: incoming referrals in the given statuses, most urgent first (priority,
   * then the earliest deadline), keyset-paginated on (priority rank, deadline, id) so a page is an index range.
   */
  async queue(filters: QueueFilters, limit: number, cursor?: string): Promise<{ items: ReferralState[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(ReferralRow).createQueryBuilder('r').where('r.to_id = :i', { i: filters.institutionId });
    qb.andWhere('r.status IN (:...statuses)', { statuses: filters.statuses });
    if (filters.priority) qb.andWhere('r.priority_rank = :rank', { rank: REFERRAL_PRIORITIES.indexOf(filters.priority) });
    if (filters.direction) qb.andWhere('r.direction = :direction', { direction: filters.direction });
    if (cursor) {
      const c = decodeCursor<QueueCursor>(cursor, ['r', 'd', 'id']);
      qb.andWhere('(r.priority_rank, r.deadline_at, r.id) > (:cr, :cd, :cid)', { cr: Number(c.r), cd: cursorDate(String(c.d)), cid: c.id });
    }
    qb.orderBy('r.priority_rank', 'ASC').addOrderBy('r.deadline_at', 'ASC').addOrderBy('r.id', 'ASC');
    return this.page(qb, limit, (row) => encodeCursor({ r: row.priorityRank, d: row.deadlineAt.toISOString(), id: row.id }));
  }

  /** What an institution sent, newest first. */
  async sent(institutionId: string, statuses: ReferralStatus[] | undefined, limit: number, cursor?: string) {
    const qb = this.dataSource.getRepository(ReferralRow).createQueryBuilder('r').where('r.from_id = :i', { i: institutionId });
    if (statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses });
    if (cursor) {
      const c = decodeCursor<{ c: string; id: string }>(cursor, ['c', 'id']);
      qb.andWhere('(r.created_at, r.id) < (:cc, :cid)', { cc: cursorDate(String(c.c)), cid: c.id });
    }
    qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    return this.page(qb, limit, (row) => encodeCursor({ c: row.createdAt.toISOString(), id: row.id }));
  }

  private async page(qb: SelectQueryBuilder<ReferralRow>, limit: number, cursorOf: (row: ReferralRow) => string) {
    const rows = await qb.limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => this.mapper.toState(r, [])),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
    };
  }
}
