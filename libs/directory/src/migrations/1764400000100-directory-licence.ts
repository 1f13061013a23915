import { MigrationInterface, QueryRunner } from 'typeorm';

/** The medical practice licence's last day, so that rules can tell a lapsed licence (issue 14, rule 4). */
export class DirectoryLicence1764400000100 implements MigrationInterface {
  name = 'DirectoryLicence1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE institution_directory ADD COLUMN licence_valid_to DATE NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE institution_directory DROP COLUMN licence_valid_to');
  }
}
