import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AgreementStatus } from '@yiyang/contracts';
import { NotFoundError, StaleVersionError, addDays, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { Agreement, AgreementState, RevisionRecord, Side } from '../domain/agreement';
import { REMINDER_DAYS } from '../domain/agreement.rules';
import { AgreementHistoryRow, AgreementRevisionRow, AgreementRow, InstitutionNameRow } from './agreement.entity';
import { toRow, toState } from './agreement.mapper';

export interface Loaded {
  agreement: Agreement;
  version: number;
  historyLength: number;
}

export interface ListFilters {
  institutionId: string;
  status?: AgreementStatus;
  counterpartyId?: string;
  expiringBefore?: string;
}

/** What the scheduler does, and which rows are due for it on a given day. */
export type ScheduledWork = 'activate' | 'terminate' | 'expire' | 'remind';

function dueCondition(qb: SelectQueryBuilder<AgreementRow>, work: ScheduledWork, today: string): SelectQueryBuilder<AgreementRow> {
  switch (work) {
    case 'activate':
      return qb.where("a.status = 'SIGNED' AND a.effective_from <= :today", { today });
    case 'terminate':
      return qb.where("a.status = 'ACTIVE' AND a.termination_on <= :today", { today });
    case 'expire':
      return qb.where("a.status = 'ACTIVE' AND a.effective_to < :today", { today });
    case 'remind':
      qb.where("a.status = 'ACTIVE' AND a.effective_to >= :today", { today });
      return qb.andWhere(
        new Brackets((w) => {
          for (const d of REMINDER_DAYS) {
            w.orWhere(`(a.last_reminder IS NULL OR a.last_reminder > ${d}) AND a.effective_to <= :before${d}`, {
              [`before${d}`]: addDays(today, d),
            });
          }
        }),
      );
  }
}

const LIVE_SUCCESSOR_STATUSES: AgreementStatus[] = ['SUBMITTED', 'SIGNED', 'ACTIVE'];

@Injectable()
export class AgreementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, agreement: Agreement): Promise<void> {
    await em.insert(AgreementRow, toRow(agreement.snapshot));
    await this.appendHistory(em, agreement, 0);
    await this.keepRevisions(em, agreement);
  }

  async getForUpdate(em: EntityManager, id: string): Promise<Loaded> {
    const row = await em
      .getRepository(AgreementRow)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
    if (!row) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
    return (await this.withHistory(em, [row]))[0];
  }

  async find(id: string): Promise<AgreementState | null> {
    const row = await this.dataSource.getRepository(AgreementRow).findOneBy({ id });
    if (!row) return null;
    const history = await this.dataSource.getRepository(AgreementHistoryRow).find({ where: { agreementId: id }, order: { id: 'ASC' } });
    return toState(row, history);
  }

  async save(em: EntityManager, loaded: Loaded): Promise<void> {
    const { id, ...columns } = toRow(loaded.agreement.snapshot);
    const result = await em.update(AgreementRow, { id, version: loaded.version }, columns);
    if (!result.affected) throw new StaleVersionError(loaded.version, loaded.agreement.snapshot.version);
    await this.appendHistory(em, loaded.agreement, loaded.historyLength);
    await this.keepRevisions(em, loaded.agreement);
  }

  /** Every countersigned revision of an agreement's content, oldest first. */
  async revisions(id: string): Promise<RevisionRecord[]> {
    const rows = await this.dataSource.getRepository(AgreementRevisionRow).find({ where: { agreementId: id }, order: { revision: 'ASC' } });
    return rows.map((r) => ({
      revision: r.revision,
      content: r.content,
      proposedBy: r.proposedBy as Side,
      proposedById: r.proposedById,
      proposedByName: r.proposedByName,
      proposedAt: r.proposedAt,
      countersignedById: r.countersignedById,
      countersignedByName: r.countersignedByName,
      countersignedAt: r.countersignedAt,
    }));
  }

  /** Institutions' names from this service's directory (those it has not heard of are absent). */
  async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(InstitutionNameRow)
      .find({ select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Another ACTIVE or SIGNED agreement of the same pair whose term overlaps [from, to]. */
  async overlapping(em: EntityManager, s: Readonly<AgreementState>): Promise<boolean> {
    const count = await em
      .getRepository(AgreementRow)
      .createQueryBuilder('a')
      .where('a.elderly_id = :e AND a.medical_id = :m', { e: s.elderlyParty.institutionId, m: s.medicalParty.institutionId })
      .andWhere("a.status IN ('ACTIVE', 'SIGNED')")
      .andWhere('a.id <> :id', { id: s.id })
      .andWhere('a.effective_from <= :to AND a.effective_to >= :from', { from: s.term.effectiveFrom, to: s.term.effectiveTo })
      .getCount();
    return count > 0;
  }

  /** Successors of an agreement that are awaiting signature or in force (a renewal is proposed once). */
  async hasLiveSuccessor(em: EntityManager, id: string): Promise<boolean> {
    return (await em.getRepository(AgreementRow).countBy({ predecessorId: id, status: In(LIVE_SUCCESSOR_STATUSES) })) > 0;
  }

  /** The renewals of an agreement, for its readers. */
  async successors(id: string): Promise<{ id: string; status: string }[]> {
    return this.dataSource
      .getRepository(AgreementRow)
      .find({ select: { id: true, status: true }, where: { predecessorId: id }, order: { createdAt: 'ASC' } });
  }

  /** Rows due for a piece of scheduled work, claimed with SKIP LOCKED so replicas take different rows. */
  async claimDue(em: EntityManager, work: ScheduledWork, today: string, limit: number): Promise<Loaded[]> {
    const qb = em.getRepository(AgreementRow).createQueryBuilder('a').setLock('pessimistic_write').setOnLocked('skip_locked');
    const rows = await dueCondition(qb, work, today).orderBy('a.id').limit(limit).getMany();
    return this.withHistory(em, rows);
  }

  /** An institution's agreements in force (SIGNED or ACTIVE), locked for update. */
  async inForceForUpdate(em: EntityManager, institutionId: string): Promise<Loaded[]> {
    const rows = await em
      .getRepository(AgreementRow)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where("a.status IN ('SIGNED', 'ACTIVE')")
      .andWhere(new Brackets((w) => w.where('a.elderly_id = :i', { i: institutionId }).orWhere('a.medical_id = :i')))
      .orderBy('a.id')
      .getMany();
    return this.withHistory(em, rows);
  }

  /** An institution's agreements, in id order, cursor-paginated (history not loaded). */
  async list(filters: ListFilters, limit: number, cursor?: string): Promise<{ items: AgreementState[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(AgreementRow).createQueryBuilder('a');
    qb.where(new Brackets((w) => w.where('a.elderly_id = :i', { i: filters.institutionId }).orWhere('a.medical_id = :i')));
    if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
    if (filters.counterpartyId) {
      qb.andWhere(new Brackets((w) => w.where('a.elderly_id = :c', { c: filters.counterpartyId }).orWhere('a.medical_id = :c')));
    }
    if (filters.expiringBefore) qb.andWhere("a.status = 'ACTIVE' AND a.effective_to <= :before", { before: filters.expiringBefore });
    if (cursor) qb.andWhere('a.id > :after', { after: decodeCursor<{ id: string }>(cursor, ['id']).id });
    const rows = await qb
      .orderBy('a.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toState(r, [])),
      nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null,
    };
  }

  private async withHistory(em: EntityManager, rows: AgreementRow[]): Promise<Loaded[]> {
    if (rows.length === 0) return [];
    const history = await em
      .getRepository(AgreementHistoryRow)
      .find({ where: { agreementId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return rows.map((row) => {
      const own = history.filter((h) => h.agreementId === row.id);
      return { agreement: Agreement.restore(toState(row, own)), version: row.version, historyLength: own.length };
    });
  }

  private async keepRevisions(em: EntityManager, agreement: Agreement): Promise<void> {
    const revisions = agreement.pullRevisions();
    if (revisions.length === 0) return;
    await em.insert(
      AgreementRevisionRow,
      revisions.map((r) => ({ agreementId: agreement.snapshot.id, ...r })),
    );
  }

  private async appendHistory(em: EntityManager, agreement: Agreement, from: number): Promise<void> {
    const s = agreement.snapshot;
    const entries = s.history.slice(from);
    if (entries.length === 0) return;
    await em.insert(
      AgreementHistoryRow,
      entries.map((h) => ({
        agreementId: s.id,
        at: h.at,
        action: h.action,
        fromStatus: h.from,
        toStatus: h.to,
        actorId: h.actorId,
        actorRole: h.actorRole,
        actorName: h.actorName,
        reason: h.reason,
      })),
    );
  }
}
