import { ManualClock } from '@yiyang/kernel';
import { AggregateStore, CLOCK, UnitOfWork } from '@yiyang/platform';
import { asBytes, bearer, hospital, nursingHome, query, validUscc } from '@yiyang/testing';
import { InstitutionRepository } from '../src/persistence/institution.repository';
import { institutionDefinition } from '../src/shared/institution-store';
import { RegistryUnderTest, startRegistry } from './registry-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z')); // 2026-11-22 10:00 China time
const registrar = bearer({ roles: ['registrar'], sub: 'registrar-audit', name: '登记员甲' });
let app: RegistryUnderTest['app'];
let http: RegistryUnderTest['http'];
let database: string;
let hospitalId: string;
let homeId: string;
let admin: string;

const audit = (auth: string, params: Record<string, string | number> = {}) =>
  http.get('/v1/audit').query(params).set('Authorization', auth);
const rows = (id: string) =>
  query<{ version: number; action: string }>(
    database,
    'SELECT version, action FROM audit_entries WHERE aggregate_id = ? ORDER BY version',
    [id],
  );

beforeAll(async () => {
  // the registry's registrar reads its whole trail (registry.module.ts names it once its definition says `audit: { readAll: ['registrar'] }`)
  ({ app, http, database } = await startRegistry('registry_audit', { clock, definition: { audit: { readAll: ['registrar'] } } }));

  const register = async (body: Record<string, unknown>) => {
    const res = await http.post('/v1/institutions').set('Authorization', registrar).send(body);
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  hospitalId = await register(hospital({ name: '审计测试医院', divisionCode: '350103', uscc: validUscc('350103') }));
  homeId = await register(nursingHome({ name: '审计测试养老院', divisionCode: '350102', uscc: validUscc('350102') }));
  admin = bearer({ roles: ['medical-admin'], institutionId: hospitalId, sub: 'hospital-admin-audit', name: '王主任' });
  // v2: the hospital's administrator reports free beds; v3: the registrar suspends it, with a reason a spreadsheet would run
  clock.advance(60_000);
  const beds = await http
    .patch(`/v1/institutions/${hospitalId}/operations`)
    .set('Authorization', admin)
    .set('If-Match', '"1"')
    .send({ freeBeds: { medical: 12 } });
  expect(beds.status).toBe(200);
  clock.advance(60_000);
  const suspended = await http
    .post(`/v1/institutions/${hospitalId}/suspend`)
    .set('Authorization', registrar)
    .set('If-Match', '"2"')
    .send({ reason: '=HYPERLINK("http://x.example","停业整顿")' });
  expect(suspended.status).toBe(200);
});

afterAll(async () => {
  await app?.close();
});

describe('the audit trail of the registry', () => {
  it('keeps a row per change with who (id, role, institution, name), when, which fields and why, newest first', async () => {
    const res = await audit(registrar, { resource: hospitalId });
    expect(res.status).toBe(200);
    expect((res.body as Body).items).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        at: '2026-11-22T02:02:00.000Z',
        type: 'institution',
        resourceId: hospitalId,
        version: 3,
        action: 'suspended',
        fields: expect.arrayContaining(['status']),
        reason: '=HYPERLINK("http://x.example","停业整顿")',
        actor: { id: 'registrar-audit', role: 'registrar', institutionId: null, name: '登记员甲' },
        parties: [{ institutionId: hospitalId, division: '350103' }],
      },
      expect.objectContaining({
        at: '2026-11-22T02:01:00.000Z',
        version: 2,
        action: 'operations-updated',
        fields: expect.arrayContaining(['freeBeds']),
        reason: null,
        actor: { id: 'hospital-admin-audit', role: 'medical-admin', institutionId: hospitalId, name: '王主任' },
      }),
      expect.objectContaining({ version: 1, action: 'registered', fields: ['*'], reason: null }),
    ]);
    expect((res.body as Body).nextCursor).toBeNull();
  });

  it("keeps the actor's name out of the events: they say role:userId only", async () => {
    const outbox = await query<{ payload: string }>(database, 'SELECT payload FROM outbox WHERE aggregate_id = ? ORDER BY id', [
      hospitalId,
    ]);
    expect(outbox.map((o) => (JSON.parse(o.payload) as { actor: string }).actor)).toEqual([
      'registrar:registrar-audit',
      'medical-admin:hospital-admin-audit',
      'registrar:registrar-audit',
    ]);
    for (const o of outbox) expect(o.payload).not.toMatch(/王主任|登记员甲/);
  });

  it('leaves no audit row of a write that rolled back', async () => {
    // the registry's own definition, whose event mapping fails after the audit row was written in the transaction
    const broken = new AggregateStore(app.get(UnitOfWork), app.get(CLOCK), app.get(InstitutionRepository), {
      ...institutionDefinition,
      event: () => {
        throw new Error('the outbox refused the event');
      },
    });
    await expect(
      broken.change(homeId, {}, { userId: 'registrar-audit', role: 'registrar' }, (i, { at }) => i.suspend('回滚', at)),
    ).rejects.toThrow('the outbox refused the event');
    expect(await rows(homeId)).toEqual([{ version: 1, action: 'registered' }]);
    const [home] = await query<{ version: number; status: string }>(database, 'SELECT version, status FROM institutions WHERE id = ?', [
      homeId,
    ]);
    expect(home).toEqual({ version: 1, status: 'ACTIVE' });
  });

  it("shows staff their own institution's entries only, and another institution's staff nothing of it", async () => {
    const own = await audit(admin);
    expect(own.status).toBe(200);
    expect((own.body as Body).items.map((e: Body) => e.resourceId)).toEqual([hospitalId, hospitalId, hospitalId]);
    const other = bearer({ roles: ['elderly-admin'], institutionId: homeId, sub: 'home-admin-audit' });
    const theirs = await audit(other, { resource: hospitalId });
    expect([theirs.status, (theirs.body as Body).items]).toEqual([200, []]);
    expect((await audit(other)).body.items.map((e: Body) => e.resourceId)).toEqual([homeId]);
  });

  it('shows a regulator the entries inside their division, and none outside it', async () => {
    const fuzhou = await audit(bearer({ roles: ['regulator'], division: '3501' }), { type: 'institution' });
    expect(new Set((fuzhou.body as Body).items.map((e: Body) => e.resourceId))).toEqual(new Set([hospitalId, homeId]));
    const county = await audit(bearer({ roles: ['regulator'], division: '350102' }));
    expect((county.body as Body).items.map((e: Body) => e.resourceId)).toEqual([homeId]);
    const xiamen = await audit(bearer({ roles: ['regulator'], division: '3502' }));
    expect([xiamen.status, (xiamen.body as Body).items]).toEqual([200, []]);
  });

  it('answers 401 problem+json without a valid token', async () => {
    for (const path of ['/v1/audit', '/v1/audit.csv']) {
      for (const auth of [undefined, 'Bearer nonsense']) {
        const req = http.get(path);
        const res = await (auth ? req.set('Authorization', auth) : req);
        expect([res.status, res.headers['content-type'], (res.body as Body).code]).toEqual([
          401,
          expect.stringMatching(/^application\/problem\+json/),
          'UNAUTHENTICATED',
        ]);
      }
    }
  });

  it('filters by actor, institution, type, action and China-time dates', async () => {
    const ids = async (params: Record<string, string>) => {
      const res = await audit(registrar, params);
      expect(res.status).toBe(200);
      return (res.body as Body).items.map((e: Body) => [e.resourceId, e.version]);
    };
    expect(await ids({ actor: 'hospital-admin-audit' })).toEqual([[hospitalId, 2]]);
    expect(await ids({ institution: hospitalId, action: 'suspended' })).toEqual([[hospitalId, 3]]);
    expect(await ids({ institution: hospitalId.toUpperCase(), type: 'agreement' })).toEqual([]);
    expect(await ids({ resource: homeId, from: '2026-11-22', to: '2026-11-22' })).toEqual([[homeId, 1]]);
    expect(await ids({ resource: homeId, from: '2026-11-23' })).toEqual([]);
    expect(await ids({ resource: homeId, to: '2026-11-21' })).toEqual([]);
  });

  it('pages newest first by cursor, and answers a forged cursor or a bad filter with 400 problem+json', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(registrar, { resource: hospitalId, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...(res.body as Body).items.map((e: Body) => e.version as number));
      cursor = (res.body as Body).nextCursor as string | null;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([3, 2, 1]);

    const forged = Buffer.from(JSON.stringify({ at: '2026-11-22T02:00:00.000Z', id: "1' OR '1'='1" })).toString('base64url');
    for (const params of [
      { cursor: forged },
      { cursor: 'bm90IGEgY3Vyc29y' },
      { from: '2026-02-30' },
      { from: '2026-11-23', to: '2026-11-22' },
      { institution: 'not-a-uuid' },
      { limit: 0 },
      { type: "institution' OR 1=1" },
      { sort: 'at' },
    ] as Record<string, string | number>[]) {
      const res = await audit(registrar, params);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    }
  });

  it('exports the same entries as CSV: a BOM, a header, China time, and a cell beginning with = made inert', async () => {
    const res = await asBytes(http.get('/v1/audit.csv').query({ resource: hospitalId }).set('Authorization', registrar));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'time (UTC+8),type,resource,version,action,fields,reason,actor,actor role,actor institution,actor name,institutions,divisions',
    );
    expect(lines[1]).toContain(`2026-11-22 10:02:00,institution,${hospitalId},3,suspended,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x.example"",""停业整顿"")",registrar-audit,registrar,,登记员甲,${hospitalId},350103`);
    expect(lines[2]).toContain(`operations-updated,freeBeds operationsUpdatedAt,,hospital-admin-audit,medical-admin,${hospitalId},王主任`);
    expect(lines).toHaveLength(5); // header, three entries, the final CRLF
  });

  it('refuses an export of more than 10,000 entries with 422, asking for narrower filters', async () => {
    const flood = '99999999-9999-4999-8999-999999999999';
    // 10,001 entries in one statement (digits cross-joined: MySQL and MariaDB alike)
    const digits = `(${Array.from({ length: 10 }, (_, d) => `SELECT ${d} AS d`).join(' UNION ALL ')})`;
    await query(
      database,
      `INSERT INTO audit_entries (at, aggregate_type, aggregate_id, version, action, fields, actor_id, actor_role, party1_institution_id, party1_division)
       SELECT '2026-11-01 00:00:00', 'institution', ?, n, 'updated', '[]', 'system', 'system', ?, '350104'
       FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n
             FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f) numbers
       WHERE n <= 10001`,
      [flood, flood],
    );
    const res = await http.get('/v1/audit.csv').query({ institution: flood }).set('Authorization', registrar);
    expect([res.status, (res.body as Body).code]).toEqual([422, 'AUDIT_EXPORT_TOO_LARGE']);
    const narrower = await http.get('/v1/audit.csv').query({ institution: flood, to: '2026-10-31' }).set('Authorization', registrar);
    expect(narrower.status).toBe(200);
  });

  it('shows both endpoints in the OpenAPI document', async () => {
    const docs = await http.get('/docs-json');
    expect(Object.keys((docs.body as Body).paths)).toEqual(expect.arrayContaining(['/v1/audit', '/v1/audit.csv']));
    expect((docs.body as Body).paths['/v1/audit'].get.parameters.map((p: Body) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'from', 'to', 'actor', 'institution', 'type', 'action', 'resource']),
    );
  });
});
