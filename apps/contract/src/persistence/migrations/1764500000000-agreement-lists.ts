import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lists' indexes (issue 14): agreements newest first, `(created_at, id)`, each side read on its own:
 * an institution's as either party, a regulator's jurisdiction by either party's division (a prefix).
 */
export class AgreementLists1764500000000 implements MigrationInterface {
  name = 'AgreementLists1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements
      ADD KEY ix_agreements_created (created_at),
      ADD KEY ix_agreements_elderly_created (elderly_id, created_at),
      ADD KEY ix_agreements_medical_created (medical_id, created_at),
      ADD KEY ix_agreements_elderly_division (elderly_division, created_at),
      ADD KEY ix_agreements_medical_division (medical_division, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements
      DROP KEY ix_agreements_medical_division,
      DROP KEY ix_agreements_elderly_division,
      DROP KEY ix_agreements_medical_created,
      DROP KEY ix_agreements_elderly_created,
      DROP KEY ix_agreements_created`);
  }
}
