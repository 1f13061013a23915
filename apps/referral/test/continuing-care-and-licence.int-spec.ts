import { DataSource } from 'typeorm';
import { agreementSnapshotSchema } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { bearer, hospital, nursingHome, query, residentId, validUscc } from '@yiyang/testing';
import { CoverageRepository } from '../src/persistence/coverage.repository';
import { Platform, referralBody, register, startPlatform } from './platform';
import { knownToReferral } from './referral-app';

/**
 * Issue 14, the referral side of rule 1 (a hospital sends a recovering patient DOWN to a rehabilitation
 * hospital, nursing hospital or hospice under a CONTINUING_CARE cooperation, and takes them back UP) and
 * rule 4 (a medical institution whose practice licence has lapsed receives no new referral). Coverage
 * comes into this service's read model as agreement.events put it there (CoverageRepository.apply, the
 * consumer's own write), built from a valid CONTINUING_CARE agreement snapshot: the contract service's
 * side of the mode is tested in apps/contract.
 */
const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let platform: Platform;
let general: string;
let rehab: string;
let rehabWithout: string;
let desk: string;
let rehabAdmin: string;

const patient = { name: '孙立新', birthDate: '1945-04-05', sex: 'M' as const, idNumber: residentId('1945-04-05', 31) };
const down = (from: string, to: string) =>
  referralBody(from, to, patient, {
    direction: 'DOWN',
    indication: 'REHABILITATION',
    priority: 'ROUTINE',
    summary: '脑梗死恢复期，转康复治疗',
  });
const count = async () => (await query<{ n: number }>(platform.referral.database, 'SELECT COUNT(*) AS n FROM referrals'))[0].n;

/** An ACTIVE agreement between the pair, as the referral service's read model keeps it from agreement.events. */
async function coverage(id: string, careSide: { id: string; kind: string; category: string }, hospitalId: string, mode: string) {
  const party = (institutionId: string, kind: string, category: string, divisionCode: string) => ({
    institutionId,
    category,
    kind,
    divisionCode,
    location: { lat: 26.05, lng: 119.31 },
  });
  const snapshot = agreementSnapshotSchema.parse({
    id,
    version: 3,
    status: 'ACTIVE',
    mode,
    elderlyParty: party(careSide.id, careSide.kind, careSide.category, '350104'),
    medicalParty: party(hospitalId, 'GENERAL_HOSPITAL', 'MEDICAL', '350103'),
    services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
    term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
    staffCount: 0,
    staffFiled: false,
    predecessorId: null,
  });
  const dataSource = platform.referral.app.get(DataSource);
  await platform.referral.app.get(CoverageRepository).apply(dataSource.manager, snapshot, 3);
}

beforeAll(async () => {
  platform = await startPlatform('continuing', clock);
  general = await register(platform, hospital({ name: '接续综合医院' }));
  rehab = await register(
    platform,
    hospital({
      name: '接续康复医院',
      kind: 'REHABILITATION_HOSPITAL',
      divisionCode: '350104',
      uscc: validUscc('350104'),
      hospitalGrade: 'LEVEL_2',
    }),
  );
  rehabWithout = await register(
    platform,
    hospital({
      name: '无协议康复医院',
      kind: 'REHABILITATION_HOSPITAL',
      divisionCode: '350104',
      uscc: validUscc('350104'),
      hospitalGrade: 'LEVEL_2',
    }),
  );
  await knownToReferral(platform.referral.database, [general, rehab, rehabWithout]);
  await coverage(
    '6a1e4c0e-0000-4000-8000-00000000c0c0',
    { id: rehab, kind: 'REHABILITATION_HOSPITAL', category: 'MEDICAL' },
    general,
    'CONTINUING_CARE',
  );
  desk = bearer({ roles: ['referral-desk'], institutionId: general, sub: 'general-desk' });
  rehabAdmin = bearer({ roles: ['medical-admin'], institutionId: rehab, sub: 'rehab-admin' });
});

afterAll(async () => {
  await platform?.close();
});

describe('continuing care: hospital ⇄ rehabilitation hospital under a CONTINUING_CARE agreement', () => {
  let downId: string;

  it('sends a recovering patient DOWN from the hospital to the rehabilitation hospital under the agreement', async () => {
    const res = await platform.referral.http.post('/v1/referrals').set('Authorization', desk).send(down(general, rehab));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      direction: 'DOWN',
      status: 'REQUESTED',
      agreementId: '6a1e4c0e-0000-4000-8000-00000000c0c0',
      from: { institutionId: general, name: '接续综合医院' },
      to: { institutionId: rehab, name: '接续康复医院' },
    });
    downId = res.body.id as string;
  });

  it('lets the rehabilitation hospital receive and accept it from its queue', async () => {
    const queue = await platform.referral.http.get('/v1/referrals/queue').set('Authorization', rehabAdmin);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([downId]);
    await platform.referral.http.post(`/v1/referrals/${downId}/receive`).set('Authorization', rehabAdmin).set('If-Match', '1').expect(200);
    const accepted = await platform.referral.http
      .post(`/v1/referrals/${downId}/accept`)
      .set('Authorization', rehabAdmin)
      .set('If-Match', '2')
      .send({ expectedArrivalAt: '2026-11-23T10:00:00+08:00' });
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED' });
  });

  it('sends the patient back UP from the rehabilitation hospital to the hospital under the same agreement', async () => {
    clock.advance(60_000);
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', rehabAdmin)
      .send(referralBody(rehab, general, patient, { indication: 'ACUTE_EXACERBATION' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ direction: 'UP', agreementId: '6a1e4c0e-0000-4000-8000-00000000c0c0' });
  });

  it('still refuses a DOWN referral to a rehabilitation hospital without any agreement (422 AGREEMENT_REQUIRED), creating nothing', async () => {
    const before = await count();
    const res = await platform.referral.http.post('/v1/referrals').set('Authorization', desk).send(down(general, rehabWithout));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'AGREEMENT_REQUIRED' });
    expect(await count()).toBe(before);
  });
});

describe('a lapsed practice licence', () => {
  let home: string;
  let lapsing: string;
  let homeAdmin: string;

  beforeAll(async () => {
    home = await register(platform, nursingHome({ name: '执照颐养院' }));
    lapsing = await register(
      platform,
      hospital({
        name: '执照将到期医院',
        medicalLicence: { number: 'PDY00002X350103', scope: ['内科'], validFrom: '2021-11-26', validTo: '2026-11-25' },
      }),
    );
    await knownToReferral(platform.referral.database, [home, lapsing]);
    await coverage(
      '6a1e4c0e-0000-4000-8000-0000000011ce',
      { id: home, kind: 'NURSING_HOME', category: 'ELDERLY_CARE' },
      lapsing,
      'MULTI_LEVEL',
    );
    homeAdmin = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'licence-home' });
  });

  it('lets the hospital receive referrals up to the licence’s last day (China time)', async () => {
    clock.set(new Date('2026-11-25T15:00:00Z')); // 23:00 on the 25th in Beijing
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', homeAdmin)
      .send(referralBody(home, lapsing, patient));
    expect(res.status).toBe(201);
  });

  it('refuses a new referral to it once the licence has lapsed (422 RECEIVER_LICENCE_LAPSED), creating nothing', async () => {
    clock.set(new Date('2026-11-25T16:00:00Z')); // 00:00 on the 26th in Beijing
    const before = await count();
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', homeAdmin)
      .send(referralBody(home, lapsing, patient));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'RECEIVER_LICENCE_LAPSED' });
    expect(await count()).toBe(before);
  });

  it('still lets it send its patient DOWN to the home (the rule is about receiving)', async () => {
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', bearer({ roles: ['referral-desk'], institutionId: lapsing, sub: 'lapsing-desk' }))
      .send(down(lapsing, home));
    expect(res.status).toBe(201);
  });
});
