import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AgreementMode, AgreementStatus } from '@yiyang/contracts';
import { NotFoundError, StaleVersionError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { Agreement, AgreementState } from '../domain/agreement';
import { AgreementHistoryRow, AgreementRow } from './agreement.entity';

function toRow(s: Readonly<AgreementState>): AgreementRow {
  const { id, version, status, mode, elderlyParty, medicalParty, predecessorId, history: _h, createdAt, updatedAt, ...rest } = s;
  return Object.assign(new AgreementRow(), {
    id,
    version,
    status,
    mode,
    elderlyId: elderlyParty.institutionId,
    medicalId: medicalParty.institutionId,
    elderlyDivision: elderlyParty.divisionCode,
    medicalDivision: medicalParty.divisionCode,
    effectiveFrom: s.term.effectiveFrom,
    effectiveTo: s.term.effectiveTo,
    predecessorId,
    parties: { elderly: elderlyParty, medical: medicalParty },
    terms: { mode, ...rest },
    createdAt,
    updatedAt,
  });
}

function toState(row: AgreementRow, history: AgreementHistoryRow[]): AgreementState {
  return {
    ...row.terms,
    id: row.id,
    version: row.version,
    status: row.status as AgreementStatus,
    mode: row.mode as AgreementMode,
    elderlyParty: row.parties.elderly,
    medicalParty: row.parties.medical,
    predecessorId: row.predecessorId,
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      from: h.fromStatus as AgreementStatus | null,
      to: h.toStatus as AgreementStatus,
      actorId: h.actorId,
      actorRole: h.actorRole,
      reason: h.reason,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

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

@Injectable()
export class AgreementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, agreement: Agreement): Promise<void> {
    await em.insert(AgreementRow, toRow(agreement.snapshot));
    await this.appendHistory(em, agreement, 0);
  }

  async getForUpdate(em: EntityManager, id: string): Promise<Loaded> {
    const row = await em.getRepository(AgreementRow).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    if (!row) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
    const history = await em.getRepository(AgreementHistoryRow).find({ where: { agreementId: id }, order: { id: 'ASC' } });
    return { agreement: Agreement.restore(toState(row, history)), version: row.version, historyLength: history.length };
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

  /** SIGNED agreements whose term has begun, claimed with SKIP LOCKED so replicas take different rows. */
  async claimDueActivations(em: EntityManager, today: string, limit: number): Promise<Loaded[]> {
    const rows = await em
      .getRepository(AgreementRow)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where("a.status = 'SIGNED' AND a.effective_from <= :today", { today })
      .orderBy('a.effective_from')
      .limit(limit)
      .getMany();
    const out: Loaded[] = [];
    for (const row of rows) {
      const history = await em.getRepository(AgreementHistoryRow).find({ where: { agreementId: row.id }, order: { id: 'ASC' } });
      out.push({ agreement: Agreement.restore(toState(row, history)), version: row.version, historyLength: history.length });
    }
    return out;
  }

  /** An institution's agreements, newest first by id, cursor-paginated (history not loaded). */
  async list(filters: ListFilters, limit: number, cursor?: string): Promise<{ items: AgreementState[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(AgreementRow).createQueryBuilder('a');
    qb.where(new Brackets((w) => w.where('a.elderly_id = :i', { i: filters.institutionId }).orWhere('a.medical_id = :i')));
    if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
    if (filters.counterpartyId) {
      qb.andWhere(new Brackets((w) => w.where('a.elderly_id = :c', { c: filters.counterpartyId }).orWhere('a.medical_id = :c')));
    }
    if (filters.expiringBefore) qb.andWhere("a.status = 'ACTIVE' AND a.effective_to <= :before", { before: filters.expiringBefore });
    if (cursor) qb.andWhere('a.id > :after', { after: decodeCursor<{ id: string }>(cursor, ['id']).id });
    const rows = await qb.orderBy('a.id', 'ASC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toState(r, [])),
      nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null,
    };
  }

  private async appendHistory(em: EntityManager, agreement: Agreement, from: number): Promise<void> {
    const s = agreement.snapshot;
    const entries = s.history.slice(from);
    if (entries.length === 0) return;
    await em.insert(
      AgreementHistoryRow,
      entries.map((h) => ({ agreementId: s.id, at: h.at, action: h.action, fromStatus: h.from, toStatus: h.to, actorId: h.actorId, actorRole: h.actorRole, reason: h.reason })),
    );
  }
}
