import { EventTypes, REFERRAL_PRIORITIES, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { ReadMessage, TopicReader, query, residentId } from '@yiyang/testing';
import { Partners, Platform, partners, referralBody, startPlatform } from './platform';
import { ReferralUnderTest, startReferral } from './referral-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let platform: Platform;
let reader: TopicReader;

const typeOf = (m: ReadMessage) => m.json<{ type: string }>().type;

interface QueueItem {
  id: string;
  priority: string;
  direction: string;
  status: string;
  deadlineAt: string;
  timeLeftSeconds: number;
}

beforeAll(async () => {
  platform = await startPlatform('desk', clock);
  reader = await new TopicReader([topicName(Topics.referral)]).start();
});

afterAll(async () => {
  await reader?.stop();
  await platform?.close();
});

describe('the referral desk queue', () => {
  let p: Partners;
  const ids: { id: string; priority: string }[] = [];

  beforeAll(async () => {
    p = await partners(platform, { home: '队列颐养院', hospital: '队列医院' });
    const http = platform.referral.http;
    // 300 referrals: 240 UP to the hospital with mixed priorities, 60 DOWN to the home; one second apart
    for (let i = 0; i < 300; i++) {
      clock.advance(1000);
      const priority = REFERRAL_PRIORITIES[(i * 7) % 3];
      const patient = {
        name: `队列患者${i}`,
        birthDate: '1940-01-01',
        sex: 'M' as const,
        idNumber: residentId('1940-01-01', 2 * (i % 400) + 1),
      };
      const body =
        i % 5 === 4
          ? {
              ...referralBody(p.hospital, p.home, patient, { direction: 'DOWN', indication: 'REHABILITATION', priority }),
              fromInstitutionId: p.hospital,
              toInstitutionId: p.home,
            }
          : referralBody(p.home, p.hospital, patient, { priority });
      const res = await http
        .post('/v1/referrals')
        .set('Authorization', i % 5 === 4 ? p.desk : p.homeAdmin)
        .send(body);
      expect(res.status).toBe(201);
      if (i % 5 !== 4) ids.push({ id: res.body.id, priority });
    }
    // the desk claims the first ten UP referrals
    for (const { id } of ids.slice(0, 10))
      await http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk).set('If-Match', '1').expect(200);
  });

  async function wholeQueue(token: string, params: Record<string, string | number> = {}): Promise<QueueItem[]> {
    const items: QueueItem[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: QueueItem[]; nextCursor: string | null } } = await platform.referral.http
        .get('/v1/referrals/queue')
        .query({ ...params, limit: 37, ...(cursor ? { cursor } : {}) })
        .set('Authorization', token);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  const rank = (priority: string) => REFERRAL_PRIORITIES.indexOf(priority as never);

  it('lists every incoming referral once, EMERGENCY first, then by nearest deadline', async () => {
    const queue = await wholeQueue(p.desk);
    expect(queue).toHaveLength(240);
    expect(new Set(queue.map((q) => q.id)).size).toBe(240);
    for (let i = 1; i < queue.length; i++) {
      const [a, b] = [queue[i - 1], queue[i]];
      const ordered = rank(a.priority) < rank(b.priority) || (rank(a.priority) === rank(b.priority) && a.deadlineAt <= b.deadlineAt);
      expect({ i, ordered }).toEqual({ i, ordered: true });
    }
    expect(queue[0].priority).toBe('EMERGENCY');
    expect(queue.at(-1)!.priority).toBe('ROUTINE');
    const now = clock.now().getTime();
    for (const q of queue) expect(q.timeLeftSeconds).toBe(Math.floor((Date.parse(q.deadlineAt) - now) / 1000));
  });

  it('filters by priority', async () => {
    const emergencies = await wholeQueue(p.desk, { priority: 'EMERGENCY' });
    expect(emergencies.length).toBe(ids.filter((x) => x.priority === 'EMERGENCY').length);
    expect(emergencies.every((q) => q.priority === 'EMERGENCY')).toBe(true);
  });

  it('filters by direction', async () => {
    expect(await wholeQueue(p.desk, { direction: 'DOWN' })).toEqual([]);
    expect((await wholeQueue(p.desk, { direction: 'UP' })).length).toBe(240);
  });

  it('filters by status, alone or with a priority', async () => {
    const claimed = await wholeQueue(p.desk, { status: 'RECEIVED' });
    expect(claimed.map((q) => q.id).sort()).toEqual(
      ids
        .slice(0, 10)
        .map((x) => x.id)
        .sort(),
    );
    expect((await wholeQueue(p.desk, { status: 'REQUESTED,RECEIVED', priority: 'URGENT' })).every((q) => q.priority === 'URGENT')).toBe(
      true,
    );
  });

  it('shows each institution its own incoming referrals only', async () => {
    const homeQueue = await wholeQueue(p.homeAdmin);
    expect(homeQueue).toHaveLength(60);
    expect(homeQueue.every((q) => q.direction === 'DOWN')).toBe(true);
  });

  it('refuses a bad filter or cursor with a 400', async () => {
    for (const params of [
      { status: 'OPEN' },
      { priority: 'HIGH' },
      { direction: 'SIDEWAYS' },
      { limit: 0 },
      { cursor: 'not-a-cursor' },
      { cursor: Buffer.from('{"r":0,"d":"x","id":"y"}').toString('base64url') },
    ]) {
      const res: { status: number; body: { items: QueueItem[]; nextCursor: string | null } } = await platform.referral.http
        .get('/v1/referrals/queue')
        .query(params)
        .set('Authorization', p.desk);
      expect({ params, status: res.status }).toEqual({ params, status: 400 });
    }
  });
});

describe('response deadlines with two scheduler replicas', () => {
  let second: ReferralUnderTest;
  beforeAll(async () => {
    second = await startReferral('desk_referral', clock, { instance: 2 });
  });
  afterAll(async () => {
    await second?.close();
  });

  let p: Partners;
  let id: string;
  let start: number;
  const runBoth = () =>
    Promise.all([
      platform.referral.deadlines.runOnce(),
      second.deadlines.runOnce(),
      platform.referral.deadlines.runOnce(),
      second.deadlines.runOnce(),
    ]);
  const row = async () =>
    (
      await query<{ status: string; version: number }>(platform.referral.database, 'SELECT status, version FROM referrals WHERE id = ?', [
        id,
      ])
    )[0];

  it('gives an EMERGENCY referral 15 minutes to be answered', async () => {
    p = await partners(platform, { home: '时限颐养院', hospital: '时限医院' });
    start = clock.now().getTime();
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .send(
        referralBody(
          p.home,
          p.hospital,
          { name: '时限患者', birthDate: '1941-05-02', sex: 'M', idNumber: residentId('1941-05-02', 123) },
          { priority: 'EMERGENCY' },
        ),
      );
    expect(res.body.deadlineAt).toBe(new Date(start + 15 * 60_000).toISOString());
    id = res.body.id as string;
  });

  it('leaves it alone before its deadline', async () => {
    clock.set(new Date(start + 14 * 60_000));
    await runBoth();
    expect(await row()).toEqual({ status: 'REQUESTED', version: 1 });
  });

  it('escalates it once after its deadline, however many replicas run how often; the status stays', async () => {
    clock.set(new Date(start + 16 * 60_000));
    await runBoth();
    await runBoth();
    expect(await row()).toEqual({ status: 'REQUESTED', version: 2 });
    const late = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', p.desk);
    expect(late.body).toMatchObject({
      overdue: true,
      timeLeftSeconds: -60,
      milestones: { overdueAt: new Date(start + 16 * 60_000).toISOString() },
    });
  });

  it('expires it after the longer limit', async () => {
    clock.set(new Date(start + 61 * 60_000));
    await runBoth();
    expect(await row()).toEqual({ status: 'EXPIRED', version: 3 });
  });

  it('publishes referral.response-overdue and referral.expired once each, in order', async () => {
    // one partition per key: once the expiry is read, everything before it for this referral has been too
    await reader.waitFor((m) => m.key === id && typeOf(m) === EventTypes.referral.expired);
    expect(reader.messages.filter((m) => m.key === id).map(typeOf)).toEqual([
      EventTypes.referral.requested,
      EventTypes.referral.responseOverdue,
      EventTypes.referral.expired,
    ]);
    const overdue = reader.messages.find((m) => m.key === id && typeOf(m) === EventTypes.referral.responseOverdue)!;
    expect(overdue.json<{ data: { overdueBySeconds: number } }>().data.overdueBySeconds).toBe(60);
  });
});
