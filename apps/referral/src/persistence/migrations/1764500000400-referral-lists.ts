import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the lists of referrals (staff both ways, regulators by either party's division, newest
 * first: a referral's created_at is its requested_at, and the sent list's (from_id, created_at, id)
 * serves the sent side). A regulator's jurisdiction is a county, a city or a province: each party's
 * division is also kept as its city and province prefix (generated, stored columns the service never
 * writes; RTRIM because MariaDB refuses an expression on a CHAR column that PAD_CHAR_TO_FULL_LENGTH could
 * change), so every jurisdiction is an equality on one column and a page is an index range, flat in
 * the size of history. Then the resident's keyed blind index (ADR 0005; rows written before it get theirs from the
 * start-up backfill) and the actor's display name on history lines.
 */
export class ReferralLists1764500000400 implements MigrationInterface {
  name = 'ReferralLists1764500000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals
      ADD COLUMN resident_index CHAR(64) NULL,
      ADD COLUMN resident_index_key_id VARCHAR(32) NULL,
      ADD COLUMN from_city CHAR(4) AS (LEFT(RTRIM(from_division), 4)) STORED,
      ADD COLUMN to_city CHAR(4) AS (LEFT(RTRIM(to_division), 4)) STORED,
      ADD COLUMN from_province CHAR(2) AS (LEFT(RTRIM(from_division), 2)) STORED,
      ADD COLUMN to_province CHAR(2) AS (LEFT(RTRIM(to_division), 2)) STORED,
      ADD KEY ix_referrals_received (to_id, created_at, id),
      ADD KEY ix_referrals_from_division (from_division, created_at, id),
      ADD KEY ix_referrals_to_division (to_division, created_at, id),
      ADD KEY ix_referrals_from_city (from_city, created_at, id),
      ADD KEY ix_referrals_to_city (to_city, created_at, id),
      ADD KEY ix_referrals_from_province (from_province, created_at, id),
      ADD KEY ix_referrals_to_province (to_province, created_at, id),
      ADD KEY ix_referrals_resident (resident_index, created_at)`);
    await q.query('ALTER TABLE referral_history ADD COLUMN actor_name VARCHAR(200) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE referral_history DROP COLUMN actor_name');
    await q.query(`ALTER TABLE referrals
      DROP KEY ix_referrals_resident,
      DROP KEY ix_referrals_to_province,
      DROP KEY ix_referrals_from_province,
      DROP KEY ix_referrals_to_city,
      DROP KEY ix_referrals_from_city,
      DROP KEY ix_referrals_to_division,
      DROP KEY ix_referrals_from_division,
      DROP KEY ix_referrals_received,
      DROP COLUMN to_province,
      DROP COLUMN from_province,
      DROP COLUMN to_city,
      DROP COLUMN from_city,
      DROP COLUMN resident_index_key_id,
      DROP COLUMN resident_index`);
  }
}
