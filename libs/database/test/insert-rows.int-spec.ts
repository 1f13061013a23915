import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dropDatabase, insertRows, openDataSource } from '@yiyang/database';
import { mysqlSettings, testDatabase } from '@yiyang/testing';

const upper = { to: (v: string | null) => (v === null ? null : v.toUpperCase()), from: (v: string | null) => v };

@Entity({ name: 'samples' })
class Sample {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'varchar', length: 32 }) name: string;
  @Column({ type: 'json' }) facts: { lat: number; tags: string[]; note: string };
  @Column({ name: 'seen_at', type: 'datetime', precision: 3 }) seenAt: Date;
  @Column({ name: 'left_at', type: 'datetime', precision: 3, nullable: true }) leftAt: Date | null;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'int', default: 7 }) score: number;
  @Column({ type: 'varchar', length: 16, nullable: true, transformer: upper }) code: string | null;
}

const database = testDatabase('insert_rows');
const settings = { ...mysqlSettings(), database, poolSize: 2, createDatabase: true, migrate: false };
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openDataSource(settings, { entities: [Sample], migrations: [] });
  await dataSource.query(`CREATE TABLE samples (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL, facts JSON NOT NULL,
    seen_at DATETIME(3) NOT NULL, left_at DATETIME(3) NULL, active TINYINT(1) NOT NULL, score INT NOT NULL DEFAULT 7, code VARCHAR(16) NULL)`);
});

afterAll(async () => {
  await dataSource?.destroy();
  await dropDatabase(settings);
});

describe('insertRows', () => {
  it('stores rows exactly as em.insert does: JSON, dates with milliseconds, nulls, booleans, defaults, transformers, odd text', async () => {
    const rows: Partial<Sample>[] = [
      {
        name: '颐养院 "a"',
        facts: { lat: 26.08, tags: ['护理', "o'brien"], note: '\\\\ \u{1F600}' },
        seenAt: new Date('2026-11-23T01:02:03.456Z'),
        leftAt: null,
        active: true,
        code: 'ab',
      },
      {
        name: 'b',
        facts: { lat: -1, tags: [], note: '' },
        seenAt: new Date('2026-01-01T00:00:00.001Z'),
        leftAt: new Date('2026-02-02T02:02:02.020Z'),
        active: false,
        score: 3,
        code: null,
      },
    ];
    await dataSource.transaction(async (em) => {
      await em.insert(
        Sample,
        rows.map((r) => ({ ...r })),
      );
      await insertRows(em, Sample, rows);
    });
    const stored = await dataSource.getRepository(Sample).find({ order: { id: 'ASC' } });
    expect(stored).toHaveLength(4);
    const [viaTypeorm, viaHelper] = [stored.slice(0, 2), stored.slice(2)].map((xs) => xs.map(({ id: _id, ...rest }) => rest));
    expect(viaHelper).toEqual(viaTypeorm);
    expect(viaHelper[0]).toMatchObject({ score: 7, code: 'AB', active: true, leftAt: null });
    expect(viaHelper[1].seenAt.toISOString()).toBe('2026-01-01T00:00:00.001Z');
    expect(viaHelper[0].facts.tags).toEqual(['护理', "o'brien"]);
  });

  it('writes nothing for no rows, and nothing at all when the statement fails', async () => {
    await insertRows(dataSource.manager, Sample, []);
    const before = await dataSource.getRepository(Sample).count();
    await expect(
      insertRows(dataSource.manager, Sample, [
        { name: 'ok', facts: { lat: 0, tags: [], note: '' }, seenAt: new Date(), leftAt: null, active: true, code: null },
        { name: 'x'.repeat(40), facts: { lat: 0, tags: [], note: '' }, seenAt: new Date(), leftAt: null, active: true, code: null },
      ]),
    ).rejects.toThrow();
    expect(await dataSource.getRepository(Sample).count()).toBe(before);
  });
});
