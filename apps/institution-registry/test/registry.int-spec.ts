import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { TopicReader, bearer, hospital, nursingHome, query, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

const registrar = bearer({ roles: ['registrar'], sub: 'registrar-1' });
const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));

let registry: RegistryUnderTest;
let reader: TopicReader;
const topic = topicName(Topics.institution);

beforeAll(async () => {
  registry = await startRegistry('registry', { clock });
  reader = await new TopicReader([topic]).start();
});

afterAll(async () => {
  await reader?.stop();
  await registry?.close();
});

const eventsFor = (id: string) => reader.messages.filter((m) => m.key === id);

async function register(body: Record<string, unknown>) {
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

describe('registering an institution', () => {
  it('puts exactly one CloudEvents message on institution.events with the right type, subject, key, sequence and division', async () => {
    const created = await register(nursingHome());
    expect(created).toMatchObject({ version: 1, status: 'ACTIVE', divisionName: '鼓楼区' });

    const [message] = await reader.waitFor((m) => m.key === created.id);
    // let any duplicate arrive before counting
    await new Promise((r) => setTimeout(r, 1000));
    expect(eventsFor(created.id)).toHaveLength(1);
    expect(message.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    const event = message.json<{ traceparent: string; data: { institution: unknown } }>();
    expect(event).toMatchObject({
      specversion: '1.0',
      type: EventTypes.institution.registered,
      source: '/yiyang/institution-registry',
      subject: created.id,
      datacontenttype: 'application/json',
      sequence: 1,
      division: '350102',
      actor: 'registrar:registrar-1',
    });
    expect(event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(event.data.institution).toMatchObject({ id: created.id, uscc: created.uscc, status: 'ACTIVE', version: 1 });
    const [row] = await query<{ n: number }>(
      registry.database,
      'SELECT COUNT(*) AS n FROM outbox WHERE aggregate_id = ? AND published_at IS NOT NULL',
      [created.id],
    );
    expect(Number(row.n)).toBe(1);
  });

  it('reads it back with an ETag of its version, never to be cached', async () => {
    const created = await register(hospital());
    const res = await registry.http
      .get(`/v1/institutions/${created.id}`)
      .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: 'x' }));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ id: created.id, category: 'MEDICAL', hospitalGrade: 'LEVEL_3' });
  });

  it('answers 409 for a USCC already registered, and writes nothing', async () => {
    const body = nursingHome();
    await register(body);
    const before = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox');
    const res = await registry.http
      .post('/v1/institutions')
      .set('Authorization', registrar)
      .send({ ...body, name: '另一家' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE_USCC');
    const after = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox');
    expect(after[0].n).toEqual(before[0].n);
  });

  const postWithKey = (key: string, body: Record<string, unknown>) =>
    registry.http.post('/v1/institutions').set('Authorization', registrar).set('Idempotency-Key', key).send(body);

  it('replays the first response for a retried Idempotency-Key, registering once', async () => {
    const body = nursingHome();
    const first = await postWithKey(`k-${body.uscc}`, body);
    const again = await postWithKey(`k-${body.uscc}`, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM institutions WHERE uscc = ?', [body.uscc]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('refuses an Idempotency-Key used again with another body', async () => {
    const body = nursingHome();
    expect((await postWithKey(`k-${body.uscc}`, body)).status).toBe(201);
    const other = await postWithKey(`k-${body.uscc}`, { ...body, name: '别的机构' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('changing an institution', () => {
  // one institution taken through its life, a step per test (in order): 1 registered, 2 updated, 3 suspended, 4 reinstated, 5 revoked
  let created: { id: string; version: number };
  const patch = () => registry.http.patch(`/v1/institutions/${created.id}`).set('Authorization', registrar);
  const transition = (action: string, version: string, body: Record<string, unknown>) =>
    registry.http.post(`/v1/institutions/${created.id}/${action}`).set('Authorization', registrar).set('If-Match', version).send(body);

  beforeAll(async () => {
    created = await register(hospital());
  });

  it('refuses a change without If-Match (428)', async () => {
    const missing = await patch().send({ name: '新名称医院' });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('IF_MATCH_REQUIRED');
  });

  it('updates with If-Match, answering the new version as the ETag', async () => {
    const updated = await patch()
      .set('If-Match', '"1"')
      .send({ name: '福州市第一医院（新院区）', capabilities: ['EMERGENCY', 'HOSPICE'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, capabilities: ['EMERGENCY', 'HOSPICE'] });
    expect(updated.headers.etag).toBe('"2"');
  });

  it('refuses a stale version (409)', async () => {
    const stale = await patch().set('If-Match', '"1"').send({ name: '过期的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('suspends with a reason', async () => {
    const suspend = await transition('suspend', '2', { reason: '飞行检查发现问题' });
    expect(suspend.status).toBe(200);
    expect(suspend.body).toMatchObject({ status: 'SUSPENDED', version: 3, statusReason: '飞行检查发现问题' });
  });

  it('refuses to suspend a suspended institution (409)', async () => {
    const again = await transition('suspend', '3', { reason: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('reinstates, then revokes', async () => {
    const reinstate = await transition('reinstate', '3', {});
    expect(reinstate.body).toMatchObject({ status: 'ACTIVE', version: 4 });
    const revoke = await transition('revoke', '4', { reason: '吊销' });
    expect(revoke.body).toMatchObject({ status: 'REVOKED', version: 5 });
  });

  it('publishes every change in sequence, an update naming the fields it changed', async () => {
    const messages = await reader.waitFor((m) => m.key === created.id, 5);
    const events = messages.map((m) => m.json<{ type: string; sequence: number; data: { changed?: string[] } }>());
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      [EventTypes.institution.registered, 1],
      [EventTypes.institution.updated, 2],
      [EventTypes.institution.suspended, 3],
      [EventTypes.institution.reinstated, 4],
      [EventTypes.institution.revoked, 5],
    ]);
    expect(events[1].data.changed).toEqual(['name', 'capabilities']);
  });

  it('answers 404 for an institution that does not exist', async () => {
    const res = await registry.http
      .post('/v1/institutions/7d0c1b8e-2d7f-4c1a-9a3b-5e6f7a8b9c0d/suspend')
      .set('Authorization', registrar)
      .set('If-Match', '1')
      .send({ reason: '不存在' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('searching', () => {
  const near = { lat: 30.5, lng: 114.3 }; // Wuhan: away from the other tests' institutions
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const at = (dLatKm: number) => ({ lat: near.lat + dLatKm / 111.2, lng: near.lng });
    const base = { divisionCode: '420102', address: '武汉市江岸区' };
    ids.rehab2 = (
      await register(
        hospital({
          ...base,
          name: '康复医院二公里',
          uscc: validUscc('420102'),
          kind: 'REHABILITATION_HOSPITAL',
          location: at(2),
          capabilities: ['REHABILITATION'],
        }),
      )
    ).id;
    ids.rehab5 = (
      await register(
        hospital({
          ...base,
          name: '综合医院五公里',
          uscc: validUscc('420102'),
          location: at(5),
          capabilities: ['REHABILITATION', 'EMERGENCY'],
        }),
      )
    ).id;
    ids.noRehab1 = (
      await register(hospital({ ...base, name: '无康复一公里', uscc: validUscc('420102'), location: at(1), capabilities: ['EMERGENCY'] }))
    ).id;
    ids.rehab30 = (
      await register(
        hospital({ ...base, name: '康复三十公里', uscc: validUscc('420102'), location: at(30), capabilities: ['REHABILITATION'] }),
      )
    ).id;
    ids.home3 = (
      await register(
        nursingHome({ ...base, name: '养老院三公里', uscc: validUscc('420102'), location: at(3), capabilities: ['REHABILITATION'] }),
      )
    ).id;
  });

  const reader_ = bearer({ roles: ['elderly-admin'], institutionId: 'any' });

  it('finds the nearest medical institutions offering rehabilitation within 10 km, nearest first', async () => {
    const res = await registry.http
      .get('/v1/institutions')
      .query({ category: 'MEDICAL', capability: 'REHABILITATION', near: `${near.lat},${near.lng}`, radiusKm: 10 })
      .set('Authorization', reader_);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.rehab2, ids.rehab5]);
    expect(res.body.items[0].distanceKm).toBeCloseTo(2, 1);
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages nearest-first results with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await registry.http
        .get('/v1/institutions')
        .query({ near: `${near.lat},${near.lng}`, radiusKm: 50, limit: 2, ...(cursor ? { cursor } : {}) })
        .set('Authorization', reader_);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([ids.noRehab1, ids.rehab2, ids.home3, ids.rehab5, ids.rehab30]);
  });

  it('filters by division prefix and kind', async () => {
    const res = await registry.http
      .get('/v1/institutions')
      .query({ division: '4201', kind: 'REHABILITATION_HOSPITAL' })
      .set('Authorization', reader_);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.rehab2]);
  });

  it('can use the spatial index for the proximity query', async () => {
    const plan = await query<{ possible_keys: string | null }>(
      registry.database,
      "EXPLAIN SELECT id FROM institutions i WHERE MBRContains(ST_GeomFromText('POLYGON((114 30, 115 30, 115 31, 114 31, 114 30))'), i.location)",
    );
    expect(plan[0].possible_keys).toContain('sx_institutions_location');
  });

  it('finds a moved institution at its new location, nearest first', async () => {
    const far = { lat: near.lat + 1, lng: near.lng }; // about 111 km north
    const moved = await register(
      nursingHome({ divisionCode: '420102', address: '武汉市江岸区', name: '搬迁的养老院', uscc: validUscc('420102'), location: far }),
    );
    const patched = await registry.http
      .patch(`/v1/institutions/${moved.id}`)
      .set('Authorization', registrar)
      .set('If-Match', '"1"')
      .send({ location: { lat: near.lat + 0.5 / 111.2, lng: near.lng } });
    expect(patched.status).toBe(200);
    const res = await registry.http
      .get('/v1/institutions')
      .query({ near: `${near.lat},${near.lng}`, radiusKm: 0.8 })
      .set('Authorization', reader_);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([moved.id]);
    expect(res.body.items[0].distanceKm).toBeCloseTo(0.5, 1);
  });

  it.each([
    [{ near: '30.5' }, 'near'],
    [{ radiusKm: 5 }, 'radiusKm'],
    [{ division: '99' }, 'division'],
    [{ capability: 'FLYING' }, 'capability'],
    [{ limit: 1000 }, 'limit'],
    [{ cursor: '%%%' }, 'cursor'],
  ])('refuses the query %p naming %s', async (q, field) => {
    const res = await registry.http.get('/v1/institutions').query(q).set('Authorization', reader_);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('licence expiry', () => {
  it('announces each lapsed licence once, even with two schedulers running at once', async () => {
    const lapsing = await register(
      hospital({
        name: '许可证将过期医院',
        medicalLicence: { number: 'EXP-1', scope: ['内科'], validFrom: '2020-01-01', validTo: '2026-11-25' },
      }),
    );
    const second = await startRegistry('registry', { clock }); // a second replica on the same schema
    try {
      clock.set('2026-11-25T12:00:00Z');
      expect(await registry.job.runOnce()).toBe(0);
      clock.set('2026-11-26T01:00:00Z');
      const counts = await Promise.all([registry.job.runOnce(), second.job.runOnce(), registry.job.runOnce(), second.job.runOnce()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      await reader.waitFor((m) => m.key === lapsing.id && m.json<{ type: string }>().type === EventTypes.institution.licenceExpired);
      await new Promise((r) => setTimeout(r, 1000));
      const expiries = eventsFor(lapsing.id).filter((m) => m.json<{ type: string }>().type === EventTypes.institution.licenceExpired);
      expect(expiries).toHaveLength(1);
      expect(expiries[0].json<{ data: { licence: unknown } }>().data.licence).toEqual({ number: 'EXP-1', validTo: '2026-11-25' });
      expect(await second.job.runOnce()).toBe(0);
    } finally {
      await second.close();
      clock.set('2026-11-22T02:00:00Z');
    }
  });
});

describe('health, metrics and docs', () => {
  it('reports ready with database and Kafka up', async () => {
    const res = await registry.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('serves Prometheus metrics', async () => {
    const metrics = await registry.http.get('/metrics');
    expect(metrics.text).toMatch(/http_request_duration_seconds_bucket/);
    expect(metrics.text).toMatch(/outbox_published_total\{service="institution-registry"\} [1-9]/);
  });

  it('serves the OpenAPI document', async () => {
    const docs = await registry.http.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/institutions', '/v1/institutions/{id}', '/v1/institutions/{id}/suspend']),
    );
  });

  it('continues the caller’s trace', async () => {
    const res = await registry.http.get('/health/live').set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(res.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
  });
});
