import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Daily statistics (docs/api/statistics.md): counters by division level and day, by institution and
 * day, and the milestones of each referral already counted (so a state applied again counts nothing twice).
 */
export class StatisticsDaily1764510006000 implements MigrationInterface {
  name = 'StatisticsDaily1764510006000';

  async up(q: QueryRunner): Promise<void> {
    // one row per province, city and county: a division's range is one primary-key range, its children's one index range
    await q.query(`CREATE TABLE stat_daily (
      division VARCHAR(6) NOT NULL,
      day DATE NOT NULL,
      metric VARCHAR(100) NOT NULL,
      parent VARCHAR(6) NOT NULL,
      value BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (division, day, metric),
      KEY ix_stat_daily_children (parent, day, division, metric)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE stat_institution_daily (
      institution_id CHAR(36) NOT NULL,
      day DATE NOT NULL,
      metric VARCHAR(100) NOT NULL,
      value BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (institution_id, day, metric)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE stat_referral_marks (
      referral_id CHAR(36) NOT NULL,
      marks VARCHAR(100) NOT NULL,
      PRIMARY KEY (referral_id)
    ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stat_referral_marks');
    await q.query('DROP TABLE stat_institution_daily');
    await q.query('DROP TABLE stat_daily');
  }
}
