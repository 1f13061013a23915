import { MigrationInterface, QueryRunner } from 'typeorm';

/** Termination notice, expiry reminders, renewal links, amendments and sanction flags. */
export class AgreementLifecycle1763800003000 implements MigrationInterface {
  name = 'AgreementLifecycle1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements
      ADD COLUMN proposed_by VARCHAR(8) NOT NULL DEFAULT 'elderly',
      ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 0,
      ADD COLUMN termination_on DATE NULL,
      ADD COLUMN last_reminder INT NULL,
      ADD COLUMN sanctioned TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN lifecycle JSON NULL,
      ADD KEY ix_agreements_expiry (status, effective_to),
      ADD KEY ix_agreements_termination (status, termination_on),
      ADD KEY ix_agreements_predecessor (predecessor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements
      DROP KEY ix_agreements_predecessor, DROP KEY ix_agreements_termination, DROP KEY ix_agreements_expiry,
      DROP COLUMN lifecycle, DROP COLUMN sanctioned, DROP COLUMN last_reminder, DROP COLUMN termination_on,
      DROP COLUMN revision, DROP COLUMN proposed_by`);
  }
}
