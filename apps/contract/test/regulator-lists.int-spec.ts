/**
 * Issue 14 on the contract service, end to end: a regulator lists the agreements with either party in
 * their jurisdiction (filters, names, cursor pages; a division outside it is 404) and reads one where only
 * the other party is theirs; a hospital whose practice licence has lapsed cannot countersign until the
 * registry publishes its renewal (rule 4).
 */
import request from 'supertest';
import { ManualClock } from '@yiyang/kernel';
import { bearer, eventually, hospital, nursingHome, query, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, activeAgreement, agreementBody, registeredWith, startContract, uploadSignedCopy } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;

type Item = { id: string; status: string; mode: string; elderlyInstitutionName: string | null; medicalInstitutionName: string | null };
const ids = (body: { items: Item[] }) => body.items.map((a) => a.id);
const regulator = (division: string) => bearer({ roles: ['regulator'], division, sub: `regulator-${division}` });
const admin = (role: 'elderly-admin' | 'medical-admin', institutionId: string) => bearer({ roles: [role], institutionId });

beforeAll(async () => {
  registry = await startRegistry('lists_registry', { clock });
  contract = await startContract('contract_lists', clock);
  http = contract.http;
});

afterAll(async () => {
  await contract?.close();
  await registry?.close();
});

describe('a regulator’s agreements, either party in the jurisdiction', () => {
  // 鼓楼 home ↔ 台江 hospital (ACTIVE, filed 22 Nov); 思明 (Xiamen) home ↔ 台江 hospital (SUBMITTED, 23 Nov);
  // 仓山 rehabilitation hospital ↔ 台江 hospital (CONTINUING_CARE, ACTIVE, 24 Nov); 鼓楼 home ↔ 仓山 clinic (a DRAFT)
  let gulouHome: string;
  let simingHome: string;
  let taijiangHospital: string;
  let cangshanRehab: string;
  let fuzhouPair: string;
  let crossCity: string;
  let continuing: string;
  let draft: string;

  beforeAll(async () => {
    gulouHome = await registeredWith(registry, contract, nursingHome({ name: '鼓楼颐养院' }));
    simingHome = await registeredWith(
      registry,
      contract,
      nursingHome({ name: '思明康乐养老院', uscc: validUscc('350203'), divisionCode: '350203', location: { lat: 24.45, lng: 118.08 } }),
    );
    taijiangHospital = await registeredWith(registry, contract, hospital({ name: '台江人民医院' }));
    cangshanRehab = await registeredWith(
      registry,
      contract,
      hospital({
        name: '仓山康复医院',
        uscc: validUscc('350104'),
        divisionCode: '350104',
        kind: 'REHABILITATION_HOSPITAL',
        hospitalGrade: 'LEVEL_2',
        capabilities: ['REHABILITATION'],
      }),
    );
    const hospitalAdmin = admin('medical-admin', taijiangHospital);

    fuzhouPair = (
      await activeAgreement(
        http,
        { elderly: admin('elderly-admin', gulouHome), medical: hospitalAdmin },
        agreementBody(gulouHome, taijiangHospital),
      )
    ).id;

    clock.set('2026-11-23T02:00:00Z');
    const simingAdmin = admin('elderly-admin', simingHome);
    const filed = await http.post('/v1/agreements').set('Authorization', simingAdmin).send(agreementBody(simingHome, taijiangHospital));
    crossCity = filed.body.id as string;
    await http.post(`/v1/agreements/${crossCity}/submit`).set('Authorization', simingAdmin).set('If-Match', '"1"').send().expect(200);

    clock.set('2026-11-24T02:00:00Z');
    continuing = (
      await activeAgreement(
        http,
        { elderly: admin('medical-admin', cangshanRehab), medical: hospitalAdmin },
        {
          ...agreementBody(cangshanRehab, taijiangHospital),
          mode: 'CONTINUING_CARE',
          services: [{ code: 'TWO_WAY_REFERRAL' }, { code: 'REHABILITATION' }],
        },
      )
    ).id;
    const drafted = await http
      .post('/v1/agreements')
      .set('Authorization', admin('elderly-admin', gulouHome))
      .send(agreementBody(gulouHome, cangshanRehab));
    expect(drafted.status).toBe(201);
    draft = drafted.body.id as string;
  });

  it('lists them newest first with both parties’ names, DRAFTs left out', async () => {
    const city = await http.get('/v1/agreements').set('Authorization', regulator('3501'));
    expect(city.status).toBe(200);
    expect(ids(city.body)).toEqual([continuing, crossCity, fuzhouPair]);
    expect(city.body.items[1]).toMatchObject({
      status: 'SUBMITTED',
      elderlyInstitutionName: '思明康乐养老院',
      medicalInstitutionName: '台江人民医院',
    });
    expect(ids(city.body)).not.toContain(draft);
  });

  it('counts an agreement for the jurisdiction of either party', async () => {
    expect(ids((await http.get('/v1/agreements').set('Authorization', regulator('3502'))).body)).toEqual([crossCity]);
    expect(ids((await http.get('/v1/agreements').set('Authorization', regulator('350102'))).body)).toEqual([fuzhouPair]);
    expect(ids((await http.get('/v1/agreements').set('Authorization', regulator('350103'))).body)).toEqual([
      continuing,
      crossCity,
      fuzhouPair,
    ]);
    expect(ids((await http.get('/v1/agreements').set('Authorization', regulator('44'))).body)).toEqual([]);
  });

  it('reads one where only the other party is in the jurisdiction', async () => {
    const xiamen = await http.get(`/v1/agreements/${crossCity}`).set('Authorization', regulator('3502')); // the home's
    expect(xiamen.status).toBe(200);
    const taijiang = await http.get(`/v1/agreements/${crossCity}`).set('Authorization', regulator('350103')); // the hospital's
    expect(taijiang.status).toBe(200);
    expect(taijiang.body).toMatchObject({ elderlyInstitutionName: '思明康乐养老院', medicalInstitutionName: '台江人民医院' });
    expect((await http.get(`/v1/agreements/${crossCity}`).set('Authorization', regulator('350102'))).status).toBe(404);
  });

  it('filters by status, mode, institution, division, filing day and the day in force', async () => {
    const list = async (q: Record<string, string>, division = '35') =>
      http.get('/v1/agreements').query(q).set('Authorization', regulator(division));
    expect(ids((await list({ status: 'ACTIVE' })).body)).toEqual([continuing, fuzhouPair]);
    expect(ids((await list({ status: 'DRAFT' })).body)).toEqual([]);
    expect(ids((await list({ mode: 'CONTINUING_CARE' })).body)).toEqual([continuing]);
    expect(ids((await list({ institution: simingHome })).body)).toEqual([crossCity]);
    expect(ids((await list({ institution: taijiangHospital, status: 'ACTIVE' })).body)).toEqual([continuing, fuzhouPair]);
    expect(ids((await list({ division: '3502' })).body)).toEqual([crossCity]);
    expect(ids((await list({ division: '350104' })).body)).toEqual([continuing]);
    expect(ids((await list({ from: '2026-11-23', to: '2026-11-23' })).body)).toEqual([crossCity]);
    expect(ids((await list({ from: '2026-11-23' })).body)).toEqual([continuing, crossCity]);
    expect(ids((await list({ to: '2026-11-22' })).body)).toEqual([fuzhouPair]);
    expect(ids((await list({ effectiveOn: '2026-11-30' })).body)).toEqual([continuing, fuzhouPair]);
    expect(ids((await list({ effectiveOn: '2027-11-01' })).body)).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = await http.get('/v1/agreements').query({ limit: 2 }).set('Authorization', regulator('3501'));
    expect(ids(first.body)).toEqual([continuing, crossCity]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http
      .get('/v1/agreements')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', regulator('3501'));
    expect(ids(second.body)).toEqual([fuzhouPair]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for a division outside the jurisdiction, 400 for malformed filters', async () => {
    const outside = await http.get('/v1/agreements').query({ division: '3502' }).set('Authorization', regulator('3501'));
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('OUTSIDE_JURISDICTION');
    for (const [q, field] of [
      [{ division: '3x' }, 'division'],
      [{ division: '350' }, 'division'],
      [{ from: '2026-13-01' }, 'from'],
      [{ from: '2026-11-24', to: '2026-11-23' }, 'to'],
      [{ effectiveOn: 'today' }, 'effectiveOn'],
      [{ mode: 'FRIENDLY' }, 'mode'],
      [{ institution: 'not-a-uuid' }, 'institution'],
      [{ cursor: 'eyJhdCI6Im5vIiwiaWQiOiJ4In0' }, 'cursor'],
    ] as const) {
      const res = await http.get('/v1/agreements').query(q).set('Authorization', regulator('35'));
      expect([res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
  });

  it('keeps an institution’s own list, with the new filters too', async () => {
    const hospitalAdmin = admin('medical-admin', taijiangHospital);
    const all = await http.get('/v1/agreements').set('Authorization', hospitalAdmin);
    expect(ids(all.body)).toEqual([continuing, crossCity, fuzhouPair]);
    expect(ids((await http.get('/v1/agreements').query({ mode: 'CONTINUING_CARE' }).set('Authorization', hospitalAdmin)).body)).toEqual([
      continuing,
    ]);
    expect(ids((await http.get('/v1/agreements').query({ to: '2026-11-22' }).set('Authorization', hospitalAdmin)).body)).toEqual([
      fuzhouPair,
    ]);
    const home = await http.get('/v1/agreements').set('Authorization', admin('elderly-admin', gulouHome));
    expect(ids(home.body)).toEqual([draft, fuzhouPair]); // the filer sees its own DRAFT
    const desk = await http.get('/v1/agreements').set('Authorization', bearer({ roles: ['referral-desk'], institutionId: gulouHome }));
    expect(desk.status).toBe(403);
  });
});

describe('rule 4: a lapsed practice licence', () => {
  it('refuses the countersignature until the registry publishes the renewed licence', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const home = await registeredWith(registry, contract, nursingHome({ name: '晋安颐养院' }));
    const lapsing = await registeredWith(
      registry,
      contract,
      hospital({
        name: '许可证将到期医院',
        medicalLicence: { number: 'PDY-LAPSE-1', scope: ['内科'], validFrom: '2021-12-16', validTo: '2026-12-15' },
      }),
    );
    const homeAdmin = admin('elderly-admin', home);
    const hospitalAdmin = admin('medical-admin', lapsing);
    const filing = agreementBody(home, lapsing, { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' });
    const filed = await http.post('/v1/agreements').set('Authorization', homeAdmin).send(filing);
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await uploadSignedCopy(http, homeAdmin, id, 1)).status).toBe(201);

    clock.set('2026-12-20T02:00:00Z'); // the licence ran to 15 December
    // filing and submitting are still open: nothing binds the hospital before it countersigns
    const submitted = await http.post(`/v1/agreements/${id}/submit`).set('Authorization', homeAdmin).set('If-Match', '"2"').send();
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 3 });
    const refused = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', hospitalAdmin).set('If-Match', '"3"').send();
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('LICENCE_LAPSED');
    expect((await query<{ status: string }>(contract.database, 'SELECT status FROM agreements WHERE id = ?', [id]))[0].status).toBe(
      'SUBMITTED',
    );

    const current = await registry.http.get(`/v1/institutions/${lapsing}`).set('Authorization', registrar);
    const renewed = await registry.http
      .patch(`/v1/institutions/${lapsing}`)
      .set('Authorization', registrar)
      .set('If-Match', `"${current.body.version as number}"`)
      .send({ medicalLicence: { number: 'PDY-LAPSE-2', scope: ['内科'], validFrom: '2026-12-16', validTo: '2031-12-15' } });
    expect(renewed.status).toBe(200);
    await eventually(
      async () =>
        (
          await query<{ validTo: string }>(
            contract.database,
            "SELECT DATE_FORMAT(licence_valid_to, '%Y-%m-%d') AS validTo FROM institution_directory WHERE id = ?",
            [lapsing],
          )
        )[0]?.validTo === '2031-12-15',
      30_000,
      'the renewed licence in the contract directory',
    );
    const signed = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', hospitalAdmin).set('If-Match', '"3"').send();
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'ACTIVE' });
  });
});
