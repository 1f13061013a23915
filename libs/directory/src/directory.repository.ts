import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventTypes,
  InstitutionCategory,
  InstitutionEventType,
  InstitutionFacts,
  InstitutionKind,
  InstitutionSnapshot,
  InstitutionStatus,
} from '@yiyang/contracts';
import { EventHandlers, IncomingEvent, handleEach } from '@yiyang/messaging';
import { DirectoryErrorCodes, DomainError } from '@yiyang/kernel';

interface RawDirectoryRow {
  id: string;
  category: string;
  kind: string;
  status: string;
  division_code: string;
  lat: number | string;
  lng: number | string;
  licence_valid_to: string | null;
}

const FACTS = `SELECT id, category, kind, status, division_code, lat, lng, DATE_FORMAT(licence_valid_to, '%Y-%m-%d') AS licence_valid_to
  FROM institution_directory`;

/** What responses and printed forms show of an institution: its registered name and USCC (统一社会信用代码). */
export interface InstitutionName {
  name: string;
  uscc: string;
}

const toFacts = (r: RawDirectoryRow): InstitutionFacts => ({
  institutionId: r.id,
  category: r.category as InstitutionCategory,
  kind: r.kind as InstitutionKind,
  status: r.status as InstitutionStatus,
  divisionCode: r.division_code,
  location: { lat: Number(r.lat), lng: Number(r.lng) },
  licenceValidTo: r.licence_valid_to,
});

/** The registry as a consuming service knows it from institution.events (no call to the registry). */
@Injectable()
export class DirectoryRepository {
  /** Applies an institution's state if it is newer than what is stored (events may arrive out of order). */
  async apply(em: EntityManager, s: InstitutionSnapshot): Promise<void> {
    await em.query(
      `INSERT INTO institution_directory (id, version, name, uscc, category, kind, status, division_code, lat, lng, licence_valid_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         name = IF(VALUES(version) > version, VALUES(name), name),
         uscc = IF(VALUES(version) > version, VALUES(uscc), uscc),
         category = IF(VALUES(version) > version, VALUES(category), category),
         kind = IF(VALUES(version) > version, VALUES(kind), kind),
         status = IF(VALUES(version) > version, VALUES(status), status),
         division_code = IF(VALUES(version) > version, VALUES(division_code), division_code),
         lat = IF(VALUES(version) > version, VALUES(lat), lat),
         lng = IF(VALUES(version) > version, VALUES(lng), lng),
         licence_valid_to = IF(VALUES(version) > version, VALUES(licence_valid_to), licence_valid_to),
         version = GREATEST(version, VALUES(version))`,
      [
        s.id,
        s.version,
        s.name,
        s.uscc,
        s.category,
        s.kind,
        s.status,
        s.divisionCode,
        s.location.lat,
        s.location.lng,
        s.medicalLicence?.validTo ?? null,
      ],
    );
  }

  /**
   * An institution's current facts as this service knows them (null when never heard of): what rules
   * need, and what aggregates copy into their state (a name is for display: see `names`).
   */
  async facts(em: EntityManager, id: string): Promise<InstitutionFacts | null> {
    const [row] = await em.query<RawDirectoryRow[]>(`${FACTS} WHERE id = ?`, [id]);
    return row ? toFacts(row) : null;
  }

  /**
   * Institutions' names and USCCs in one query (e.g. for a page of a list): those this service has
   * not heard of are absent from the map.
   */
  async names(em: EntityManager, ids: readonly string[]): Promise<Map<string, InstitutionName>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await em.query<{ id: string; name: string; uscc: string }[]>(
      'SELECT id, name, uscc FROM institution_directory WHERE id IN (?)',
      [unique],
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, uscc: r.uscc }]));
  }

  /**
   * Two institutions' current facts, in the order asked; with `lock`, their rows are locked so that
   * two transactions about the same pair serialise (e.g. two countersignatures).
   */
  async two(em: EntityManager, firstId: string, secondId: string, lock = false): Promise<[InstitutionFacts, InstitutionFacts]> {
    // ordered by id so two transactions lock a pair in the same order
    const rows = await em.query<RawDirectoryRow[]>(`${FACTS} WHERE id IN (?, ?) ORDER BY id${lock ? ' FOR UPDATE' : ''}`, [
      firstId,
      secondId,
    ]);
    const find = (id: string) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new DomainError(DirectoryErrorCodes.PARTY_UNKNOWN, 'rule', `institution ${id} is not (yet) known to this service`);
      return toFacts(row);
    };
    return [find(firstId), find(secondId)];
  }

  /** An agreement's two parties, locked (see `two`). */
  async pairForUpdate(
    em: EntityManager,
    elderlyId: string,
    medicalId: string,
  ): Promise<{ elderly: InstitutionFacts; medical: InstitutionFacts }> {
    const [elderly, medical] = await this.two(em, elderlyId, medicalId, true);
    return { elderly, medical };
  }
}

/**
 * The idempotent consumer's handlers for institution.events that keep the directory; `then` runs in
 * the same transaction after an institution's state was applied (e.g. to flag its agreements).
 */
export function directoryHandlers(
  directory: DirectoryRepository,
  then?: (event: IncomingEvent<InstitutionEventType>, em: EntityManager) => Promise<void>,
): EventHandlers {
  return handleEach(EventTypes.institution, async (event, em) => {
    await directory.apply(em, event.data.institution);
    await then?.(event, em);
  });
}
