import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts copied from a refused agreement (`copied_from`), actors' display names in the history, every
 * countersigned revision of the content (`agreement_revisions`), and institutions' names as this service
 * learns them from institution.events (`institution_names`). Agreements signed before this migration get
 * their current revision, with who proposed and countersigned it as far as the history tells.
 */
export class DraftsRevisionsNames1763800004000 implements MigrationInterface {
  name = 'DraftsRevisionsNames1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agreements ADD COLUMN copied_from CHAR(36) NULL');
    await q.query('ALTER TABLE agreement_history ADD COLUMN actor_name VARCHAR(200) NULL');
    await q.query(`CREATE TABLE agreement_revisions (
      agreement_id CHAR(36) NOT NULL,
      revision INT UNSIGNED NOT NULL,
      content JSON NOT NULL,
      proposed_by VARCHAR(8) NOT NULL,
      proposed_by_id VARCHAR(64) NOT NULL,
      proposed_by_name VARCHAR(200) NULL,
      proposed_at DATETIME(3) NOT NULL,
      countersigned_by_id VARCHAR(64) NOT NULL,
      countersigned_by_name VARCHAR(200) NULL,
      countersigned_at DATETIME(3) NOT NULL,
      PRIMARY KEY (agreement_id, revision)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE institution_names (
      id CHAR(36) NOT NULL,
      version INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // the revision in force of agreements signed before revisions were kept (earlier ones were not stored)
    const signer = (column: string, actions: string) =>
      `(SELECT h.${column} FROM agreement_history h WHERE h.agreement_id = a.id AND h.action IN (${actions}) ORDER BY h.id DESC LIMIT 1)`;
    await q.query(`INSERT INTO agreement_revisions
      (agreement_id, revision, content, proposed_by, proposed_by_id, proposed_by_name, proposed_at, countersigned_by_id, countersigned_by_name, countersigned_at)
      SELECT a.id, a.revision, JSON_REMOVE(a.terms, '$.mode', '$.term'), a.proposed_by,
        COALESCE(${signer('actor_id', "'submit', 'renew', 'propose-amendment'")}, 'unknown'), NULL,
        COALESCE(${signer('at', "'submit', 'renew', 'propose-amendment'")}, a.created_at),
        COALESCE(${signer('actor_id', "'countersign', 'countersign-amendment'")}, 'unknown'), NULL,
        COALESCE(${signer('at', "'countersign', 'countersign-amendment'")}, a.updated_at)
      FROM agreements a WHERE a.status IN ('SIGNED', 'ACTIVE', 'TERMINATED', 'EXPIRED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE institution_names');
    await q.query('DROP TABLE agreement_revisions');
    await q.query('ALTER TABLE agreement_history DROP COLUMN actor_name');
    await q.query('ALTER TABLE agreements DROP COLUMN copied_from');
  }
}
