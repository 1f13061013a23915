import { randomBytes } from 'node:crypto';
import { ManualClock } from '@yiyang/kernel';
import { bearer, hospital, query, residentId, validUscc } from '@yiyang/testing';
import { activeAgreement, agreementBody, knownToContract } from '../../contract/test/contract-app';
import { ResidentIndexBackfill } from '../src/schedule/resident-index.backfill';
import { Partners, Platform, partners, referralBody, register, startPlatform } from './platform';
import { ReferralUnderTest, knownToReferral, startReferral } from './referral-app';

/**
 * Finding a resident's referrals by ID number (issue 14 item 8) through a keyed blind index (ADR 0005):
 * the number is never stored in clear; each institution finds only the referrals it sent or received;
 * the index survives a key rotation; rows written before the index existed get theirs from the backfill.
 */
const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const keyA = `rsA:${randomBytes(32).toString('base64')}`;
const keyB = `rsB:${randomBytes(32).toString('base64')}`;
let platform: Platform;
/** the home and its first hospital */
let p: Partners;
/** a second hospital the home also cooperates with, and its desk */
let hospital2: string;
let desk2: string;

/** A resident whose ID number ends in the check character X (found by trying sequences). */
const withX = (() => {
  for (let sequence = 1; sequence < 999; sequence += 2) {
    const idNumber = residentId('1939-07-08', sequence);
    if (idNumber.endsWith('X')) return { name: '赵德明', birthDate: '1939-07-08', sex: 'M' as const, idNumber };
  }
  throw new Error('no sequence gives the check character X');
})();
const other = { name: '钱淑芬', birthDate: '1942-01-09', sex: 'F' as const, idNumber: residentId('1942-01-09', 24) };

const ids = { toFirst: '', toSecond: '', otherResident: '', rotated: '' };

const search = (service: ReferralUnderTest, token: string, resident: string, extra: Record<string, string> = {}) =>
  service.http
    .get('/v1/referrals')
    .query({ resident, ...extra })
    .set('Authorization', token);
const found = async (service: ReferralUnderTest, token: string, resident: string, extra: Record<string, string> = {}) => {
  const res = await search(service, token, resident, extra);
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((i) => i.id);
};

async function send(service: ReferralUnderTest, token: string, body: Record<string, unknown>): Promise<string> {
  clock.advance(1000);
  const res = await service.http.post('/v1/referrals').set('Authorization', token).send(body);
  if (res.status !== 201) throw new Error(`referral answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

beforeAll(async () => {
  platform = await startPlatform('resident', clock, undefined, { REFERRAL_DATA_KEYS: keyA });
  p = await partners(platform, { home: '检索颐养院', hospital: '检索第一医院' });
  hospital2 = await register(platform, hospital({ name: '检索第二医院', uscc: validUscc('350103') }));
  await knownToContract(platform.contract.database, hospital2);
  const agreement = await activeAgreement(
    platform.contract.http,
    { elderly: p.homeAdmin, medical: bearer({ roles: ['medical-admin'], institutionId: hospital2, sub: 'med-2' }) },
    agreementBody(p.home, hospital2),
  );
  await knownToReferral(platform.referral.database, [hospital2], agreement.id);
  desk2 = bearer({ roles: ['referral-desk'], institutionId: hospital2, sub: 'desk-2' });

  ids.toFirst = await send(platform.referral, p.homeAdmin, referralBody(p.home, p.hospital, withX));
  ids.otherResident = await send(platform.referral, p.homeAdmin, referralBody(p.home, p.hospital, other));
  ids.toSecond = await send(platform.referral, p.homeAdmin, referralBody(p.home, hospital2, withX, { priority: 'ROUTINE' }));
});

afterAll(async () => {
  await platform?.close();
});

describe('finding a resident by ID number', () => {
  it('finds the resident’s referrals at the home that sent them, newest first, and no one else’s', async () => {
    expect(await found(platform.referral, p.homeAdmin, withX.idNumber)).toEqual([ids.toSecond, ids.toFirst]);
    expect(await found(platform.referral, p.homeAdmin, other.idNumber)).toEqual([ids.otherResident]);
  });

  it('takes the check character in either case and the number with spaces around it', async () => {
    expect(await found(platform.referral, p.homeAdmin, ` ${withX.idNumber.toLowerCase()} `)).toEqual([ids.toSecond, ids.toFirst]);
  });

  it('shows each hospital only the referral it received: a resident’s history stays within the institutions that referred or received them', async () => {
    expect(await found(platform.referral, p.desk, withX.idNumber)).toEqual([ids.toFirst]);
    expect(await found(platform.referral, desk2, withX.idNumber)).toEqual([ids.toSecond]);
    expect(await found(platform.referral, desk2, other.idNumber)).toEqual([]);
  });

  it('combines with the other filters', async () => {
    expect(await found(platform.referral, p.homeAdmin, withX.idNumber, { counterparty: hospital2 })).toEqual([ids.toSecond]);
    expect(await found(platform.referral, p.homeAdmin, withX.idNumber, { priority: 'URGENT' })).toEqual([ids.toFirst]);
    expect(await found(platform.referral, p.homeAdmin, withX.idNumber, { side: 'received' })).toEqual([]);
  });

  it('refuses a number whose check character is wrong with a 400 that does not repeat it', async () => {
    const wrong = `${withX.idNumber.slice(0, 17)}0`;
    const res = await search(platform.referral, p.homeAdmin, wrong);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'resident', message: 'fails the GB 11643 check character' }],
    });
    expect(JSON.stringify(res.body)).not.toContain(wrong);
  });

  it('keeps no ID number in clear: only the masked form and a 64-hex keyed index under the sealing key', async () => {
    const rows = await query<Record<string, unknown>>(platform.referral.database, 'SELECT * FROM referrals');
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toContain(withX.idNumber);
    expect(JSON.stringify(rows)).not.toContain(other.idNumber);
    for (const row of rows)
      expect(row).toMatchObject({ resident_index: expect.stringMatching(/^[0-9a-f]{64}$/), resident_index_key_id: 'rsA' });
    const byId = new Map(rows.map((r) => [r.id as string, r.resident_index]));
    expect(byId.get(ids.toFirst)).toBe(byId.get(ids.toSecond));
    expect(byId.get(ids.toFirst)).not.toBe(byId.get(ids.otherResident));
  });
});

describe('when the data keys rotate', () => {
  let rotated: ReferralUnderTest;
  beforeAll(async () => {
    rotated = await startReferral('resident_referral', clock, { instance: 2, env: { REFERRAL_DATA_KEYS: `${keyA},${keyB}` } });
  });
  afterAll(async () => {
    await rotated?.close();
  });

  it('indexes a new referral under the new key and still finds those indexed under the old one', async () => {
    ids.rotated = await send(rotated, p.homeAdmin, referralBody(p.home, p.hospital, withX, { priority: 'EMERGENCY' }));
    const [row] = await query<{ resident_index_key_id: string; key_id: string }>(
      platform.referral.database,
      'SELECT resident_index_key_id, key_id FROM referrals WHERE id = ?',
      [ids.rotated],
    );
    expect(row).toEqual({ resident_index_key_id: 'rsB', key_id: 'rsB' });
    expect(await found(rotated, p.homeAdmin, withX.idNumber)).toEqual([ids.rotated, ids.toSecond, ids.toFirst]);
  });

  it('re-indexes a row under the current key when a step re-seals it', async () => {
    await rotated.http.post(`/v1/referrals/${ids.toFirst}/receive`).set('Authorization', p.desk).set('If-Match', '1').expect(200);
    const [row] = await query<{ resident_index_key_id: string }>(
      platform.referral.database,
      'SELECT resident_index_key_id FROM referrals WHERE id = ?',
      [ids.toFirst],
    );
    expect(row.resident_index_key_id).toBe('rsB');
    expect(await found(rotated, p.desk, withX.idNumber)).toEqual([ids.rotated, ids.toFirst]);
  });
});

describe('referrals written before the index existed', () => {
  it('get their index from the backfill, once: the job is idempotent and the resident is found again', async () => {
    await query(platform.referral.database, 'UPDATE referrals SET resident_index = NULL, resident_index_key_id = NULL WHERE id IN (?, ?)', [
      ids.toSecond,
      ids.otherResident,
    ]);
    expect(await found(platform.referral, p.homeAdmin, other.idNumber)).toEqual([]);
    const backfill = platform.referral.app.get(ResidentIndexBackfill);
    expect(await backfill.run()).toBe(2);
    expect(await backfill.run()).toBe(0);
    expect(await found(platform.referral, p.homeAdmin, other.idNumber)).toEqual([ids.otherResident]);
    expect(await found(platform.referral, desk2, withX.idNumber)).toEqual([ids.toSecond]);
    const versions = await query<{ version: number }>(platform.referral.database, 'SELECT version FROM referrals WHERE id = ?', [
      ids.toSecond,
    ]);
    expect(versions[0].version).toBe(1);
  });
});
