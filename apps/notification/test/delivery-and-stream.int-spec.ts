import { AddressInfo } from 'node:net';
import { EventTypes } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { bearer, eventually, query, sseEvents } from '@yiyang/testing';
import { verifySignature } from '../src/domain/webhook';
import {
  EventFeed,
  NotificationUnderTest,
  consumed,
  institutionAt,
  place,
  receiver,
  referralSnapshot,
  startNotification,
} from './notification-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let service: NotificationUnderTest;
let baseUrl: string;
let feed: EventFeed;
const home = place('350124', 'ELDERLY_CARE');
const hospital = place('350125', 'MEDICAL', 26.05, 119.31);
const desk = bearer({ roles: ['referral-desk'], institutionId: hospital.id, sub: 'desk-1' });

beforeAll(async () => {
  service = await startNotification('notification_delivery', clock, {
    WEBHOOK_RETRY_BASE_MS: '300',
    WEBHOOK_TIMEOUT_MS: '1500',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_POLL_MS: '100',
    STREAM_POLL_MS: '100',
  });
  await service.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
  feed = await new EventFeed().start();
  for (const p of [home, hospital]) await consumed(service.database, (await feed.institution(institutionAt(p))).id);
});

afterAll(async () => {
  await feed?.stop();
  await service?.close();
});

describe('webhooks', () => {
  it('refuses bad subscriptions with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ url: 'ftp://example.com/x', eventTypes: ['referral.*'] }, 'url'],
      [{ url: 'https://user:pw@example.com/x', eventTypes: ['referral.*'] }, 'url'],
      [{ url: 'https://example.com/x', eventTypes: ['referral.teleported'] }, 'eventTypes.0'],
      [{ url: 'https://example.com/x', eventTypes: ['referral.*'], division: '3501' }, 'division'],
      [{ url: 'https://example.com/x', eventTypes: [] }, 'eventTypes'],
    ] as const) {
      const res = await service.http.post('/v1/subscriptions').set('Authorization', desk).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const regulator = bearer({ roles: ['regulator'], division: '3501' });
    const outside = await service.http
      .post('/v1/subscriptions')
      .set('Authorization', regulator)
      .send({ url: 'https://example.com/x', eventTypes: ['compliance.*'], division: '44' });
    expect(outside.status).toBe(400);
  });

  describe('a failing, a never-answering and a healthy receiver of the same event', () => {
    let flaky: Awaited<ReturnType<typeof receiver>>;
    let dead: Awaited<ReturnType<typeof receiver>>;
    let healthy: Awaited<ReturnType<typeof receiver>>;
    let flakySub: { id: string; secret: string };
    let deadSub: { id: string; secret: string };
    let healthySub: { id: string; secret: string };
    let event: Awaited<ReturnType<EventFeed['referral']>>;
    const deliveryOf = async (id: string) =>
      (await service.http.get(`/v1/subscriptions/${id}/deliveries`).set('Authorization', desk)).body.items[0];

    beforeAll(async () => {
      flaky = await receiver((n) => (n <= 2 ? 500 : 204));
      dead = await receiver(() => 'hang');
      healthy = await receiver(() => 200);
      const subscribe = async (url: string) => {
        const res = await service.http
          .post('/v1/subscriptions')
          .set('Authorization', desk)
          .send({ url, eventTypes: ['referral.requested'] });
        expect(res.status).toBe(201);
        expect(res.body.secret).toMatch(/^whsec_/);
        return res.body as { id: string; secret: string };
      };
      flakySub = await subscribe(flaky.url);
      deadSub = await subscribe(dead.url);
      healthySub = await subscribe(healthy.url);
      event = await feed.referral(EventTypes.referral.requested, referralSnapshot(home, hospital));
    });

    afterAll(async () => {
      await Promise.all([flaky?.close(), dead?.close(), healthy?.close()]);
    });

    it('serves the healthy receiver while the dead one’s first attempt has not even timed out', async () => {
      await eventually(() => healthy.received.length === 1, 10_000, 'the healthy receiver got its delivery');
      const [{ n: deadAttempts }] = await query<{ n: number }>(
        service.database,
        'SELECT COUNT(*) AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = ?',
        [deadSub.id],
      );
      expect(Number(deadAttempts)).toBe(0);
    });

    it('shows the secret only in the answer to the creation', async () => {
      expect((await service.http.get(`/v1/subscriptions/${flakySub.id}`).set('Authorization', desk)).body.secret).toBeUndefined();
    });

    it('retries a failing receiver with backoff until it takes the event, signed with its subscription’s secret', async () => {
      await eventually(() => flaky.received.length === 3, 20_000, 'three attempts at the flaky receiver');
      const delivered = flaky.received[2];
      expect(JSON.parse(delivered.body)).toMatchObject({ id: event.id, type: EventTypes.referral.requested });
      expect(delivered.headers['x-yiyang-event-id']).toBe(event.id);
      expect(
        verifySignature(flakySub.secret, delivered.body, String(delivered.headers['x-yiyang-signature']), Math.floor(Date.now() / 1000)),
      ).toBe(true);
      expect(
        verifySignature(healthySub.secret, delivered.body, String(delivered.headers['x-yiyang-signature']), Math.floor(Date.now() / 1000)),
      ).toBe(false);
      expect(flaky.received[1].at - flaky.received[0].at).toBeGreaterThanOrEqual(250); // backoff before retrying
    });

    it('logs every attempt of a delivery with its status code', async () => {
      await eventually(async () => (await deliveryOf(flakySub.id))?.status === 'DELIVERED', 10_000, 'flaky delivery recorded');
      expect((await deliveryOf(flakySub.id)).attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 204]);
    });

    it('dead-letters a receiver that never answers after its last attempt', async () => {
      await eventually(async () => (await deliveryOf(deadSub.id))?.status === 'DEAD', 30_000, 'dead delivery dead-lettered');
      const deadLog = await deliveryOf(deadSub.id);
      expect(deadLog.attempts).toHaveLength(3);
      expect(deadLog.attempts.every((a: { statusCode: null; error: string }) => a.statusCode === null && /no answer/.test(a.error))).toBe(
        true,
      );
    });

    it('delivers the event once to each receiver that took it', () => {
      expect(healthy.received).toHaveLength(1);
      expect(flaky.received).toHaveLength(3);
    });

    it('hides the subscriptions from another institution (404)', async () => {
      expect(
        (
          await service.http
            .get(`/v1/subscriptions/${flakySub.id}`)
            .set('Authorization', bearer({ roles: ['referral-desk'], institutionId: home.id }))
        ).status,
      ).toBe(404);
    });
  });

  describe('a paused subscription', () => {
    let hook: Awaited<ReturnType<typeof receiver>>;
    let sub: { id: string };

    beforeAll(async () => {
      hook = await receiver(() => 200);
      sub = (
        await service.http
          .post('/v1/subscriptions')
          .set('Authorization', desk)
          .send({ url: hook.url, eventTypes: ['referral.*'] })
      ).body;
    });

    afterAll(async () => {
      await hook?.close();
    });

    it('queues deliveries while paused and sends none', async () => {
      await service.http.post(`/v1/subscriptions/${sub.id}/pause`).set('Authorization', desk).expect(200);
      const event = await feed.referral(EventTypes.referral.requested, referralSnapshot(home, hospital));
      await consumed(service.database, event.id);
      await eventually(
        async () => (await query(service.database, 'SELECT 1 FROM deliveries WHERE subscription_id = ?', [sub.id])).length === 1,
      );
      expect(hook.received).toHaveLength(0);
    });

    it('sends what was queued once resumed', async () => {
      await service.http.post(`/v1/subscriptions/${sub.id}/resume`).set('Authorization', desk).expect(200);
      await eventually(() => hook.received.length === 1, 10_000, 'delivered after resume');
    });

    it('is gone once deleted (204, then 404)', async () => {
      await service.http.delete(`/v1/subscriptions/${sub.id}`).set('Authorization', desk).expect(204);
      expect((await service.http.get(`/v1/subscriptions/${sub.id}`).set('Authorization', desk)).status).toBe(404);
    });
  });
});

describe('the live stream', () => {
  /** Reads an SSE response, collecting `notification` events as they come. */
  async function open(token: string, lastEventId?: string) {
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}/v1/stream`, {
      headers: { authorization: token, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events: { id: string; data: { title: string; resource: string }; at: number }[] = [];
    void (async () => {
      try {
        for await (const { id, data } of sseEvents(res.body)) if (id && data) events.push({ id, data: JSON.parse(data), at: Date.now() });
      } catch {
        // aborted
      }
    })();
    return { events, close: () => controller.abort() };
  }

  const newestNotification = async (eventId: string) =>
    eventually(
      async () =>
        (
          await query<{ id: string }>(service.database, 'SELECT id FROM notifications WHERE event_id = ? AND recipient = ?', [
            eventId,
            hospital.id,
          ])
        )[0],
      30_000,
      'notification written',
    );

  describe('three streams: the hospital’s desk, the home’s, a regulator’s elsewhere', () => {
    let first: Awaited<ReturnType<typeof open>>;
    let other: Awaited<ReturnType<typeof open>>;
    let regulatorElsewhere: Awaited<ReturnType<typeof open>>;
    let row: { id: string };
    let missed: string[] = [];

    beforeAll(async () => {
      first = await open(desk);
      other = await open(bearer({ roles: ['referral-desk'], institutionId: home.id }));
      regulatorElsewhere = await open(bearer({ roles: ['regulator'], division: '65' })); // no suite uses 新疆
    });

    afterAll(() => {
      first?.close();
      other?.close();
      regulatorElsewhere?.close();
    });

    it('delivers a new notification within a second of it being written', async () => {
      const event = await feed.referral(EventTypes.referral.requested, referralSnapshot(home, hospital, { priority: 'EMERGENCY' }));
      row = await newestNotification(event.id);
      await eventually(
        () => first.events.some((e) => e.id === String(row.id)),
        1000,
        'the stream carried the notification within a second',
      );
      expect(first.events.find((e) => e.id === String(row.id))!.data.title).toBe('新急诊上转转诊');
    });

    it('replays, on a reconnect with Last-Event-ID, what was missed, then goes on live', async () => {
      first.close();
      const lastSeen = first.events.at(-1)!.id;
      missed = [];
      for (let i = 0; i < 3; i++) {
        const e = await feed.referral(EventTypes.referral.requested, referralSnapshot(home, hospital));
        missed.push(String((await newestNotification(e.id)).id));
      }
      const again = await open(desk, lastSeen);
      try {
        await eventually(() => again.events.length >= 3, 5000, 'the missed notifications replayed');
        expect(again.events.map((e) => e.id)).toEqual(missed);
        const live = await feed.referral(EventTypes.referral.requested, referralSnapshot(home, hospital));
        const liveRow = await newestNotification(live.id);
        await eventually(() => again.events.some((e) => e.id === String(liveRow.id)), 2000, 'live after the replay');
        expect(again.events.map((e) => e.id)).toEqual([...missed, String(liveRow.id)]);
      } finally {
        again.close();
      }
    });

    it('carries nobody else’s notifications', () => {
      expect(other.events.filter((e) => [row.id, ...missed].map(String).includes(e.id))).toEqual([]);
      expect(regulatorElsewhere.events).toEqual([]);
    });
  });
});

describe('the inbox', () => {
  let before: number;
  let page: { body: { items: { id: string; title: string }[] } };

  beforeAll(async () => {
    before = (await service.http.get('/v1/inbox/unread-count').set('Authorization', desk)).body.unread;
    page = await service.http.get('/v1/inbox').query({ limit: 2 }).set('Authorization', desk).set('Accept-Language', 'en');
  });

  it('shows the notifications in English on request', () => {
    expect(before).toBeGreaterThan(0);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0].title).toMatch(/referral/);
  });

  it('marks one read, and the unread count drops by one', async () => {
    const read = await service.http.post(`/v1/inbox/${page.body.items[0].id}/read`).set('Authorization', desk);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await service.http.get('/v1/inbox/unread-count').set('Authorization', desk)).body.unread).toBe(before - 1);
  });

  it('lists unread first', async () => {
    const all = await service.http.get('/v1/inbox').query({ limit: 100 }).set('Authorization', desk);
    const unreadFlags = all.body.items.map((n: { readAt: string | null }) => n.readAt === null);
    expect(unreadFlags).toEqual([...unreadFlags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
  });

  it('does not let another institution mark it read (404)', async () => {
    expect(
      (
        await service.http
          .post(`/v1/inbox/${page.body.items[1].id}/read`)
          .set('Authorization', bearer({ roles: ['referral-desk'], institutionId: home.id }))
      ).status,
    ).toBe(404);
  });
});
