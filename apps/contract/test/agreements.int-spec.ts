import request from 'supertest';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { TopicReader, bearer, eventually, hospital, nursingHome, query } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, agreementBody, knownToContract, startContract, uploadSignedCopy } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let database: string;
let http: ReturnType<typeof request>;
let reader: TopicReader;

beforeAll(async () => {
  registry = await startRegistry('contract_registry', { clock });
  contract = await startContract('contract', clock);
  database = contract.database;
  http = contract.http;
  reader = await new TopicReader([topicName(Topics.agreement)]).start();
});

afterAll(async () => {
  await reader?.stop();
  await contract?.close();
  await registry?.close();
});

async function registered(body: Record<string, unknown>): Promise<string> {
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await knownToContract(database, id);
  return id;
}

const snapshotOf = async (id: string) =>
  (await query<{ version: number; status: string }>(database, 'SELECT version, status FROM agreements WHERE id = ?', [id]))[0];

describe('cooperation agreements end to end', () => {
  let home: string;
  let hosp: string;
  let elderlyAdmin: string;
  let medicalAdmin: string;

  beforeAll(async () => {
    home = await registered(nursingHome());
    hosp = await registered(hospital());
    elderlyAdmin = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'home-admin' });
    medicalAdmin = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: 'hospital-admin' });
  });

  it('files, uploads the signed paper, submits and countersigns an agreement that becomes ACTIVE, with agreement.activated on the topic', async () => {
    const { document: _declared, ...filing } = agreementBody(home, hosp); // the document is optional: the upload names it
    const filed = await http.post('/v1/agreements').set('Authorization', elderlyAdmin).send(filing);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'DRAFT', version: 1, document: null });
    const id = filed.body.id as string;

    const uploaded = await uploadSignedCopy(http, elderlyAdmin, id, 1);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ status: 'DRAFT', version: 2, document: { fileName: '合作协议(签章).pdf' } });

    const submitted = await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderlyAdmin).set('If-Match', '"2"').send();
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 3 });

    const signed = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medicalAdmin).set('If-Match', '"3"').send();
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'ACTIVE', version: 5 });
    expect(signed.body.history.map((h: { action: string; actor: { id: string } }) => [h.action, h.actor.id])).toEqual([
      ['draft', 'home-admin'],
      ['attach-document', 'home-admin'],
      ['submit', 'home-admin'],
      ['countersign', 'hospital-admin'],
      ['activate', 'system'],
    ]);

    const [activated] = await reader.waitFor((m) => m.key === id && m.json<{ type: string }>().type === EventTypes.agreement.activated);
    const event = activated.json<{ sequence: number; division: string; data: { agreement: Record<string, unknown> } }>();
    expect(event.sequence).toBe(5);
    expect(event.division).toBe('350102');
    expect(event.data.agreement).toMatchObject({
      status: 'ACTIVE',
      mode: 'MULTI_LEVEL',
      elderlyParty: { institutionId: home, divisionCode: '350102' },
      medicalParty: { institutionId: hosp, divisionCode: '350103' },
      term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
    });
    expect(JSON.stringify(event.data)).not.toMatch(/巡诊|fees|staff"/);
    const types = (await reader.waitFor((m) => m.key === id, 3)).map((m) => m.json<{ type: string }>().type);
    expect(types).toEqual([EventTypes.agreement.submitted, EventTypes.agreement.countersigned, EventTypes.agreement.activated]);

    const read = await http.get(`/v1/agreements/${id}`).set('Authorization', medicalAdmin);
    expect(read.status).toBe(200);
    const stranger = await http
      .get(`/v1/agreements/${id}`)
      .set('Authorization', bearer({ roles: ['medical-admin'], institutionId: '9b2f0a6e-0000-4000-8000-000000000000' }));
    expect(stranger.status).toBe(404);
    const regulator = await http.get(`/v1/agreements/${id}`).set('Authorization', bearer({ roles: ['regulator'], division: '3501' }));
    expect(regulator.status).toBe(200);
    const otherRegulator = await http.get(`/v1/agreements/${id}`).set('Authorization', bearer({ roles: ['regulator'], division: '44' }));
    expect(otherRegulator.status).toBe(404);
    const mine = await http.get('/v1/agreements').query({ status: 'ACTIVE' }).set('Authorization', elderlyAdmin);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('keeps a future agreement SIGNED until its term begins, then activates it once with concurrent job runs', async () => {
    const rehab = await registered(hospital({ name: '康复医院', kind: 'REHABILITATION_HOSPITAL' }));
    const rehabAdmin = bearer({ roles: ['medical-admin'], institutionId: rehab });
    const filed = await http
      .post('/v1/agreements')
      .set('Authorization', elderlyAdmin)
      .send(agreementBody(home, rehab, { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' }));
    const id = filed.body.id as string;
    await uploadSignedCopy(http, elderlyAdmin, id, 1);
    await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderlyAdmin).set('If-Match', '2');
    const signed = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', rehabAdmin).set('If-Match', '3');
    expect(signed.body).toMatchObject({ status: 'SIGNED', version: 4 });
    const job = contract.scheduler;
    try {
      clock.set('2026-11-30T12:00:00Z');
      expect(await job.runOnce()).toBe(0);
      clock.set('2026-12-01T00:30:00Z'); // 08:30 in China on 1 December
      const counts = await Promise.all([job.runOnce(), job.runOnce(), job.runOnce()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await snapshotOf(id)).toEqual({ version: 5, status: 'ACTIVE' });
      await reader.waitFor((m) => m.key === id && m.json<{ type: string }>().type === EventTypes.agreement.activated);
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        reader.messages.filter((m) => m.key === id && m.json<{ type: string }>().type === EventTypes.agreement.activated),
      ).toHaveLength(1);
    } finally {
      clock.set('2026-11-22T02:00:00Z');
    }
  });

  describe('refusals change nothing', () => {
    let id: string;
    beforeAll(async () => {
      const otherHospital = await registered(hospital({ name: '福州市第二医院' }));
      const filed = await http
        .post('/v1/agreements')
        .set('Authorization', elderlyAdmin)
        .send(agreementBody(home, otherHospital, { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' }));
      id = filed.body.id;
      medicalAdmin = bearer({ roles: ['medical-admin'], institutionId: otherHospital, sub: 'other-hospital-admin' });
    });

    it.each([
      [
        'the wrong party (the medical side submitting)',
        () =>
          http
            .post(`/v1/agreements/${id}/submit`)
            .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: hosp }))
            .set('If-Match', '1'),
        404,
        'AGREEMENT_NOT_FOUND',
      ],
      [
        'the other party (the medical party’s admin submitting)',
        () => http.post(`/v1/agreements/${id}/submit`).set('Authorization', medicalAdmin).set('If-Match', '1'),
        403,
        'WRONG_PARTY',
      ],
      [
        'the wrong role',
        () =>
          http
            .post(`/v1/agreements/${id}/submit`)
            .set('Authorization', bearer({ roles: ['referral-desk'], institutionId: home }))
            .set('If-Match', '1'),
        403,
        'ROLE_NOT_ALLOWED',
      ],
      [
        'the wrong state (countersigning a draft)',
        () => http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medicalAdmin).set('If-Match', '1'),
        409,
        'TRANSITION_NOT_ALLOWED',
      ],
      [
        'a stale version',
        () => http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderlyAdmin).set('If-Match', '7'),
        409,
        'STALE_VERSION',
      ],
      [
        'a regulator filing',
        () =>
          http
            .post('/v1/agreements')
            .set('Authorization', bearer({ roles: ['regulator'], division: '35' }))
            .send(agreementBody(home, hosp)),
        403,
        'ROLE_NOT_ALLOWED',
      ],
      [
        'filing for another nursing home',
        () =>
          http
            .post('/v1/agreements')
            .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: hosp }))
            .send(agreementBody(home, hosp)),
        403,
        'WRONG_PARTY',
      ],
    ])('refuses %s', async (_name, send, status, code) => {
      const before = await snapshotOf(id);
      const [{ n: countBefore }] = await query<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM agreements');
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await snapshotOf(id)).toEqual(before);
      expect((await query<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM agreements'))[0].n).toEqual(countBefore);
    });

    it('refuses a second agreement of the pair over an overlapping term', async () => {
      const second = await http
        .post('/v1/agreements')
        .set('Authorization', elderlyAdmin)
        .send(agreementBody(home, hosp, { effectiveFrom: '2027-06-01', effectiveTo: '2028-05-31' }));
      await uploadSignedCopy(http, elderlyAdmin, second.body.id, 1);
      await http.post(`/v1/agreements/${second.body.id}/submit`).set('Authorization', elderlyAdmin).set('If-Match', '2');
      const res = await http
        .post(`/v1/agreements/${second.body.id}/countersign`)
        .set('Authorization', bearer({ roles: ['medical-admin'], institutionId: hosp }))
        .set('If-Match', '3');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('OVERLAPPING_AGREEMENT');
      expect(await snapshotOf(second.body.id)).toEqual({ version: 3, status: 'SUBMITTED' });
    });

    it('refuses a suspended party', async () => {
      const suspendedHospital = await registered(hospital({ name: '被暂停的医院' }));
      const res = await registry.http
        .post(`/v1/institutions/${suspendedHospital}/suspend`)
        .set('Authorization', registrar)
        .set('If-Match', '1')
        .send({ reason: '整改' });
      expect(res.status).toBe(200);
      await eventually(
        async () =>
          (await query<{ status: string }>(database, 'SELECT status FROM institution_directory WHERE id = ?', [suspendedHospital]))[0]
            ?.status === 'SUSPENDED',
        30_000,
        'suspension known to the contract service',
      );
      const filed = await http.post('/v1/agreements').set('Authorization', elderlyAdmin).send(agreementBody(home, suspendedHospital));
      expect(filed.status).toBe(422);
      expect(filed.body.code).toBe('PARTY_NOT_ACTIVE');
    });
  });
});
