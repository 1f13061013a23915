import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyTables1763800000001 implements MigrationInterface {
  name = 'IdempotencyTables1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE idempotency_keys (
      principal VARCHAR(128) NOT NULL,
      idem_key VARCHAR(200) NOT NULL,
      path VARCHAR(500) NOT NULL,
      request_hash CHAR(64) NOT NULL,
      status_code SMALLINT NULL,
      response_body LONGTEXT NULL,
      response_headers JSON NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (principal, idem_key),
      KEY ix_idempotency_created (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}

/**
 * The resource a request created or changed, written in the same transaction as the change: if the
 * process dies before the response is stored, a retry learns the change was applied instead of
 * applying it again.
 */
export class IdempotencyCommitted1763800000002 implements MigrationInterface {
  name = 'IdempotencyCommitted1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN committed_resource VARCHAR(300) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN committed_resource');
  }
}
