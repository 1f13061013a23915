import { MigrationInterface, QueryRunner } from 'typeorm';

export class Referrals1763800004000 implements MigrationInterface {
  name = 'Referrals1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE referrals (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      status VARCHAR(24) NOT NULL,
      direction VARCHAR(4) NOT NULL,
      priority VARCHAR(12) NOT NULL,
      priority_rank TINYINT UNSIGNED NOT NULL,
      from_id CHAR(36) NOT NULL,
      to_id CHAR(36) NOT NULL,
      from_division CHAR(6) NOT NULL,
      to_division CHAR(6) NOT NULL,
      parties JSON NOT NULL,
      agreement_id CHAR(36) NOT NULL,
      via VARCHAR(32) NOT NULL,
      patient_ref VARCHAR(64) NOT NULL,
      masked_id CHAR(18) NOT NULL,
      indication VARCHAR(32) NOT NULL,
      deadline_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      requested_at DATETIME(3) NOT NULL,
      received_at DATETIME(3) NULL,
      answered_at DATETIME(3) NULL,
      arrived_at DATETIME(3) NULL,
      completed_at DATETIME(3) NULL,
      closed_at DATETIME(3) NULL,
      overdue_at DATETIME(3) NULL,
      claimed_by VARCHAR(64) NULL,
      expected_arrival_at DATETIME(3) NULL,
      rejection_reason VARCHAR(32) NULL,
      parent_id CHAR(36) NULL,
      linked_id CHAR(36) NULL,
      key_id VARCHAR(32) NOT NULL,
      patient_sealed TEXT NOT NULL,
      clinical_sealed TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_referrals_queue (to_id, status, priority_rank, deadline_at, id),
      KEY ix_referrals_sent (from_id, created_at, id),
      KEY ix_referrals_deadline (status, overdue_at, deadline_at),
      KEY ix_referrals_expiry (status, expires_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE referral_history (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      referral_id CHAR(36) NOT NULL,
      at DATETIME(3) NOT NULL,
      action VARCHAR(32) NOT NULL,
      from_status VARCHAR(24) NULL,
      to_status VARCHAR(24) NOT NULL,
      actor_id VARCHAR(64) NOT NULL,
      actor_role VARCHAR(32) NOT NULL,
      code VARCHAR(32) NULL,
      PRIMARY KEY (id),
      KEY ix_referral_history (referral_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE referral_attachments (
      id CHAR(36) NOT NULL,
      referral_id CHAR(36) NOT NULL,
      position INT UNSIGNED NOT NULL,
      media_type VARCHAR(32) NOT NULL,
      size INT UNSIGNED NOT NULL,
      sha256 CHAR(64) NOT NULL,
      side VARCHAR(8) NOT NULL,
      uploaded_by VARCHAR(64) NOT NULL,
      uploaded_at DATETIME(3) NOT NULL,
      object_key VARCHAR(200) NOT NULL,
      key_id VARCHAR(32) NOT NULL,
      wrapped_key VARCHAR(255) NOT NULL,
      iv VARCHAR(24) NOT NULL,
      tag VARCHAR(24) NOT NULL,
      name_key_id VARCHAR(32) NOT NULL,
      file_name_sealed TEXT NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY ux_referral_attachments_object (object_key),
      UNIQUE KEY ux_referral_attachments_position (referral_id, position)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE agreement_coverage (
      id CHAR(36) NOT NULL,
      sequence INT UNSIGNED NOT NULL,
      elderly_id CHAR(36) NOT NULL,
      medical_id CHAR(36) NOT NULL,
      status VARCHAR(16) NOT NULL,
      effective_from DATE NOT NULL,
      effective_to DATE NOT NULL,
      two_way_referral TINYINT(1) NOT NULL,
      green_channel TINYINT(1) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_coverage_pair (elderly_id, medical_id, status)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agreement_coverage');
    await q.query('DROP TABLE referral_attachments');
    await q.query('DROP TABLE referral_history');
    await q.query('DROP TABLE referrals');
  }
}
