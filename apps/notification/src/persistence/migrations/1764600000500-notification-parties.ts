import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Both parties' divisions (a finding and a regulators' notice concern either party's regulators), the
 * institutions a notification concerns (shown by name), the
 * licence validity the medical-cover rule needs, the sender and receiver of refused referrals (named
 * neutrally), and the retry budget a replayed webhook delivery starts afresh from.
 */
export class NotificationParties1764600000500 implements MigrationInterface {
  name = 'NotificationParties1764600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE findings ADD COLUMN other_division CHAR(6) NULL, ADD KEY ix_findings_other_division (other_division, status, id),
         ADD KEY ix_findings_open_division (status, division), ADD KEY ix_findings_open_other_division (status, other_division)`,
    );
    await q.query(
      `ALTER TABLE notifications ADD COLUMN recipient_alt VARCHAR(36) NULL, ADD COLUMN institutions JSON NULL,
         ADD KEY ix_notifications_inbox_alt (recipient_kind, recipient_alt, id)`,
    );
    await q.query(`ALTER TABLE nx_institutions ADD COLUMN licence_valid_to DATE NULL`);
    await q.query(
      `ALTER TABLE nx_refusals ADD COLUMN sender_id CHAR(36) NULL, ADD COLUMN receiver_id CHAR(36) NULL, ADD COLUMN receiver_division CHAR(6) NULL`,
    );
    await q.query(`ALTER TABLE deliveries ADD COLUMN attempts_before_replay INT UNSIGNED NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE deliveries DROP COLUMN attempts_before_replay');
    await q.query('ALTER TABLE nx_refusals DROP COLUMN sender_id, DROP COLUMN receiver_id, DROP COLUMN receiver_division');
    await q.query('ALTER TABLE nx_institutions DROP COLUMN licence_valid_to');
    await q.query('ALTER TABLE notifications DROP KEY ix_notifications_inbox_alt, DROP COLUMN institutions, DROP COLUMN recipient_alt');
    await q.query(
      'ALTER TABLE findings DROP KEY ix_findings_open_other_division, DROP KEY ix_findings_open_division, DROP KEY ix_findings_other_division, DROP COLUMN other_division',
    );
  }
}
