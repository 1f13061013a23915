import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's tables.
 *
 * `name_search` holds the name in the form it is matched in (NFKC, lower case, no whitespace; see
 * `searchableName`), binary-collated so that `LIKE '%…%'` compares exactly what the application
 * normalised. `LIKE '%…%'` cannot seek, so the name rides at the end of the two indexes search results
 * are read in order of (division_code, id): the walk checks the name inside the index (index condition
 * pushdown) and reads a row only when its name matches, instead of reading every row it passes.
 *
 * One row per capability in `institution_capabilities`, so a capability filter is an index lookup.
 */
export class Institutions1763800001000 implements MigrationInterface {
  name = 'Institutions1763800001000';

  async up(q: QueryRunner): Promise<void> {
    const [{ v }] = (await q.query('SELECT VERSION() AS v')) as { v: string }[];
    // MySQL 8 uses a spatial index only on a column with an SRID attribute; MariaDB has no such syntax
    const srid = /mariadb/i.test(String(v)) ? '' : ' SRID 0';
    await q.query(`CREATE TABLE institutions (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      name_search VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
      uscc CHAR(18) NOT NULL,
      medical_institution_code VARCHAR(64) NULL,
      category VARCHAR(16) NOT NULL,
      kind VARCHAR(32) NOT NULL,
      hospital_grade VARCHAR(8) NULL,
      ownership VARCHAR(8) NOT NULL,
      non_profit TINYINT(1) NOT NULL,
      division_code CHAR(6) NOT NULL,
      address VARCHAR(500) NOT NULL,
      lat DOUBLE NOT NULL,
      lng DOUBLE NOT NULL,
      location POINT NOT NULL${srid},
      medical_licence JSON NULL,
      licence_valid_to DATE NULL,
      licence_expiry_announced_for DATE NULL,
      elderly_care_filing JSON NULL,
      medical_insurance JSON NULL,
      ltc_insurance JSON NULL,
      capabilities JSON NOT NULL,
      beds JSON NOT NULL,
      status VARCHAR(16) NOT NULL,
      status_reason VARCHAR(1000) NULL,
      registered_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      free_beds JSON NULL,
      referral_phone VARCHAR(32) NULL,
      operations_updated_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_institutions_uscc (uscc),
      KEY ix_institutions_licence_expiry (licence_valid_to),
      SPATIAL KEY sx_institutions_location (location),
      KEY ix_institutions_division_name (division_code, id, name_search),
      KEY ix_institutions_category_name (category, division_code, id, name_search)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE institution_capabilities (
      capability VARCHAR(32) NOT NULL,
      institution_id CHAR(36) NOT NULL,
      PRIMARY KEY (capability, institution_id),
      KEY ix_capabilities_institution (institution_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE institution_capabilities');
    await q.query('DROP TABLE institutions');
  }
}
