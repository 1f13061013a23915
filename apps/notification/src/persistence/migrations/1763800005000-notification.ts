import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Inboxes, subscriptions and deliveries, findings, statistics counters, and the read models they are computed from. */
export class Notification1763800005000 implements MigrationInterface {
  name = 'Notification1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notifications (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      recipient_kind VARCHAR(12) NOT NULL,
      recipient VARCHAR(36) NOT NULL,
      dedupe_key VARCHAR(160) NOT NULL,
      event_id VARCHAR(64) NOT NULL,
      event_type VARCHAR(100) NOT NULL,
      title_zh VARCHAR(200) NOT NULL,
      body_zh VARCHAR(1000) NOT NULL,
      title_en VARCHAR(200) NOT NULL,
      body_en VARCHAR(1000) NOT NULL,
      resource VARCHAR(200) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      read_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY ux_notifications_dedupe (dedupe_key),
      KEY ix_notifications_inbox (recipient_kind, recipient, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE notification_reads (
      reader VARCHAR(64) NOT NULL,
      notification_id BIGINT UNSIGNED NOT NULL,
      read_at DATETIME(3) NOT NULL,
      PRIMARY KEY (reader, notification_id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE subscriptions (
      id CHAR(36) NOT NULL,
      owner_kind VARCHAR(12) NOT NULL,
      owner VARCHAR(36) NOT NULL,
      created_by VARCHAR(64) NOT NULL,
      url VARCHAR(2000) NOT NULL,
      key_id VARCHAR(32) NOT NULL,
      secret_sealed TEXT NOT NULL,
      event_types JSON NOT NULL,
      division_prefix VARCHAR(6) NULL,
      status VARCHAR(8) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_subscriptions_owner (owner_kind, owner, status)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE deliveries (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      subscription_id CHAR(36) NOT NULL,
      event_id VARCHAR(64) NOT NULL,
      event_type VARCHAR(100) NOT NULL,
      payload MEDIUMTEXT NOT NULL,
      status VARCHAR(10) NOT NULL,
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(3) NOT NULL,
      lease_until DATETIME(3) NULL,
      last_status INT NULL,
      last_error VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY ux_deliveries_event (subscription_id, event_id),
      KEY ix_deliveries_due (status, next_attempt_at)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE delivery_attempts (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      delivery_id BIGINT UNSIGNED NOT NULL,
      attempt INT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      status_code INT NULL,
      error VARCHAR(500) NULL,
      duration_ms INT UNSIGNED NOT NULL,
      PRIMARY KEY (id),
      KEY ix_attempts_delivery (delivery_id, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE findings (
      id CHAR(36) NOT NULL,
      rule VARCHAR(48) NOT NULL,
      subject VARCHAR(120) NOT NULL,
      division CHAR(6) NOT NULL,
      status VARCHAR(8) NOT NULL,
      open_key VARCHAR(180) NULL,
      raised_at DATETIME(3) NOT NULL,
      resolved_at DATETIME(3) NULL,
      details JSON NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY ux_findings_open (open_key),
      KEY ix_findings_division (division, status, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE stat_counters (
      division CHAR(6) NOT NULL,
      metric VARCHAR(64) NOT NULL,
      value BIGINT NOT NULL,
      PRIMARY KEY (division, metric)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE nx_institutions (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      category VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      division CHAR(6) NOT NULL,
      has_licence TINYINT(1) NOT NULL,
      uncovered_since DATETIME(3) NULL,
      counted TINYINT(1) NOT NULL DEFAULT 0,
      covered TINYINT(1) NOT NULL DEFAULT 0,
      PRIMARY KEY (id),
      KEY ix_nx_institutions_cover (category, status, has_licence, uncovered_since)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE nx_agreements (
      id CHAR(36) NOT NULL,
      sequence INT UNSIGNED NOT NULL,
      status VARCHAR(16) NOT NULL,
      snapshot JSON NOT NULL,
      elderly_id CHAR(36) NOT NULL,
      medical_id CHAR(36) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_nx_agreements_elderly (elderly_id, status),
      KEY ix_nx_agreements_medical (medical_id, status)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE nx_referrals (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      status VARCHAR(24) NOT NULL,
      direction VARCHAR(4) NOT NULL,
      from_division CHAR(6) NOT NULL,
      to_id CHAR(36) NOT NULL,
      to_division CHAR(6) NOT NULL,
      overdue_at DATETIME(3) NULL,
      answered_at DATETIME(3) NULL,
      PRIMARY KEY (id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE nx_refusals (
      elderly_id CHAR(36) NOT NULL,
      medical_id CHAR(36) NOT NULL,
      division CHAR(6) NOT NULL,
      refusals INT UNSIGNED NOT NULL,
      PRIMARY KEY (elderly_id, medical_id)
    ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'nx_refusals',
      'nx_referrals',
      'nx_agreements',
      'nx_institutions',
      'stat_counters',
      'findings',
      'delivery_attempts',
      'deliveries',
      'subscriptions',
      'notification_reads',
      'notifications',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
