import request from 'supertest';
import { ManualClock } from '@yiyang/kernel';
import { bearer, hospital, nursingHome, query, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, agreementBody, registeredWith, startContract } from './contract-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;
let home: string;
let hosp: string;
let otherHosp: string;
let elderly: string;
let medical: string;
let id: string;

const audit = (auth: string, params: Record<string, string | number> = {}) =>
  http.get('/v1/audit').query(params).set('Authorization', auth);
const versionsSeenBy = async (auth: string, params: Record<string, string> = {}) => {
  const res = await audit(auth, { resource: id, ...params });
  expect(res.status).toBe(200);
  return (res.body as Body).items.map((e: Body) => e.version as number);
};

beforeAll(async () => {
  registry = await startRegistry('audit_registry', { clock });
  contract = await startContract('contract_audit', clock);
  http = contract.http;
  home = await registeredWith(registry, contract, nursingHome({ name: '审计颐养院', divisionCode: '350102', uscc: validUscc('350102') }));
  hosp = await registeredWith(registry, contract, hospital({ name: '审计合作医院', divisionCode: '350103', uscc: validUscc('350103') }));
  otherHosp = await registeredWith(
    registry,
    contract,
    hospital({ name: '审计无关医院', divisionCode: '350104', uscc: validUscc('350104') }),
  );
  elderly = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'audit-home-admin', name: '李院长' });
  medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: 'audit-hospital-admin', name: '王主任' });

  // v1 filed as a DRAFT, v2 its edit (publishes nothing), v3 submitted, v4 rejected by the medical party
  const filed = await http.post('/v1/agreements').set('Authorization', elderly).send(agreementBody(home, hosp));
  expect(filed.status).toBe(201);
  id = (filed.body as { id: string }).id;
  const { elderlyInstitutionId: _e, medicalInstitutionId: _m, ...content } = agreementBody(home, hosp);
  clock.advance(60_000);
  const edited = await http
    .patch(`/v1/agreements/${id}`)
    .set('Authorization', elderly)
    .set('If-Match', '"1"')
    .send({ ...content, breachLiability: '违约方支付违约金五万元' });
  expect(edited.status).toBe(200);
  clock.advance(60_000);
  expect((await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '"2"')).status).toBe(200);
  clock.advance(60_000);
  const rejected = await http
    .post(`/v1/agreements/${id}/reject`)
    .set('Authorization', medical)
    .set('If-Match', '"3"')
    .send({ reason: '服务半径过远' });
  expect(rejected.status).toBe(200);
});

afterAll(async () => {
  await contract?.close();
  await registry?.close();
});

describe('the audit trail of agreements', () => {
  it("keeps every change, a draft's edit that published nothing included, with each actor's name and institution", async () => {
    const res = await audit(elderly, { resource: id });
    expect(res.status).toBe(200);
    const parties = [
      { institutionId: home, division: '350102' },
      { institutionId: hosp, division: '350103' },
    ];
    expect((res.body as Body).items).toEqual([
      expect.objectContaining({
        version: 4,
        action: 'rejected',
        reason: '服务半径过远',
        actor: { id: 'audit-hospital-admin', role: 'medical-admin', institutionId: hosp, name: '王主任' },
        parties,
      }),
      expect.objectContaining({ version: 3, action: 'submitted', at: '2026-11-22T02:02:00.000Z' }),
      expect.objectContaining({
        version: 2,
        action: 'draft-edited',
        fields: expect.arrayContaining(['breachLiability']),
        actor: { id: 'audit-home-admin', role: 'elderly-admin', institutionId: home, name: '李院长' },
        parties,
      }),
      expect.objectContaining({ version: 1, action: 'created', fields: ['*'], type: 'agreement', resourceId: id }),
    ]);
    // the draft's versions published nothing: the outbox has the submission and the rejection only
    const outbox = await query<{ payload: string }>(contract.database, 'SELECT payload FROM outbox WHERE aggregate_id = ? ORDER BY id', [
      id,
    ]);
    expect(outbox.map((o) => (JSON.parse(o.payload) as { sequence: number; actor: string }).sequence)).toEqual([3, 4]);
    for (const o of outbox) expect(o.payload).not.toMatch(/李院长|王主任/);
  });

  it('shows the entries to both parties, to the regulator of either party, and to no one else', async () => {
    expect(await versionsSeenBy(medical)).toEqual([4, 3, 2, 1]);
    expect(await versionsSeenBy(bearer({ roles: ['regulator'], division: '350102' }))).toEqual([4, 3, 2, 1]);
    expect(await versionsSeenBy(bearer({ roles: ['regulator'], division: '350103' }))).toEqual([4, 3, 2, 1]);
    expect(await versionsSeenBy(bearer({ roles: ['regulator'], division: '35' }))).toEqual([4, 3, 2, 1]);
    expect(await versionsSeenBy(bearer({ roles: ['regulator'], division: '350104' }))).toEqual([]);
    expect(await versionsSeenBy(bearer({ roles: ['regulator'], division: '3502' }))).toEqual([]);
    const stranger = bearer({ roles: ['medical-admin'], institutionId: otherHosp, sub: 'audit-stranger' });
    expect(await versionsSeenBy(stranger)).toEqual([]);
    expect((await audit(stranger)).body.items).toEqual([]);
  });

  it("refuses the registrar, who reads only the registry's trail: 403 problem+json on both endpoints", async () => {
    for (const path of ['/v1/audit', '/v1/audit.csv']) {
      const res = await http.get(path).set('Authorization', bearer({ roles: ['registrar'] }));
      expect([res.status, res.headers['content-type'], (res.body as Body).code]).toEqual([
        403,
        expect.stringMatching(/^application\/problem\+json/),
        'ROLE_NOT_ALLOWED',
      ]);
    }
  });

  it('filters by actor, institution, action and date', async () => {
    expect(await versionsSeenBy(elderly, { actor: 'audit-hospital-admin' })).toEqual([4]);
    expect(await versionsSeenBy(elderly, { institution: hosp, action: 'draft-edited' })).toEqual([2]);
    expect(await versionsSeenBy(elderly, { institution: otherHosp })).toEqual([]);
    expect(await versionsSeenBy(elderly, { type: 'referral' })).toEqual([]);
    expect(await versionsSeenBy(elderly, { from: '2026-11-22', to: '2026-11-22' })).toEqual([4, 3, 2, 1]);
    expect(await versionsSeenBy(elderly, { to: '2026-11-21' })).toEqual([]);
  });

  it("exports the party's entries as CSV with a BOM and a header, names as they were", async () => {
    const res = await http.get('/v1/audit.csv').query({ resource: id }).set('Authorization', medical);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.text;
    expect(text.startsWith('\uFEFFtime (UTC+8),type,resource,')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(`agreement,${id},4,rejected,`);
    expect(lines[1]).toContain('服务半径过远,audit-hospital-admin,medical-admin');
    expect(lines[3]).toContain('李院长');
  });

  it('shows both endpoints in the OpenAPI document', async () => {
    const docs = await http.get('/docs-json');
    expect(Object.keys((docs.body as Body).paths)).toEqual(expect.arrayContaining(['/v1/audit', '/v1/audit.csv']));
  });
});
