import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InstitutionCategory, InstitutionFacts, InstitutionKind, InstitutionSnapshot, InstitutionStatus } from '@yiyang/contracts';
import { DomainError } from '@yiyang/kernel';
import { DirectoryRow } from './directory.entity';

const toFacts = (r: DirectoryRow): InstitutionFacts => ({
  institutionId: r.id,
  category: r.category as InstitutionCategory,
  kind: r.kind as InstitutionKind,
  status: r.status as InstitutionStatus,
  divisionCode: r.divisionCode,
  location: { lat: r.lat, lng: r.lng },
});

/** The registry as a consuming service knows it from institution.events (no call to the registry). */
@Injectable()
export class DirectoryRepository {
  /** Applies an institution's state if it is newer than what is stored (events may arrive out of order). */
  async apply(em: EntityManager, s: InstitutionSnapshot): Promise<void> {
    await em.query(
      `INSERT INTO institution_directory (id, version, category, kind, status, division_code, lat, lng) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         category = IF(VALUES(version) > version, VALUES(category), category),
         kind = IF(VALUES(version) > version, VALUES(kind), kind),
         status = IF(VALUES(version) > version, VALUES(status), status),
         division_code = IF(VALUES(version) > version, VALUES(division_code), division_code),
         lat = IF(VALUES(version) > version, VALUES(lat), lat),
         lng = IF(VALUES(version) > version, VALUES(lng), lng),
         version = GREATEST(version, VALUES(version))`,
      [s.id, s.version, s.category, s.kind, s.status, s.divisionCode, s.location.lat, s.location.lng],
    );
  }

  /** An institution's current facts as this service knows them (null when never heard of). */
  async facts(em: EntityManager, id: string): Promise<InstitutionFacts | null> {
    const row = await em.getRepository(DirectoryRow).findOneBy({ id });
    return row ? toFacts(row) : null;
  }

  /** Both parties' current facts, their rows locked so that two countersignatures of one pair serialise. */
  async pairForUpdate(em: EntityManager, elderlyId: string, medicalId: string): Promise<{ elderly: InstitutionFacts; medical: InstitutionFacts }> {
    const rows = await em
      .getRepository(DirectoryRow)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id IN (:...ids)', { ids: [elderlyId, medicalId] })
      .orderBy('d.id')
      .getMany();
    const find = (id: string) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new DomainError('PARTY_UNKNOWN', 'rule', `institution ${id} is not (yet) known to this service`);
      return toFacts(row);
    };
    return { elderly: find(elderlyId), medical: find(medicalId) };
  }
}
