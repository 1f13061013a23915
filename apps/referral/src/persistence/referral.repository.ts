import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { REFERRAL_PRIORITIES, ReferralDirection, ReferralPriority, ReferralStatus } from '@yiyang/contracts';
import { insertRows } from '@yiyang/database';
import { NotFoundError, StaleVersionError, ValidationError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { Referral, ReferralState } from '../domain/referral';
import { ReferralHistoryRow, ReferralRow } from './referral.entity';
import { ReferralMapper } from './referral.mapper';

export interface Loaded {
  referral: Referral;
  version: number;
  historyLength: number;
}

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

@Injectable()
export class ReferralRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mapper: ReferralMapper,
  ) {}

  async insert(em: EntityManager, referral: Referral): Promise<void> {
    await insertRows(em, ReferralRow, [this.mapper.toRow(referral.snapshot)]);
    await this.appendHistory(em, referral, 0);
  }

  async getForUpdate(em: EntityManager, id: string): Promise<Loaded> {
    const row = await em
      .getRepository(ReferralRow)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
    if (!row) throw new NotFoundError('referral', 'REFERRAL_NOT_FOUND');
    return (await this.withHistory(em, [row]))[0];
  }

  async find(id: string): Promise<ReferralState | null> {
    const row = await this.dataSource.getRepository(ReferralRow).findOneBy({ id });
    if (!row) return null;
    const history = await this.dataSource.getRepository(ReferralHistoryRow).find({ where: { referralId: id }, order: { id: 'ASC' } });
    return this.mapper.toState(row, history);
  }

  async save(em: EntityManager, loaded: Loaded): Promise<void> {
    const { id, ...columns } = this.mapper.toRow(loaded.referral.snapshot);
    const result = await em.update(ReferralRow, { id, version: loaded.version }, columns);
    if (!result.affected) throw new StaleVersionError(loaded.version, loaded.referral.snapshot.version);
    await this.appendHistory(em, loaded.referral, loaded.historyLength);
  }

  /** Unanswered referrals past their deadline (not yet escalated) or past their expiry, claimed with SKIP LOCKED. */
  async claimDue(em: EntityManager, work: DueWork, now: Date, limit: number): Promise<Loaded[]> {
    const qb = em.getRepository(ReferralRow).createQueryBuilder('r').setLock('pessimistic_write').setOnLocked('skip_locked');
    qb.where("r.status IN ('REQUESTED', 'RECEIVED')");
    if (work === 'overdue') qb.andWhere('r.overdue_at IS NULL AND r.deadline_at <= :now', { now });
    else qb.andWhere('r.expires_at <= :now', { now });
    const rows = await qb.orderBy('r.deadline_at').limit(limit).getMany();
    return this.withHistory(em, rows);
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

  private async withHistory(em: EntityManager, rows: ReferralRow[]): Promise<Loaded[]> {
    if (rows.length === 0) return [];
    const history = await em
      .getRepository(ReferralHistoryRow)
      .find({ where: { referralId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return rows.map((row) => {
      const own = history.filter((h) => h.referralId === row.id);
      return { referral: Referral.restore(this.mapper.toState(row, own)), version: row.version, historyLength: own.length };
    });
  }

  private async appendHistory(em: EntityManager, referral: Referral, from: number): Promise<void> {
    const s = referral.snapshot;
    const entries = s.history.slice(from);
    if (entries.length === 0) return;
    await insertRows(
      em,
      ReferralHistoryRow,
      entries.map((h) => ({
        referralId: s.id,
        at: h.at,
        action: h.action,
        fromStatus: h.from,
        toStatus: h.to,
        actorId: h.actorId,
        actorRole: h.actorRole,
        code: h.code,
      })),
    );
  }
}
