import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InstitutionSnapshot } from '@yiyang/contracts';

/**
 * Institutions' names beside the directory's facts, from the same institution.events (the newest
 * version wins, as in the directory): what agreement responses show next to the parties' ids.
 */
@Injectable()
export class InstitutionNames {
  async apply(em: EntityManager, s: InstitutionSnapshot): Promise<void> {
    await em.query(
      `INSERT INTO institution_names (id, version, name) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE name = IF(VALUES(version) > version, VALUES(name), name), version = GREATEST(version, VALUES(version))`,
      [s.id, s.version, s.name],
    );
  }
}
