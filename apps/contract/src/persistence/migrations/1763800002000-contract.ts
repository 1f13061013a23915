import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract service's schema: agreements (queried fields in columns, content and lifecycle as JSON),
 * their history, every countersigned revision of their content, the versions of their signed document (bytes in the object store), and institutions' names as learnt from
 * institution.events. The institution directory table comes from libs/directory's migration.
 */
export class Contract1763800002000 implements MigrationInterface {
  name = 'Contract1763800002000';

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
      proposed_by VARCHAR(8) NOT NULL DEFAULT 'elderly',
      revision INT UNSIGNED NOT NULL DEFAULT 0,
      termination_on DATE NULL,
      last_reminder INT NULL,
      sanctioned TINYINT(1) NOT NULL DEFAULT 0,
      lifecycle JSON NULL,
      copied_from CHAR(36) NULL,
      PRIMARY KEY (id),
      KEY ix_agreements_pair (elderly_id, medical_id, status),
      KEY ix_agreements_elderly (elderly_id, status, id),
      KEY ix_agreements_medical (medical_id, status, id),
      KEY ix_agreements_schedule (status, effective_from),
      KEY ix_agreements_expiry (status, effective_to),
      KEY ix_agreements_termination (status, termination_on),
      KEY ix_agreements_predecessor (predecessor_id)
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
      actor_name VARCHAR(200) NULL,
      PRIMARY KEY (id),
      KEY ix_history_agreement (agreement_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE agreement_revisions (
      agreement_id CHAR(36) NOT NULL,
      revision INT UNSIGNED NOT NULL,
      content JSON NOT NULL,
      proposed_by VARCHAR(8) NOT NULL,
      proposed_by_id VARCHAR(64) NOT NULL,
      proposed_by_name VARCHAR(200) NULL,
      proposed_at DATETIME(3) NOT NULL,
      countersigned_by_id VARCHAR(64) NOT NULL,
      countersigned_by_name VARCHAR(200) NULL,
      countersigned_at DATETIME(3) NOT NULL,
      PRIMARY KEY (agreement_id, revision)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE agreement_documents (
      id CHAR(36) NOT NULL,
      agreement_id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      sha256 CHAR(64) NOT NULL,
      media_type VARCHAR(32) NOT NULL,
      size_bytes INT UNSIGNED NOT NULL,
      file_name VARCHAR(255) NOT NULL,
      object_key VARCHAR(200) NOT NULL,
      uploaded_by VARCHAR(64) NOT NULL,
      uploaded_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY ux_documents_version (agreement_id, version),
      UNIQUE KEY ux_documents_object (object_key)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE institution_names (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE institution_names');
    await q.query('DROP TABLE agreement_documents');
    await q.query('DROP TABLE agreement_revisions');
    await q.query('DROP TABLE agreement_history');
    await q.query('DROP TABLE agreements');
  }
}
