import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service has in its own schema. Include it in each service's migrations. */
export class MessagingTables1763800000000 implements MigrationInterface {
  name = 'MessagingTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      event_id CHAR(36) NOT NULL,
      aggregate_type VARCHAR(64) NOT NULL,
      aggregate_id VARCHAR(64) NOT NULL,
      topic VARCHAR(249) NOT NULL,
      event_type VARCHAR(128) NOT NULL,
      payload LONGTEXT NOT NULL,
      headers JSON NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      published_at DATETIME(3) NULL,
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      last_error TEXT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_outbox_event_id (event_id),
      KEY ix_outbox_unpublished (published_at, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE inbox (
      consumer VARCHAR(100) NOT NULL,
      source VARCHAR(200) NOT NULL,
      event_id VARCHAR(64) NOT NULL,
      event_type VARCHAR(128) NOT NULL,
      handled_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (consumer, source, event_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox');
    await q.query('DROP TABLE outbox');
  }
}
