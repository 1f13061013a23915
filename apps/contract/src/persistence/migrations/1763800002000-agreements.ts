import { MigrationInterface, QueryRunner } from 'typeorm';

export class Agreements1763800002000 implements MigrationInterface {
  name = 'Agreements1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE agreements (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      status VARCHAR(16) NOT NULL,
      mode VARCHAR(16) NOT NULL,
      elderly_id CHAR(36) NOT NULL,
      medical_id CHAR(36) NOT NULL,
      elderly_division CHAR(6) NOT NULL,
      medical_division CHAR(6) NOT NULL,
      effective_from DATE NOT NULL,
      effective_to DATE NOT NULL,
      predecessor_id CHAR(36) NULL,
      parties JSON NOT NULL,
      terms JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_agreements_pair (elderly_id, medical_id, status),
      KEY ix_agreements_elderly (elderly_id, status, id),
      KEY ix_agreements_medical (medical_id, status, id),
      KEY ix_agreements_schedule (status, effective_from)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE agreement_history (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      agreement_id CHAR(36) NOT NULL,
      at DATETIME(3) NOT NULL,
      action VARCHAR(32) NOT NULL,
      from_status VARCHAR(16) NULL,
      to_status VARCHAR(16) NOT NULL,
      actor_id VARCHAR(64) NOT NULL,
      actor_role VARCHAR(32) NOT NULL,
      reason VARCHAR(1000) NULL,
      PRIMARY KEY (id),
      KEY ix_history_agreement (agreement_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE IF NOT EXISTS institution_directory (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      category VARCHAR(16) NOT NULL,
      kind VARCHAR(32) NOT NULL,
      status VARCHAR(16) NOT NULL,
      division_code CHAR(6) NOT NULL,
      lat DOUBLE NOT NULL,
      lng DOUBLE NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE institution_directory');
    await q.query('DROP TABLE agreement_history');
    await q.query('DROP TABLE agreements');
  }
}
