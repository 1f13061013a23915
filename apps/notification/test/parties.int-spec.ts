import { AddressInfo } from 'node:net';
import { EventTypes } from '@yiyang/contracts';
import { DAY_MS, ManualClock } from '@yiyang/kernel';
import { bearer, eventually, query, sseEvents } from '@yiyang/testing';
import {
  EventFeed,
  NotificationUnderTest,
  Place,
  agreementSnapshot,
  consumed,
  institutionAt,
  place,
  receiver,
  referralSnapshot,
  startNotification,
} from './notification-app';
import { FindingsRepository } from '../src/persistence/findings.repository';

const START = '2026-11-22T02:00:00Z';
const clock = new ManualClock(new Date(START));
let service: NotificationUnderTest;
let feed: EventFeed;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
// divisions no other suite of the run uses (every suite's events share the run's topics): 烟台 (3706)
const home = place('370602', 'ELDERLY_CARE', 37.53, 121.39);
const hospital = place('370611', 'MEDICAL', 37.55, 121.4);
const regulatorOf = (division: string) => bearer({ roles: ['regulator'], division, sub: `regulator-${division}` });
const [zhifu, fushan, muping] = ['370602', '370611', '370612'].map(regulatorOf);

async function known(p: Place, o: Record<string, unknown> = {}, type: string = EventTypes.institution.registered, extra = {}) {
  await consumed(service.database, (await feed.institution(institutionAt(p, o), type, extra)).id);
}

const inbox = async (token: string) => (await service.http.get('/v1/inbox').query({ limit: 100 }).set('Authorization', token)).body;

beforeAll(async () => {
  service = await startNotification('notification_parties', clock, {
    COVER_GRACE_DAYS: '30',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_TIMEOUT_MS: '1500',
    WEBHOOK_MAX_ATTEMPTS: '2',
    WEBHOOK_POLL_MS: '100',
    STREAM_POLL_MS: '100',
  });
  await service.app.listen(0, '127.0.0.1');
  feed = await new EventFeed().start();
  await known(home, { name: '芝罘区颐养院' });
  await known(hospital, { name: '福山区人民医院' });
});

afterAll(async () => {
  await feed?.stop();
  await service?.close();
});

describe('a referral between two counties (rule 5)', () => {
  const receivers: Awaited<ReturnType<typeof receiver>>[] = [];
  const subscriptions: Record<string, string> = {};
  let findingId: string;
  let requestedId: string;

  beforeAll(async () => {
    for (const [name, token] of [
      ['zhifu', zhifu],
      ['fushan', fushan],
      ['muping', muping],
    ] as const) {
      const r = await receiver(() => 204);
      receivers.push(r);
      const res = await service.http
        .post('/v1/subscriptions')
        .set('Authorization', token)
        .send({ url: r.url, eventTypes: ['referral.requested', 'compliance.*'] });
      expect(res.status).toBe(201);
      subscriptions[name] = res.body.id;
    }
    const r = referralSnapshot(home, hospital);
    requestedId = (await feed.referral(EventTypes.referral.requested, r)).id;
    await feed.referral(
      EventTypes.referral.responseOverdue,
      { ...r, version: 2, milestones: { ...r.milestones, overdueAt: '2026-11-22T04:00:00.000Z' } },
      { overdueBySeconds: 0 },
    );
    const [finding] = await eventually(
      async () => {
        const rows = await query<{ id: string; division: string; other_division: string }>(
          service.database,
          "SELECT id, division, other_division FROM findings WHERE subject = ? AND status = 'OPEN'",
          [`referral:${r.id}`],
        );
        return rows.length ? rows : undefined;
      },
      30_000,
      'the overdue finding',
    );
    expect(finding).toMatchObject({ division: '370611', other_division: '370602' });
    findingId = finding.id;
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('lists and shows the finding to the regulators of both counties, named, and not to a third county’s', async () => {
    for (const token of [zhifu, fushan]) {
      const list = await service.http.get('/v1/compliance/findings').set('Authorization', token);
      expect(list.status).toBe(200);
      const item = list.body.items.find((f: { id: string }) => f.id === findingId);
      expect(item).toMatchObject({
        divisions: ['370611', '370602'],
        ruleName: '转诊响应超时',
        subjectName: '芝罘区颐养院发往福山区人民医院的转诊',
      });
      expect(item.institutions).toEqual(
        expect.arrayContaining([
          { id: home.id, name: '芝罘区颐养院' },
          { id: hospital.id, name: '福山区人民医院' },
        ]),
      );
      expect((await service.http.get(`/v1/compliance/findings/${findingId}`).set('Authorization', token)).status).toBe(200);
    }
    const filtered = await service.http
      .get('/v1/compliance/findings')
      .query({ division: '370602', rule: 'OVERDUE_REFERRAL_RESPONSE' })
      .set('Authorization', zhifu);
    expect(filtered.body.items.map((f: { id: string }) => f.id)).toContain(findingId);
    const english = await service.http
      .get(`/v1/compliance/findings/${findingId}`)
      .set('Authorization', fushan)
      .set('Accept-Language', 'en');
    expect(english.body.subjectName).toBe('the referral from 芝罘区颐养院 to 福山区人民医院');
    const third = await service.http.get('/v1/compliance/findings').set('Authorization', muping);
    expect(third.body.items.map((f: { id: string }) => f.id)).not.toContain(findingId);
    expect((await service.http.get(`/v1/compliance/findings/${findingId}`).set('Authorization', muping)).status).toBe(404);
  });

  it('puts the finding’s notice in both counties’ regulators’ inboxes, in words, and not in the third’s', async () => {
    const resource = `/v1/compliance/findings/${findingId}`;
    for (const token of [zhifu, fushan]) {
      const n = (await inbox(token)).items.find((x: { resource: string }) => x.resource === resource);
      expect(n.title).toBe('合规问题：转诊响应超时');
      expect(n.body).toBe('转诊响应超时：芝罘区颐养院发往福山区人民医院的转诊');
      expect(n.body).not.toMatch(UUID);
    }
    expect((await inbox(muping)).items.some((x: { resource: string }) => x.resource === resource)).toBe(false);
  });

  it('delivers the referral and the finding to both counties’ regulators’ webhooks, not to the third’s', async () => {
    const [zhifuHook, fushanHook, mupingHook] = receivers;
    const eventIds = (r: (typeof receivers)[number]) => r.received.map((x) => x.headers['x-yiyang-event-id']);
    await eventually(() => eventIds(zhifuHook).includes(requestedId) && eventIds(fushanHook).includes(requestedId), 15_000, 'both hooks');
    await eventually(() => zhifuHook.received.length >= 2 && fushanHook.received.length >= 2, 15_000, 'the finding at both hooks');
    // the third county's deliveries would have been queued in the same transactions as these
    expect(await query(service.database, 'SELECT id FROM deliveries WHERE subscription_id = ?', [subscriptions.muping])).toEqual([]);
    expect(mupingHook.received).toEqual([]);
  });

  it('gives the receiving desk a notice in words, with both institutions by name', async () => {
    const desk = bearer({ roles: ['referral-desk'], institutionId: hospital.id });
    const n = (await inbox(desk)).items.find((x: { type: string }) => x.type === EventTypes.referral.requested);
    expect(n.body).toMatch(/^芝罘区颐养院发来紧急上转转诊（350102\*{8}1234，转诊原因：疑似脑卒中），请于2026年11月22日 12:00前响应$/);
    expect(n.institutions).toEqual([
      { id: home.id, name: '芝罘区颐养院' },
      { id: hospital.id, name: '福山区人民医院' },
    ]);
    const overdue = (await inbox(desk)).items.find((x: { type: string }) => x.type === EventTypes.referral.responseOverdue);
    expect(overdue.body).not.toMatch(/0 ?分钟/);
  });
});

describe('the registrar’s inbox', () => {
  const lapsing = place('370613', 'MEDICAL', 37.4, 121.6);
  beforeAll(async () => {
    await known(lapsing, { name: '牟平区中医院' });
    await known(
      lapsing,
      {
        version: 2,
        name: '牟平区中医院',
        medicalLicence: { number: 'L9', scope: ['中医科'], validFrom: '2021-11-21', validTo: '2026-11-21' },
      },
      EventTypes.institution.licenceExpired,
      { licence: { number: 'L9', validTo: '2026-11-21' } },
    );
    await known(lapsing, { version: 3, name: '牟平区中医院', status: 'SUSPENDED' }, EventTypes.institution.suspended, {
      reason: '许可证过期未校验',
    });
  });

  it('shows its division’s registrars (and one without a division) the lapsed licence and the sanction, in words', async () => {
    for (const token of [
      bearer({ roles: ['registrar'], division: '3706', sub: 'registrar-yantai' }),
      bearer({ roles: ['registrar'], sub: 'registrar-all' }),
    ]) {
      const items = (await inbox(token)).items.filter((n: { resource: string }) => n.resource === `/v1/institutions/${lapsing.id}`);
      expect(items.map((n: { title: string; body: string }) => [n.title, n.body])).toEqual([
        ['机构已暂停', '牟平区中医院已被暂停，原因：许可证过期未校验'],
        ['执业许可证已过期', '牟平区中医院的医疗机构执业许可证已于2026年11月21日到期'],
      ]);
    }
  });

  it('counts unread per registrar and marks one read', async () => {
    const token = bearer({ roles: ['registrar'], division: '370613', sub: 'registrar-muping' });
    const before = (await service.http.get('/v1/inbox/unread-count').set('Authorization', token)).body.unread;
    expect(before).toBe(2);
    const [first] = (await inbox(token)).items;
    expect((await service.http.post(`/v1/inbox/${first.id}/read`).set('Authorization', token)).status).toBe(200);
    expect((await service.http.get('/v1/inbox/unread-count').set('Authorization', token)).body.unread).toBe(1);
    // another registrar's marks are their own
    const other = bearer({ roles: ['registrar'], division: '3706', sub: 'registrar-yantai-2' });
    expect((await service.http.get('/v1/inbox/unread-count').set('Authorization', other)).body.unread).toBeGreaterThanOrEqual(2);
  });

  it('shows another province’s registrar nothing of it', async () => {
    const items = (await inbox(bearer({ roles: ['registrar'], division: '44', sub: 'registrar-guangdong' }))).items;
    expect(items.some((n: { resource: string }) => n.resource === `/v1/institutions/${lapsing.id}`)).toBe(false);
  });
});

describe('medical cover counts only a licence in force (rule 4)', () => {
  const nursingHome = place('370614', 'ELDERLY_CARE', 37.41, 121.61);
  const clinic = place('370614', 'MEDICAL', 37.42, 121.62);
  const subject = `institution:${nursingHome.id}`;
  const openCover = () =>
    query<{ status: string }>(service.database, 'SELECT status FROM findings WHERE rule = ? AND subject = ? ORDER BY raised_at', [
      'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER',
      subject,
    ]);

  afterAll(() => clock.set(START));

  it('raises the finding once the only hospital’s licence has lapsed past the grace period, and resolves it on renewal', async () => {
    await known(nursingHome);
    await known(clinic, { name: '牟平区医院' });
    const a = agreementSnapshot(nursingHome, clinic);
    await consumed(service.database, (await feed.agreement(EventTypes.agreement.activated, a)).id);
    clock.set(new Date(Date.parse(START) + 40 * DAY_MS));
    await service.cover.runOnce();
    expect(await openCover()).toEqual([]);

    const lapsed = { number: 'L1', scope: ['内科'], validFrom: '2021-12-01', validTo: '2026-12-31' };
    await known(clinic, { version: 2, name: '牟平区医院', medicalLicence: lapsed }, EventTypes.institution.licenceExpired, {
      licence: { number: lapsed.number, validTo: lapsed.validTo },
    });
    clock.set(new Date(Date.parse(START) + 69 * DAY_MS));
    await service.cover.runOnce();
    expect(await openCover()).toEqual([]); // uncovered since the lapse, 29 days: within the grace period
    clock.set(new Date(Date.parse(START) + 71 * DAY_MS));
    await service.cover.runOnce();
    expect(await openCover()).toEqual([{ status: 'OPEN' }]);

    const renewed = { ...lapsed, validFrom: '2027-01-01', validTo: '2031-12-31' };
    await known(clinic, { version: 3, name: '牟平区医院', medicalLicence: renewed }, EventTypes.institution.updated, {
      changed: ['medicalLicence'],
    });
    expect(await openCover()).toEqual([{ status: 'RESOLVED' }]);
  });
});

describe('replaying dead webhook deliveries', () => {
  const desk = bearer({ roles: ['referral-desk'], institutionId: hospital.id, sub: 'desk-replay' });
  const strangerDesk = bearer({ roles: ['referral-desk'], institutionId: home.id, sub: 'desk-stranger' });
  let hook: Awaited<ReturnType<typeof receiver>>;
  let subscriptionId: string;
  let eventId: string;
  let deliveryId: string;
  const deliveries = async () =>
    (await service.http.get(`/v1/subscriptions/${subscriptionId}/deliveries`).set('Authorization', desk)).body.items as {
      id: string;
      eventId: string;
      status: string;
      attempts: { attempt: number; statusCode: number | null }[];
    }[];

  beforeAll(async () => {
    let healthy = false;
    hook = await receiver(() => (healthy ? 204 : 503));
    const res = await service.http
      .post('/v1/subscriptions')
      .set('Authorization', desk)
      .send({ url: hook.url, eventTypes: ['referral.cancelled'] });
    subscriptionId = res.body.id;
    const r = referralSnapshot(home, hospital, { status: 'CANCELLED', version: 2 });
    eventId = (await feed.referral(EventTypes.referral.cancelled, r)).id;
    const dead = await eventually(async () => (await deliveries()).find((d) => d.status === 'DEAD'), 20_000, 'the delivery dead-lettered');
    deliveryId = dead.id;
    expect(dead.attempts.map((a) => a.statusCode)).toEqual([503, 503]);
    healthy = true;
  });

  afterAll(() => hook?.close());

  it('refuses another institution’s subscription (404), an unknown delivery (404) and a malformed id (400)', async () => {
    const other = await service.http
      .post(`/v1/subscriptions/${subscriptionId}/deliveries/${deliveryId}/replay`)
      .set('Authorization', strangerDesk);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('SUBSCRIPTION_NOT_FOUND');
    expect(
      (await service.http.post(`/v1/subscriptions/${subscriptionId}/deliveries/replay`).set('Authorization', strangerDesk)).status,
    ).toBe(404);
    const unknown = await service.http.post(`/v1/subscriptions/${subscriptionId}/deliveries/999999999/replay`).set('Authorization', desk);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DELIVERY_NOT_FOUND');
    const bad = await service.http.post(`/v1/subscriptions/${subscriptionId}/deliveries/abc/replay`).set('Authorization', desk);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('sends a replayed delivery again, the same event id, as a new attempt', async () => {
    const res = await service.http.post(`/v1/subscriptions/${subscriptionId}/deliveries/${deliveryId}/replay`).set('Authorization', desk);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: deliveryId, eventId, status: 'PENDING' });
    const delivered = await eventually(
      async () => (await deliveries()).find((d) => d.id === deliveryId && d.status === 'DELIVERED'),
      15_000,
      'delivered',
    );
    expect(delivered.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 204],
    ]);
    const last = hook.received[hook.received.length - 1];
    expect(last.headers['x-yiyang-event-id']).toBe(eventId);
    expect(last.headers['x-yiyang-attempt']).toBe('3');
    expect(JSON.parse(last.body).id).toBe(eventId);
  });

  it('refuses to replay a delivery that is not dead (409)', async () => {
    const res = await service.http.post(`/v1/subscriptions/${subscriptionId}/deliveries/${deliveryId}/replay`).set('Authorization', desk);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DELIVERY_NOT_DEAD');
  });

  it('replays every dead delivery of a subscription at once, each an honest new attempt', async () => {
    const broken = await receiver(() => 500);
    try {
      const sub = await service.http
        .post('/v1/subscriptions')
        .set('Authorization', desk)
        .send({ url: broken.url, eventTypes: ['referral.arrived'] });
      const r = referralSnapshot(home, hospital, { status: 'ARRIVED', version: 4 });
      const arrived = (await feed.referral(EventTypes.referral.arrived, r)).id;
      const log = async () =>
        (await service.http.get(`/v1/subscriptions/${sub.body.id}/deliveries`).set('Authorization', desk)).body.items as {
          status: string;
          attempts: unknown[];
        }[];
      await eventually(async () => (await log())[0]?.status === 'DEAD', 20_000, 'dead-lettered');
      const res = await service.http.post(`/v1/subscriptions/${sub.body.id}/deliveries/replay`).set('Authorization', desk);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ replayed: 1 });
      // a fresh budget of attempts (2), then dead again: the receiver still fails
      await eventually(
        async () => {
          const [d] = await log();
          return d.status === 'DEAD' && d.attempts.length === 4;
        },
        20_000,
        'replayed and dead again',
      );
      expect(broken.received.map((x) => x.headers['x-yiyang-event-id'])).toEqual([arrived, arrived, arrived, arrived]);
      expect(broken.received.map((x) => x.headers['x-yiyang-attempt'])).toEqual(['1', '2', '3', '4']);
    } finally {
      await broken.close();
    }
  });
});

describe('GET /v1/subscriptions', () => {
  const admin = bearer({ roles: ['elderly-admin'], institutionId: home.id, sub: 'admin-pages' });

  it('pages by cursor, oldest first, and refuses a cursor it did not give (400)', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await service.http
        .post('/v1/subscriptions')
        .set('Authorization', admin)
        .send({ url: `https://hooks.example.com/${i}`, eventTypes: ['agreement.*'] });
      created.push(res.body.id);
    }
    const first = await service.http.get('/v1/subscriptions').query({ limit: 2 }).set('Authorization', admin);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await service.http
      .get('/v1/subscriptions')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', admin);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((s: { id: string }) => s.id).sort()).toEqual([...created].sort());
    expect((await service.http.get('/v1/subscriptions').query({ cursor: 'bm90LWEtY3Vyc29y' }).set('Authorization', admin)).status).toBe(
      400,
    );
    expect((await service.http.get('/v1/subscriptions').query({ limit: 0 }).set('Authorization', admin)).status).toBe(400);
  });
});

describe('open findings counted for either county', () => {
  it('counts a finding about two counties once for each county’s regulators and once for the city’s', async () => {
    const findings = service.app.get(FindingsRepository);
    const [zhifuCounts, fushanCounts, yantaiCounts, mupingCounts] = await Promise.all(
      ['370602', '370611', '3706', '370612'].map((d) => findings.openCounts(d)),
    );
    expect(zhifuCounts.OVERDUE_REFERRAL_RESPONSE).toBe(1);
    expect(fushanCounts.OVERDUE_REFERRAL_RESPONSE).toBe(1);
    expect(yantaiCounts.OVERDUE_REFERRAL_RESPONSE).toBe(1);
    expect(mupingCounts.OVERDUE_REFERRAL_RESPONSE).toBe(0);
  });
});

describe('the live stream of a finding about two counties', () => {
  /** Reads an SSE response, collecting the `notification` events' resources as they come. */
  async function open(token: string) {
    const controller = new AbortController();
    const port = (service.app.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/v1/stream`, { headers: { authorization: token }, signal: controller.signal });
    expect(res.status).toBe(200);
    const resources: string[] = [];
    void (async () => {
      try {
        for await (const { data } of sseEvents(res.body)) if (data) resources.push((JSON.parse(data) as { resource: string }).resource);
      } catch {
        // aborted
      }
    })();
    return { resources, close: () => controller.abort() };
  }

  it('carries it to both counties’ regulators and not to a third county’s', async () => {
    const streams = await Promise.all([zhifu, fushan, muping].map(open));
    try {
      const r = referralSnapshot(home, hospital);
      await feed.referral(EventTypes.referral.requested, r);
      await feed.referral(
        EventTypes.referral.responseOverdue,
        { ...r, version: 2, milestones: { ...r.milestones, overdueAt: '2026-11-22T04:00:00.000Z' } },
        { overdueBySeconds: 90 },
      );
      const findingOf = (referralId: string) =>
        eventually(
          async () => {
            const rows = await query<{ id: string }>(service.database, 'SELECT id FROM findings WHERE subject = ?', [
              `referral:${referralId}`,
            ]);
            return rows.length ? `/v1/compliance/findings/${rows[0].id}` : undefined;
          },
          30_000,
          'the finding',
        );
      const resource = await findingOf(r.id);
      await eventually(() => streams[0].resources.includes(resource) && streams[1].resources.includes(resource), 15_000, 'both streams');
      // then one in the third county: a stream gets its notifications in id order, so once the third has
      // this later one it has been offered the earlier one
      const local = referralSnapshot(place('370612', 'ELDERLY_CARE'), place('370612', 'MEDICAL'));
      await feed.referral(EventTypes.referral.requested, local);
      await feed.referral(
        EventTypes.referral.responseOverdue,
        { ...local, version: 2, milestones: { ...local.milestones, overdueAt: '2026-11-22T04:00:00.000Z' } },
        { overdueBySeconds: 90 },
      );
      const marker = await findingOf(local.id);
      await eventually(() => streams[2].resources.includes(marker), 15_000, 'the third county’s own finding');
      expect(streams[2].resources).not.toContain(resource);
      expect(streams[0].resources).not.toContain(marker);
    } finally {
      streams.forEach((s) => s.close());
    }
  });
});
