import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { Capability, InstitutionCategory, InstitutionKind, InstitutionStatus } from '@yiyang/contracts';
import { DomainError, LatLng, NotFoundError, boundingBox, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { isDuplicateKeyError } from '@yiyang/database';
import { AggregateMapping, AggregateRepository } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { Institution, InstitutionState, institutionLifecycle } from '../domain/institution';
import { InstitutionCapabilityRow, InstitutionRow } from './institution.entity';
import { toRow, toState } from './institution.mapper';

export interface SearchFilters {
  /** a part of the name, already in its searchable form (searchableName) */
  name?: string;
  uscc?: string;
  category?: InstitutionCategory;
  kind?: InstitutionKind;
  capability?: Capability;
  status?: InstitutionStatus;
  divisionPrefix?: string;
  near?: LatLng;
  radiusKm?: number;
}

export interface SearchResult {
  items: { state: InstitutionState; distanceKm: number | null }[];
  nextCursor: string | null;
}

/** A LIKE pattern matching `text` anywhere, its wildcards (% and _) and the escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

const haversineSql = (alias: string) =>
  `(6371.0088 * 2 * ASIN(LEAST(1, SQRT(POWER(SIN(RADIANS(${alias}.lat - :nearLat) / 2), 2) + ` +
  `COS(RADIANS(:nearLat)) * COS(RADIANS(${alias}.lat)) * POWER(SIN(RADIANS(${alias}.lng - :nearLng) / 2), 2)))))`;

/**
 * New institutions whose rows are being collected to be written together (`insertAll`), by the transaction
 * they are inserted in; absent: each insert writes at once.
 */
const collecting = new WeakMap<EntityManager, { rows: Partial<InstitutionRow>[]; capabilities: InstitutionCapabilityRow[] }>();

/** Rows per multi-row INSERT: a few hundred institutions stay well under the server's packet limit. */
const INSERT_CHUNK = 250;

const sameCapabilities = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** How an institution is kept: its row, and one row per capability (written with it, replaced when they change). */
const institutionMapping: AggregateMapping<Institution, InstitutionState, InstitutionRow> = {
  entity: InstitutionRow,
  toRow,
  restore: async (_em, rows) => rows.map((row) => Institution.restore(toState(row))),
  async writeChildren(em, state, before) {
    const batch = before ? undefined : collecting.get(em);
    if (batch) {
      batch.capabilities.push(...state.capabilities.map((capability) => ({ capability, institutionId: state.id })));
      return;
    }
    if (before && sameCapabilities(before.capabilities, state.capabilities)) return;
    if (before) await em.delete(InstitutionCapabilityRow, { institutionId: state.id });
    if (state.capabilities.length === 0) return;
    await em.insert(
      InstitutionCapabilityRow,
      state.capabilities.map((capability) => ({ capability, institutionId: state.id })),
    );
  },
  notFound: () => new NotFoundError('institution', ErrorCodes.INSTITUTION_NOT_FOUND),
  duplicate: (s) => new DomainError(ErrorCodes.DUPLICATE_USCC, 'conflict', `an institution with USCC ${s.uscc} is already registered`),
  // TypeORM's insert writes the location with ST_GeomFromText (the shared multi-row insert sends it as a plain value)
  insertRow: async (em, row) => {
    const batch = collecting.get(em);
    if (batch) batch.rows.push(row);
    else await em.insert(InstitutionRow, row);
  },
};

@Injectable()
export class InstitutionRepository extends AggregateRepository<Institution, InstitutionState, InstitutionRow> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(institutionMapping);
  }

  /**
   * Inserts many new institutions with a few multi-row statements (a bulk import): each goes through the
   * base's insert (so the store saves and publishes it like any other), its rows collected, then written
   * a few hundred at a time. A USCC registered meanwhile is a 409 DUPLICATE_USCC for the whole batch.
   */
  async insertAll(em: EntityManager, institutions: readonly Institution[]): Promise<void> {
    const batch = { rows: [] as Partial<InstitutionRow>[], capabilities: [] as InstitutionCapabilityRow[] };
    collecting.set(em, batch);
    try {
      for (const institution of institutions) await this.insert(em, institution);
    } finally {
      collecting.delete(em);
    }
    try {
      for (let i = 0; i < batch.rows.length; i += INSERT_CHUNK) await em.insert(InstitutionRow, batch.rows.slice(i, i + INSERT_CHUNK));
    } catch (err) {
      if (isDuplicateKeyError(err)) {
        throw new DomainError(ErrorCodes.DUPLICATE_USCC, 'conflict', 'an institution with one of these USCCs was registered meanwhile');
      }
      throw err;
    }
    for (let i = 0; i < batch.capabilities.length; i += 4 * INSERT_CHUNK) {
      await em.insert(InstitutionCapabilityRow, batch.capabilities.slice(i, i + 4 * INSERT_CHUNK));
    }
  }

  /** An institution as it stands (no lock); INSTITUTION_NOT_FOUND when absent. */
  async get(id: string): Promise<InstitutionState> {
    const row = await this.dataSource.getRepository(InstitutionRow).findOneBy({ id });
    if (!row) throw this.notFoundError();
    return toState(row);
  }

  /** Which of these USCCs are already registered (looked up a thousand at a time, by the unique index). */
  async registeredUsccs(usccs: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < usccs.length; i += 1000) {
      const chunk = usccs.slice(i, i + 1000);
      const rows: { uscc: string }[] = await this.dataSource.query('SELECT uscc FROM institutions WHERE uscc IN (?)', [chunk]);
      for (const r of rows) found.add(r.uscc);
    }
    return found;
  }

  /**
   * Institutions whose licence lapsed before `today` and whose expiry was not announced yet (in a status
   * the life cycle announces it from), locked
   * with SKIP LOCKED so that several scheduler replicas each take different rows.
   */
  claimLapsedLicences(em: EntityManager, today: string, limit: number): Promise<Institution[]> {
    return this.lock(
      em,
      (qb) =>
        qb
          .where(`${qb.alias}.licence_valid_to < :today`, { today })
          .andWhere(`${qb.alias}.status IN (:...statuses)`, { statuses: institutionLifecycle.table['announce licence expiry'].from })
          .andWhere(
            `(${qb.alias}.licence_expiry_announced_for IS NULL OR ${qb.alias}.licence_expiry_announced_for <> ${qb.alias}.licence_valid_to)`,
          )
          .orderBy(`${qb.alias}.licence_valid_to`, 'ASC'),
      { limit, skipLocked: true },
    );
  }

  /**
   * Filtered, cursor-paginated search. With `near`, the spatial index narrows candidates to the
   * radius's bounding box, then exact distances order them nearest first.
   */
  async search(filters: SearchFilters, limit: number, cursor?: string): Promise<SearchResult> {
    const qb = this.dataSource.getRepository(InstitutionRow).createQueryBuilder('i');
    if (filters.uscc) qb.andWhere('i.uscc = :uscc', { uscc: filters.uscc });
    // '!' as the escape character: a backslash's meaning in a string literal depends on sql_mode (NO_BACKSLASH_ESCAPES)
    if (filters.name) {
      qb.andWhere("i.name_search LIKE :namePattern ESCAPE '!'", { namePattern: containsPattern(filters.name) });
      // an always-true range on division_code makes the ordered walk a range scan, where the name is checked
      // inside the index (index condition pushdown) before any row is read; a plain index walk reads every row
      if (!filters.divisionPrefix && !filters.near) qb.andWhere("i.division_code >= '000000'");
    }
    if (filters.category) qb.andWhere('i.category = :category', { category: filters.category });
    if (filters.kind) qb.andWhere('i.kind = :kind', { kind: filters.kind });
    if (filters.status) qb.andWhere('i.status = :status', { status: filters.status });
    if (filters.divisionPrefix) qb.andWhere('i.division_code LIKE :prefix', { prefix: `${filters.divisionPrefix}%` });
    if (filters.capability) {
      qb.andWhere('EXISTS (SELECT 1 FROM institution_capabilities c WHERE c.capability = :capability AND c.institution_id = i.id)', {
        capability: filters.capability,
      });
    }

    if (filters.near) {
      const radiusKm = filters.radiusKm ?? 10;
      const box = boundingBox(filters.near, radiusKm);
      const polygon = `POLYGON((${box.minLng} ${box.minLat}, ${box.maxLng} ${box.minLat}, ${box.maxLng} ${box.maxLat}, ${box.minLng} ${box.maxLat}, ${box.minLng} ${box.minLat}))`;
      const distance = haversineSql('i');
      qb.andWhere('MBRContains(ST_GeomFromText(:polygon), i.location)', { polygon })
        .andWhere(`${distance} <= :radiusKm`, { radiusKm })
        .addSelect(distance, 'distance_km')
        .setParameters({ nearLat: filters.near.lat, nearLng: filters.near.lng });
      if (cursor) {
        const c = decodeCursor<{ d: number; id: string }>(cursor, ['d', 'id']);
        qb.andWhere(
          new Brackets((w) => w.where(`${distance} > :cd`, { cd: c.d }).orWhere(`(${distance} = :cd AND i.id > :cid)`, { cid: c.id })),
        );
      }
      qb.orderBy('distance_km', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .limit(limit + 1);
      const { entities, raw } = await qb.getRawAndEntities();
      const distances = new Map<string, number>(
        raw.map((r: { i_id: string; distance_km: string | number }) => [r.i_id, Number(r.distance_km)]),
      );
      const page = entities.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({ state: toState(row), distanceKm: Math.round((distances.get(row.id) ?? 0) * 1000) / 1000 })),
        nextCursor: entities.length > limit && last ? encodeCursor({ d: distances.get(last.id) ?? 0, id: last.id }) : null,
      };
    }

    if (cursor) {
      const c = decodeCursor<{ dc: string; id: string }>(cursor, ['dc', 'id']);
      qb.andWhere(
        new Brackets((w) =>
          w.where('i.division_code > :dc', { dc: c.dc }).orWhere('(i.division_code = :dc AND i.id > :cid)', { cid: c.id }),
        ),
      );
    }
    qb.orderBy('i.division_code', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(undefined)
      .limit(limit + 1);
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({ state: toState(row), distanceKm: null })),
      nextCursor: rows.length > limit && last ? encodeCursor({ dc: last.divisionCode, id: last.id }) : null,
    };
  }
}
