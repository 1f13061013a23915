import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail every service with aggregates keeps in its own schema (ADR 0012): one row per
 * recorded change, written by `AggregateStore` in the change's transaction, never updated or deleted
 * by the platform. `PlatformModule.forRoot` runs it before the service's own migrations.
 * Every index ends in (at, id): each filter pages newest first by keyset (ADR 0004).
 */
export class AuditEntries1763800000003 implements MigrationInterface {
  name = 'AuditEntries1763800000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_entries (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      at DATETIME(3) NOT NULL,
      aggregate_type VARCHAR(64) NOT NULL,
      aggregate_id VARCHAR(64) NOT NULL,
      version INT UNSIGNED NOT NULL,
      action VARCHAR(64) NOT NULL,
      fields JSON NOT NULL,
      reason TEXT NULL,
      actor_id VARCHAR(128) NOT NULL,
      actor_role VARCHAR(32) NOT NULL,
      actor_institution_id VARCHAR(64) NULL,
      actor_name VARCHAR(200) NULL,
      party1_institution_id VARCHAR(64) NOT NULL,
      party1_division VARCHAR(12) NOT NULL,
      party2_institution_id VARCHAR(64) NULL,
      party2_division VARCHAR(12) NULL,
      PRIMARY KEY (id),
      KEY ix_audit_at (at, id),
      KEY ix_audit_resource (aggregate_id, at, id),
      KEY ix_audit_actor (actor_id, at, id),
      KEY ix_audit_party1 (party1_institution_id, at, id),
      KEY ix_audit_party2 (party2_institution_id, at, id),
      KEY ix_audit_division1 (party1_division, at, id),
      KEY ix_audit_division2 (party2_division, at, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_entries');
  }
}
