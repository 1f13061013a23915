import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search and the operations an institution reports itself.
 *
 * `name_search` holds the name in the form it is matched in (NFKC, lower case, no whitespace; see
 * `searchableName`), binary-collated so that `LIKE '%…%'` compares exactly what the application
 * normalised. Rows written before this migration get an approximation (lower case, no spaces) that the
 * next save of the institution replaces.
 *
 * `LIKE '%…%'` cannot seek, so the name rides at the end of the two indexes search results are read in
 * order of (division_code, id): the walk checks the name inside the index (index condition pushdown) and
 * reads a row only when its name matches, instead of reading every row it passes.
 */
export class NameSearchAndOperations1764500000000 implements MigrationInterface {
  name = 'NameSearchAndOperations1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE institutions
      ADD COLUMN name_search VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '' AFTER name,
      ADD COLUMN free_beds JSON NULL,
      ADD COLUMN referral_phone VARCHAR(32) NULL,
      ADD COLUMN operations_updated_at DATETIME(3) NULL,
      DROP KEY ix_institutions_division,
      ADD KEY ix_institutions_division_name (division_code, id, name_search),
      DROP KEY ix_institutions_category,
      ADD KEY ix_institutions_category_name (category, division_code, id, name_search)`);
    await q.query("UPDATE institutions SET name_search = LOWER(REPLACE(REPLACE(name, ' ', ''), '　', ''))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE institutions
      DROP KEY ix_institutions_division_name, ADD KEY ix_institutions_division (division_code, id),
      DROP KEY ix_institutions_category_name, ADD KEY ix_institutions_category (category, division_code, id),
      DROP COLUMN name_search, DROP COLUMN free_beds, DROP COLUMN referral_phone, DROP COLUMN operations_updated_at`);
  }
}
