import { MigrationInterface, QueryRunner } from 'typeorm';

/** The institution directory table (a service that had it already keeps its own). */
export class InstitutionDirectory1763800000100 implements MigrationInterface {
  name = 'InstitutionDirectory1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS institution_directory (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      uscc VARCHAR(32) NOT NULL,
      category VARCHAR(16) NOT NULL,
      kind VARCHAR(32) NOT NULL,
      status VARCHAR(16) NOT NULL,
      division_code CHAR(6) NOT NULL,
      lat DOUBLE NOT NULL,
      lng DOUBLE NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS institution_directory');
  }
}
