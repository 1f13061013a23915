import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InstitutionSnapshot, institutionSnapshotSchema, licenceInForce } from '@yiyang/contracts';
import { dropDatabase, openDataSource } from '@yiyang/database';
import { institutionSnapshot, mysqlSettings, testDatabase } from '@yiyang/testing';
import { DIRECTORY_MIGRATIONS, DirectoryRepository, DirectoryRow } from '../src';

const database = testDatabase('directory');
const settings = { ...mysqlSettings(), database, poolSize: 2, createDatabase: true, migrate: true };
const directory = new DirectoryRepository();
let dataSource: DataSource;

/** A snapshot as institution.events carry it, checked against the contract. */
const snapshot = (overrides: Record<string, unknown>): InstitutionSnapshot =>
  institutionSnapshotSchema.parse(institutionSnapshot(overrides));

beforeAll(async () => {
  dataSource = await openDataSource(settings, { entities: [DirectoryRow], migrations: DIRECTORY_MIGRATIONS });
});

afterAll(async () => {
  await dataSource?.destroy();
  await dropDatabase(settings);
});

describe('the institution directory', () => {
  it('keeps the name and USCC with the facts, and the newest version wins whatever the order of arrival', async () => {
    const id = randomUUID();
    await dataSource.transaction(async (em) => {
      await directory.apply(em, snapshot({ id, version: 1, name: '鼓楼颐养院', uscc: '52350102MJD00421A1', status: 'ACTIVE' }));
      await directory.apply(
        em,
        snapshot({ id, version: 3, name: '福州市鼓楼区福寿颐养院', uscc: '52350102MJD00421A3', status: 'SUSPENDED' }),
      );
      // version 2 arrives late: changes nothing
      await directory.apply(em, snapshot({ id, version: 2, name: '旧名', uscc: '52350102MJD00421A2', status: 'ACTIVE' }));
    });
    const names = await directory.names(dataSource.manager, [id]);
    expect(names.get(id)).toEqual({ name: '福州市鼓楼区福寿颐养院', uscc: '52350102MJD00421A3' });
    expect(await directory.facts(dataSource.manager, id)).toEqual({
      institutionId: id,
      category: 'ELDERLY_CARE',
      kind: 'NURSING_HOME',
      status: 'SUSPENDED',
      divisionCode: '350102',
      location: { lat: 26.08, lng: 119.3 },
      licenceValidTo: null,
    });
    const [row] = await dataSource.query<{ version: number }[]>('SELECT version FROM institution_directory WHERE id = ?', [id]);
    expect(Number(row.version)).toBe(3);
  });

  it('keeps the practice licence’s last day, the newest version’s, so that rules can tell a lapsed licence', async () => {
    const id = randomUUID();
    const licence = (validTo: string) => ({ number: 'PDY00001X350103', scope: ['内科'], validFrom: '2020-01-01', validTo });
    const hospital = (version: number, validTo: string) =>
      snapshot({ id, version, category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', hospitalGrade: 'LEVEL_3', medicalLicence: licence(validTo) });
    await dataSource.transaction(async (em) => {
      await directory.apply(em, hospital(1, '2026-12-15'));
      await directory.apply(em, hospital(3, '2031-12-15'));
      await directory.apply(em, hospital(2, '2020-12-15')); // late: changes nothing
    });
    const facts = await directory.facts(dataSource.manager, id);
    expect(facts?.licenceValidTo).toBe('2031-12-15');
    expect(licenceInForce(facts!, '2031-12-15')).toBe(true);
    expect(licenceInForce(facts!, '2031-12-16')).toBe(false);
    expect(licenceInForce({ licenceValidTo: null }, '2031-12-16')).toBe(true);
  });

  it('renames an institution when a newer event says so', async () => {
    const id = randomUUID();
    await dataSource.transaction((em) => directory.apply(em, snapshot({ id, version: 1, name: '仓山医院' })));
    await dataSource.transaction((em) => directory.apply(em, snapshot({ id, version: 2, name: '福州市仓山区人民医院' })));
    expect((await directory.names(dataSource.manager, [id])).get(id)?.name).toBe('福州市仓山区人民医院');
  });

  it('looks many names up in one query: repeated ids once, unknown ids absent, no ids no query', async () => {
    const [a, b, unknown] = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.transaction(async (em) => {
      await directory.apply(em, snapshot({ id: a, name: '晋安颐养院', uscc: '52350111MJD00421AA' }));
      await directory.apply(em, snapshot({ id: b, name: 'O\'Brien 康复医院 "东院"', uscc: '12350000488000031B' }));
    });
    const names = await directory.names(dataSource.manager, [a, b, a, unknown]);
    expect(names.size).toBe(2);
    expect(names.get(a)).toEqual({ name: '晋安颐养院', uscc: '52350111MJD00421AA' });
    expect(names.get(b)).toEqual({ name: 'O\'Brien 康复医院 "东院"', uscc: '12350000488000031B' });
    expect(names.has(unknown)).toBe(false);
    expect((await directory.names(dataSource.manager, [])).size).toBe(0);
  });
});
