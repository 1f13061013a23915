import { EventTypes, Topics, institutionEventSchemas, topicName } from '@yiyang/contracts';
import { TopicReader, bearer, hospital, nursingHome, query, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

const registrar = bearer({ roles: ['registrar'], sub: 'registrar-1' });
const anyone = bearer({ roles: ['referral-desk'], institutionId: '00000000-0000-4000-8000-000000000000' });

let registry: RegistryUnderTest;
let reader: TopicReader;
const topic = topicName(Topics.institution);

beforeAll(async () => {
  registry = await startRegistry('search-ops');
  reader = await new TopicReader([topic]).start();
});

afterAll(async () => {
  await reader?.stop();
  await registry?.close();
});

async function register(body: Record<string, unknown>) {
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; uscc: string } & Record<string, unknown>;
}

type Item = { id: string; name: string; distanceKm?: number; freeBeds?: Record<string, number> };
const search = (q: Record<string, unknown>) => registry.http.get('/v1/institutions').query(q).set('Authorization', anyone);
const idsOf = (res: { body: { items: Item[] } }) => res.body.items.map((i) => i.id);

describe('searching by name and USCC', () => {
  // Xiamen (3502…): no other institution of this schema lies there
  const base = { divisionCode: '350203', address: '厦门市思明区' };
  const at = (dLatKm: number) => ({ lat: 24.45 + dLatKm / 111.2, lng: 118.08 });
  const ids: Record<string, string> = {};
  const usccs: Record<string, string> = {};

  beforeAll(async () => {
    const add = async (key: string, body: Record<string, unknown>) => {
      const created = await register(body);
      ids[key] = created.id;
      usccs[key] = created.uscc;
    };
    await add('fjXiehe', hospital({ ...base, name: '福建医科大学附属协和医院', uscc: validUscc('350203'), location: at(4) }));
    await add(
      'bjXiehe',
      hospital({ ...base, divisionCode: '350206', name: '协和医院（湖里分院）', uscc: validUscc('350206'), location: at(1) }),
    );
    await add('xieheHome', nursingHome({ ...base, name: '协和颐养院', uscc: validUscc('350203'), location: at(2) }));
    await add('percent', hospital({ ...base, name: '康复100%医院', uscc: validUscc('350203'), location: at(6) }));
    await add('underscore', hospital({ ...base, name: '康复_中心医院', uscc: validUscc('350203'), location: at(7) }));
    await add('bang', hospital({ ...base, name: '康复!医院', uscc: validUscc('350203'), location: at(8) }));
    await add('quote', hospital({ ...base, name: "O'Neil 康复医院", uscc: validUscc('350203'), location: at(9) }));
    await add('fullWidth', hospital({ ...base, name: 'Ｐｅｋｉｎｇ Ｕｎｉｏｎ 医院', uscc: validUscc('350203'), location: at(10) }));
    await add('plain', hospital({ ...base, name: '思明区人民医院', uscc: validUscc('350203'), location: at(3) }));
  });

  it('finds a part of a Chinese name anywhere in it', async () => {
    const res = await search({ q: '协和', division: '3502' });
    expect(res.status).toBe(200);
    expect(new Set(idsOf(res))).toEqual(new Set([ids.fjXiehe, ids.bjXiehe, ids.xieheHome]));
    expect(idsOf(await search({ q: '附属协和医院' }))).toEqual([ids.fjXiehe]);
    expect(idsOf(await search({ q: '协和医院湖里' }))).toEqual([]);
  });

  it('takes %, _, ! and quotes in the search string literally', async () => {
    expect(idsOf(await search({ q: '%' }))).toEqual([ids.percent]);
    expect(idsOf(await search({ q: '100%' }))).toEqual([ids.percent]);
    expect(idsOf(await search({ q: '_' }))).toEqual([ids.underscore]);
    expect(idsOf(await search({ q: '康复_' }))).toEqual([ids.underscore]);
    expect(idsOf(await search({ q: '!' }))).toEqual([ids.bang]);
    expect(idsOf(await search({ q: "o'neil" }))).toEqual([ids.quote]);
    expect(idsOf(await search({ q: '%%' }))).toEqual([]);
    expect(idsOf(await search({ q: "' OR 1=1 --" }))).toEqual([]);
    expect(idsOf(await search({ q: '\\' }))).toEqual([]);
  });

  it('ignores case, full-width forms and spaces', async () => {
    expect(idsOf(await search({ q: 'peking union' }))).toEqual([ids.fullWidth]);
    expect(idsOf(await search({ q: 'ＰＥＫＩＮＧＵＮＩＯＮ' }))).toEqual([ids.fullWidth]);
    expect(idsOf(await search({ q: ' 协 和 颐 ' }))).toEqual([ids.xieheHome]);
  });

  it('treats an empty q as no filter', async () => {
    const all = await search({ division: '3502', limit: 100 });
    const empty = await search({ division: '3502', limit: 100, q: '' });
    expect(empty.status).toBe(200);
    expect(idsOf(empty)).toEqual(idsOf(all));
    expect(idsOf(all)).toHaveLength(9);
  });

  it('refuses a search string over 50 characters with a 400 problem', async () => {
    for (const q of ['协'.repeat(51), 'a'.repeat(10_000)]) {
      const res = await search({ q });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('q');
    }
    expect((await search({ q: '协'.repeat(50) })).status).toBe(200);
  });

  it('finds by USCC exactly, in either case', async () => {
    expect(idsOf(await search({ uscc: usccs.plain }))).toEqual([ids.plain]);
    expect(idsOf(await search({ uscc: usccs.plain.toLowerCase() }))).toEqual([ids.plain]);
    expect(idsOf(await search({ uscc: usccs.plain, q: '协和' }))).toEqual([]);
  });

  it('refuses a malformed USCC with 400', async () => {
    for (const uscc of [usccs.plain.slice(0, 17), `${usccs.plain}0`, '%'.repeat(18), 'IIIIIIIIIIIIIIIIII']) {
      const res = await search({ uscc });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('uscc');
    }
  });

  it('combines q with category, kind, division and status', async () => {
    expect(idsOf(await search({ q: '协和', category: 'MEDICAL', division: '3502' })).sort()).toEqual([ids.fjXiehe, ids.bjXiehe].sort());
    expect(idsOf(await search({ q: '协和', category: 'ELDERLY_CARE' }))).toEqual([ids.xieheHome]);
    expect(idsOf(await search({ q: '协和', division: '350206' }))).toEqual([ids.bjXiehe]);
    expect(idsOf(await search({ q: '协和', kind: 'NURSING_HOME', status: 'ACTIVE' }))).toEqual([ids.xieheHome]);
    expect(idsOf(await search({ q: '协和', status: 'SUSPENDED' }))).toEqual([]);
  });

  it('orders a name search nearest first with near, within the radius', async () => {
    const res = await search({ q: '协和', near: '24.45,118.08', radiusKm: 10 });
    expect(res.status).toBe(200);
    expect(idsOf(res)).toEqual([ids.bjXiehe, ids.xieheHome, ids.fjXiehe]);
    expect(res.body.items[0].distanceKm).toBeCloseTo(1, 1);
    expect(idsOf(await search({ q: '协和', near: '24.45,118.08', radiusKm: 3 }))).toEqual([ids.bjXiehe, ids.xieheHome]);
  });

  it.each([
    ['division order', {}],
    ['nearest first', { near: '24.45,118.08', radiusKm: 50 }],
  ])('pages a name search (%s) with a cursor, without repeats or gaps', async (_, extra) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await search({ q: '康复', limit: 1, ...extra, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...idsOf(res));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set([ids.percent, ids.underscore, ids.bang, ids.quote]));
  });

  it('checks the name inside the ordering index (range scan with index condition pushdown), not row by row', async () => {
    // enough rows elsewhere (Beijing) for the optimizer to prefer an index over reading the small table whole
    await query(
      registry.database,
      `INSERT INTO institutions (id, version, name, name_search, uscc, category, kind, ownership, non_profit, division_code, address, lat, lng, location, capabilities, beds, status, registered_at, updated_at)
       SELECT UUID(), 1, CONCAT('填充机构', s.seq), CONCAT('填充机构', s.seq), CONCAT('9111', LPAD(s.seq, 14, '0')), 'ELDERLY_CARE', 'NURSING_HOME', 'PUBLIC', 1, '110101', '北京',
         39.9, 116.4, ST_GeomFromText('POINT(116.4 39.9)'), '[]', '{}', 'ACTIVE', NOW(3), NOW(3)
       FROM seq_1_to_5000 s`,
    );
    await query(registry.database, 'ANALYZE TABLE institutions');
    for (const sql of [
      "EXPLAIN SELECT * FROM institutions i WHERE i.name_search LIKE '%协和%' ESCAPE '!' AND i.division_code >= '000000' ORDER BY i.division_code, i.id LIMIT 21",
      "EXPLAIN SELECT * FROM institutions i WHERE i.name_search LIKE '%协和%' ESCAPE '!' AND i.division_code LIKE '35%' ORDER BY i.division_code, i.id LIMIT 21",
    ]) {
      const [plan] = await query<{ key: string | null; Extra: string }>(registry.database, sql);
      expect(plan.key).toBe('ix_institutions_division_name');
      expect(plan.Extra).toContain('Using index condition');
    }
  });

  it('keeps the normalised name current when the name changes', async () => {
    const patched = await registry.http
      .patch(`/v1/institutions/${ids.plain}`)
      .set('Authorization', registrar)
      .set('If-Match', '"1"')
      .send({ name: '思明区协和社区医院' });
    expect(patched.status).toBe(200);
    expect(idsOf(await search({ q: '协和社区' }))).toEqual([ids.plain]);
    expect(idsOf(await search({ q: '人民医院', division: '3502' }))).toEqual([]);
  });
});

describe("reporting an institution's free beds and referral phone", () => {
  let hospitalId: string;
  let homeId: string;
  const ownAdmin = () => bearer({ roles: ['medical-admin'], institutionId: hospitalId, sub: 'hospital-admin' });
  const operations = (id: string, auth: string, version: string | null, body: unknown) => {
    const req = registry.http.patch(`/v1/institutions/${id}/operations`).set('Authorization', auth);
    if (version !== null) req.set('If-Match', version);
    return req.send(body as object);
  };

  beforeAll(async () => {
    hospitalId = (await register(hospital({ name: '床位测试医院', divisionCode: '350121', uscc: validUscc('350121') }))).id; // medical 800, rehabilitation 60
    homeId = (await register(nursingHome({ name: '床位测试养老院', divisionCode: '350121', uscc: validUscc('350121') }))).id; // elderly 120
  });

  // one report after another on the hospital, a step per test (in order): 2 by its administrator, 3 by a registrar
  it('lets its own administrator report, answering the new version', async () => {
    const own = await operations(hospitalId, ownAdmin(), '"1"', {
      freeBeds: { medical: 12, rehabilitation: 3 },
      referralPhone: '0591-87654321',
    });
    expect(own.status).toBe(200);
    expect(own.headers.etag).toBe('"2"');
    expect(own.body).toMatchObject({
      version: 2,
      freeBeds: { medical: 12, rehabilitation: 3 },
      referralPhone: '0591-87654321',
      beds: { medical: 800, rehabilitation: 60 },
    });
    expect(own.body.operationsUpdatedAt).toEqual(expect.any(String));
  });

  it("answers 404 to another institution's administrator, 403 to staff who are not administrators and regulators, 401 without a token", async () => {
    // another institution's administrator: as if it did not exist; staff who are not administrators, regulators: 403
    const otherAdmin = bearer({ roles: ['elderly-admin'], institutionId: homeId });
    expect((await operations(hospitalId, otherAdmin, '"2"', { freeBeds: { medical: 0 } })).status).toBe(404);
    expect(
      (await operations(hospitalId, bearer({ roles: ['referral-desk'], institutionId: hospitalId }), '"2"', { freeBeds: { medical: 0 } }))
        .status,
    ).toBe(403);
    expect(
      (await operations(hospitalId, bearer({ roles: ['regulator'], division: '35' }), '"2"', { freeBeds: { medical: 0 } })).status,
    ).toBe(403);
    expect((await operations(hospitalId, 'Bearer nonsense', '"2"', { freeBeds: { medical: 0 } })).status).toBe(401);
  });

  it('refuses a stale version (409) and a missing one (428)', async () => {
    const stale = await operations(hospitalId, ownAdmin(), '"1"', { freeBeds: { medical: 11 } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect((await operations(hospitalId, ownAdmin(), null, { freeBeds: { medical: 11 } })).status).toBe(428);
  });

  it('lets a registrar report: a type left out keeps its figure, null removes the phone', async () => {
    const byRegistrar = await operations(hospitalId, registrar, '"2"', { freeBeds: { medical: 0 }, referralPhone: null });
    expect(byRegistrar.status).toBe(200);
    expect(byRegistrar.body).toMatchObject({ version: 3, freeBeds: { medical: 0, rehabilitation: 3 }, referralPhone: null });
  });

  it('changes nothing when the same figures are reported again', async () => {
    const same = await operations(hospitalId, ownAdmin(), '"3"', { freeBeds: { medical: 0 } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(3);
  });

  it('shows the report in the detail and in search results', async () => {
    const detail = await registry.http.get(`/v1/institutions/${hospitalId}`).set('Authorization', anyone);
    expect(detail.body).toMatchObject({ version: 3, freeBeds: { medical: 0, rehabilitation: 3 }, referralPhone: null });
    const found = await search({ q: '床位测试医院' });
    expect(found.body.items[0]).toMatchObject({ id: hospitalId, freeBeds: { medical: 0, rehabilitation: 3 } });
  });

  it('publishes each report that changed something, in sequence, naming the changed fields', async () => {
    const messages = await reader.waitFor((m) => m.key === hospitalId, 3);
    const events = messages.map((m) =>
      m.json<{ type: string; sequence: number; actor: string; data: { changed?: string[]; institution: Record<string, unknown> } }>(),
    );
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      [EventTypes.institution.registered, 1],
      [EventTypes.institution.operationsUpdated, 2],
      [EventTypes.institution.operationsUpdated, 3],
    ]);
    expect(events[1].data.changed).toEqual(['freeBeds', 'referralPhone']);
    expect(events[1].actor).toBe('medical-admin:hospital-admin');
    expect(events[1].data.institution).toMatchObject({ freeBeds: { medical: 12, rehabilitation: 3 }, referralPhone: '0591-87654321' });
    for (const e of events)
      expect(institutionEventSchemas[e.type as keyof typeof institutionEventSchemas].safeParse(e.data).success).toBe(true);
  });

  it.each([
    ['a negative count', { freeBeds: { elderly: -1 } }, 'freeBeds.elderly'],
    ['a fraction', { freeBeds: { elderly: 1.5 } }, 'freeBeds.elderly'],
    ['a string', { freeBeds: { elderly: '3' } }, 'freeBeds.elderly'],
    ['null', { freeBeds: { elderly: null } }, undefined],
    ['a huge count', { freeBeds: { elderly: 1e9 } }, 'freeBeds.elderly'],
    ['more than registered', { freeBeds: { elderly: 121 } }, 'freeBeds.elderly'],
    ['a type with no beds registered', { freeBeds: { hospice: 1 } }, 'freeBeds.hospice'],
    ['family beds', { freeBeds: { family: 1 } }, undefined],
    ['no bed type', { freeBeds: {} }, 'freeBeds'],
    ['an array', { freeBeds: [1] }, undefined],
    ['a malformed phone', { referralPhone: '110; DROP TABLE' }, 'referralPhone'],
    ['a number for a phone', { referralPhone: 13800000000 }, 'referralPhone'],
    ['an empty body', {}, 'body'],
    ['an unknown field', { freeBeds: { elderly: 1 }, status: 'REVOKED' }, undefined],
  ])('refuses %s with 400 and changes nothing', async (_, body, field) => {
    const admin = bearer({ roles: ['elderly-admin'], institutionId: homeId });
    const res = await operations(homeId, admin, '"1"', body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const [row] = await query<{ version: number }>(registry.database, 'SELECT version FROM institutions WHERE id = ?', [homeId]);
    expect(row.version).toBe(1);
  });

  it('accepts a mobile number', async () => {
    const admin = bearer({ roles: ['elderly-admin'], institutionId: homeId });
    const ok = await operations(homeId, admin, '"1"', { freeBeds: { elderly: 120 }, referralPhone: '13800000000' });
    expect(ok.status).toBe(200);
  });

  it('refuses a report for a revoked institution (409)', async () => {
    const admin = bearer({ roles: ['elderly-admin'], institutionId: homeId });
    await registry.http
      .post(`/v1/institutions/${homeId}/revoke`)
      .set('Authorization', registrar)
      .set('If-Match', '"2"')
      .send({ reason: '注销' })
      .expect(200);
    const refused = await operations(homeId, admin, '"3"', { freeBeds: { elderly: 0 } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });
});
