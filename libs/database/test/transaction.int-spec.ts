import { DataSource } from 'typeorm';
import { dropDatabase, inTransaction, openDataSource, readCommitted, runBeforeCommit } from '@yiyang/database';
import { mysqlSettings, testDatabase } from '@yiyang/testing';

const database = testDatabase('transactions');
const settings = { ...mysqlSettings(), database, poolSize: 2, createDatabase: true, migrate: false };
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openDataSource(settings, { entities: [], migrations: [] });
  await dataSource.query('CREATE TABLE notes (id INT NOT NULL PRIMARY KEY, text VARCHAR(20) NOT NULL)');
});

afterAll(async () => {
  await dataSource?.destroy();
  await dropDatabase(settings);
});

const isolation = async (em: { query: (sql: string) => Promise<{ level: string }[]> }) =>
  (await em.query('SELECT @@SESSION.tx_isolation AS level'))[0].level;

describe('readCommitted', () => {
  it('runs every transaction at READ COMMITTED, on every pooled connection, and commits', async () => {
    // more transactions at once than the pool has connections: each connection is set up once and reused
    const levels = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        readCommitted(dataSource, async (em) => {
          await em.query('INSERT INTO notes (id, text) VALUES (?, ?)', [i + 1, `note ${i + 1}`]);
          return isolation(em);
        }),
      ),
    );
    expect(levels).toEqual(Array(6).fill('READ-COMMITTED'));
    expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM notes WHERE id <= 6'))[0].n)).toBe(6);
    expect(await inTransaction(dataSource, (em) => isolation(em))).toBe('READ-COMMITTED');
  });

  it('rolls everything back when the work fails, and gives the connection back', async () => {
    await expect(
      readCommitted(dataSource, async (em) => {
        await em.query('INSERT INTO notes (id, text) VALUES (100, ?)', ['kept?']);
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await dataSource.query('SELECT id FROM notes WHERE id = 100')).toEqual([]);
    // the pool (two connections) is not exhausted by failed transactions
    for (let i = 0; i < 4; i++) await expect(readCommitted(dataSource, () => Promise.reject(new Error('again')))).rejects.toThrow('again');
    expect(await readCommitted(dataSource, (em) => isolation(em))).toBe('READ-COMMITTED');
  });

  it('runs work registered with runBeforeCommit inside the transaction, after the rest of it, and rolls back with it', async () => {
    const order: string[] = [];
    await readCommitted(dataSource, async (em) => {
      expect(
        runBeforeCommit(em, async () => {
          order.push('before commit');
          await em.query('INSERT INTO notes (id, text) VALUES (200, ?)', ['merged']);
        }),
      ).toBe(true);
      await em.query('INSERT INTO notes (id, text) VALUES (201, ?)', ['work']);
      order.push('work');
    });
    expect(order).toEqual(['work', 'before commit']);
    expect((await dataSource.query('SELECT id FROM notes WHERE id IN (200, 201) ORDER BY id')).map((r: { id: number }) => r.id)).toEqual([
      200, 201,
    ]);

    await expect(
      readCommitted(dataSource, async (em) => {
        await em.query('INSERT INTO notes (id, text) VALUES (202, ?)', ['work']);
        runBeforeCommit(em, () => Promise.reject(new Error('the merged write failed')));
      }),
    ).rejects.toThrow('the merged write failed');
    expect(await dataSource.query('SELECT id FROM notes WHERE id = 202')).toEqual([]);
    expect(runBeforeCommit(dataSource.manager, async () => undefined)).toBe(false);
  });
});
