import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AgreementMode, AgreementStatus } from '@yiyang/contracts';
import { NotFoundError, ValidationError, addDays, assertNever, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { AggregateRepository } from '@yiyang/platform';
import { Agreement, AgreementState } from '../domain/agreement';
import { REMINDER_DAYS } from '../domain/agreement.rules';
import { ErrorCodes } from '../domain/error-codes';
import { AgreementDocumentRow, AgreementHistoryRow, AgreementRevisionRow, AgreementRow, InstitutionNameRow } from './agreement.entity';
import { toDocumentRow, toHistoryRow, toRevisionRow, toRow, toState } from './agreement.mapper';

/** Whose agreements a list shows: an institution's own, or a regulator's jurisdiction (either party's division inside it). */
export type ListScope = { institutionId: string } | { jurisdiction: string };

export interface ListFilters {
  scope: ListScope;
  status?: AgreementStatus;
  mode?: AgreementMode;
  /** the other party (an institution's own list) */
  counterpartyId?: string;
  /** either party is this institution */
  institutionId?: string;
  /** either party's division starts with this prefix */
  division?: string;
  /** created (filed) at or after this instant, and before `createdBefore` */
  createdFrom?: Date;
  createdBefore?: Date;
  /** countersigned and not ended early: the term covers this day (SIGNED, ACTIVE or EXPIRED) */
  effectiveOn?: string;
  /** ACTIVE and ending on or before this day */
  expiringBefore?: string;
}

/** The list's sort key, newest first: (created_at, id) descending. */
interface ListCursor extends Record<string, string> {
  at: string;
  id: string;
}

function listCursor(cursor: string): ListCursor {
  const key = decodeCursor<ListCursor>(cursor, ['at', 'id']);
  if (Number.isNaN(Date.parse(key.at)) || !/^[0-9a-f-]{36}$/.test(key.id))
    throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
  return key;
}

/** A list's filters but its scope, and the keyset condition after the cursor's row. */
function filtered(qb: SelectQueryBuilder<AgreementRow>, filters: ListFilters, after: ListCursor | null): void {
  const either = (column: 'id' | 'division', op: '=' | 'LIKE', name: string, value: string) =>
    new Brackets((w) => w.where(`a.elderly_${column} ${op} :${name}`, { [name]: value }).orWhere(`a.medical_${column} ${op} :${name}`));
  if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
  if (filters.mode) qb.andWhere('a.mode = :mode', { mode: filters.mode });
  if (filters.counterpartyId) qb.andWhere(either('id', '=', 'counterparty', filters.counterpartyId));
  if (filters.institutionId) qb.andWhere(either('id', '=', 'institution', filters.institutionId));
  if (filters.division) qb.andWhere(either('division', 'LIKE', 'division', `${filters.division}%`));
  if (filters.createdFrom) qb.andWhere('a.created_at >= :createdFrom', { createdFrom: filters.createdFrom });
  if (filters.createdBefore) qb.andWhere('a.created_at < :createdBefore', { createdBefore: filters.createdBefore });
  if (filters.effectiveOn) {
    qb.andWhere("a.status IN ('SIGNED', 'ACTIVE', 'EXPIRED')").andWhere('a.effective_from <= :on AND a.effective_to >= :on', {
      on: filters.effectiveOn,
    });
  }
  if (filters.expiringBefore) qb.andWhere("a.status = 'ACTIVE' AND a.effective_to <= :before", { before: filters.expiringBefore });
  if (after) {
    qb.andWhere('(a.created_at < :afterAt OR (a.created_at = :afterAt AND a.id < :afterId))', {
      afterAt: new Date(after.at),
      afterId: after.id,
    });
  }
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
    default:
      return assertNever(work);
  }
}

const documentsOf = (em: EntityManager, ids: string[]) =>
  em.getRepository(AgreementDocumentRow).find({ where: { agreementId: In(ids) }, order: { version: 'ASC' } });

/** Rows back into agreements, with their history and kept revisions. */
async function restore(em: EntityManager, rows: AgreementRow[]): Promise<Agreement[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const history = await em.getRepository(AgreementHistoryRow).find({ where: { agreementId: In(ids) }, order: { id: 'ASC' } });
  const revisions = await em.getRepository(AgreementRevisionRow).find({ where: { agreementId: In(ids) }, order: { revision: 'ASC' } });
  const documents = await documentsOf(em, ids);
  return rows.map((row) =>
    Agreement.restore(
      toState(
        row,
        history.filter((h) => h.agreementId === row.id),
        revisions.filter((r) => r.agreementId === row.id),
        documents.filter((d) => d.agreementId === row.id),
      ),
    ),
  );
}

/** History lines and revisions are only ever appended: write those the state has beyond what was loaded. */
async function writeChildren(em: EntityManager, s: Readonly<AgreementState>, before: Readonly<AgreementState> | null): Promise<void> {
  const lines = s.history.slice(before?.history.length ?? 0);
  if (lines.length)
    await em.insert(
      AgreementHistoryRow,
      lines.map((h) => toHistoryRow(s.id, h)),
    );
  const revisions = s.revisions.slice(before?.revisions.length ?? 0);
  if (revisions.length)
    await em.insert(
      AgreementRevisionRow,
      revisions.map((r) => toRevisionRow(s.id, r)),
    );
  const documents = s.documents.slice(before?.documents.length ?? 0);
  if (documents.length)
    await em.insert(
      AgreementDocumentRow,
      documents.map((d) => toDocumentRow(s.id, d)),
    );
}

const LIVE_SUCCESSOR_STATUSES: AgreementStatus[] = ['SUBMITTED', 'SIGNED', 'ACTIVE'];

@Injectable()
export class AgreementRepository extends AggregateRepository<Agreement, AgreementState, AgreementRow> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super({
      entity: AgreementRow,
      toRow,
      restore,
      writeChildren,
      notFound: () => new NotFoundError('agreement', ErrorCodes.AGREEMENT_NOT_FOUND),
    });
  }

  /** An agreement with its history and revisions, for its readers (no lock). */
  async find(id: string): Promise<AgreementState | null> {
    const row = await this.dataSource.getRepository(AgreementRow).findOneBy({ id });
    if (!row) return null;
    const [agreement] = await restore(this.dataSource.manager, [row]);
    return agreement.snapshot;
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

  /** Of the object keys given, those no document row refers to (the sweep removes only these). */
  async unreferencedKeys(keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(AgreementDocumentRow)
      .find({ select: { objectKey: true }, where: { objectKey: In(keys) } });
    const referenced = new Set(rows.map((r) => r.objectKey));
    return keys.filter((k) => !referenced.has(k));
  }

  /** Agreements due for a piece of scheduled work, claimed with SKIP LOCKED so replicas take different rows. */
  async claimDue(em: EntityManager, work: ScheduledWork, today: string, limit: number): Promise<Agreement[]> {
    return this.lock(em, (qb) => dueCondition(qb, work, today).orderBy('a.id'), { limit, skipLocked: true });
  }

  /** An institution's agreements in force (SIGNED or ACTIVE), locked for update. */
  async inForceForUpdate(em: EntityManager, institutionId: string): Promise<Agreement[]> {
    return this.lock(em, (qb) =>
      qb
        .where("a.status IN ('SIGNED', 'ACTIVE')")
        .andWhere(new Brackets((w) => w.where('a.elderly_id = :i', { i: institutionId }).orWhere('a.medical_id = :i')))
        .orderBy('a.id'),
    );
  }

  /**
   * An institution's agreements, or a regulator's (either party inside the jurisdiction, DRAFTs left out:
   * nobody but the filer has seen them), newest first, cursor-paginated (history and revisions not loaded).
   * Each side is read on its own, at most a page each (indexes on the side's institution or division and
   * `created_at`, migration 1764500000000), and the two merged: no OR across the two sides, no sort of the
   * whole jurisdiction.
   */
  async list(filters: ListFilters, limit: number, cursor?: string): Promise<{ items: AgreementState[]; nextCursor: string | null }> {
    const scope = filters.scope;
    const after = cursor ? listCursor(cursor) : null;
    const side = (party: 'elderly' | 'medical'): [string, unknown[]] => {
      const qb = this.dataSource
        .getRepository(AgreementRow)
        .createQueryBuilder('a')
        .select('a.id', 'id')
        .addSelect('a.created_at', 'created_at')
        .where('institutionId' in scope ? `a.${party}_id = :scope` : `a.${party}_division LIKE :scope`, {
          scope: 'institutionId' in scope ? scope.institutionId : `${scope.jurisdiction}%`,
        });
      if (!('institutionId' in scope)) qb.andWhere("a.status <> 'DRAFT'");
      filtered(qb, filters, after);
      return qb
        .orderBy('a.created_at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .limit(limit + 1)
        .getQueryAndParameters();
    };
    const [[elderlySql, elderlyParams], [medicalSql, medicalParams]] = [side('elderly'), side('medical')];
    const keys = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM ((${elderlySql}) UNION (${medicalSql})) page ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
      [...elderlyParams, ...medicalParams],
    );
    const found = keys.length ? await this.dataSource.getRepository(AgreementRow).findBy({ id: In(keys.map((k) => k.id)) }) : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = keys.flatMap((k) => byId.get(k.id) ?? []);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toState(r, [], [])),
      nextCursor: keys.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }
}
