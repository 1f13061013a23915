/** @own-topics notification-statistics */
import { EventTypes, ReferralSnapshot, Topics } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { PlatformEvent } from '@yiyang/messaging';
import { asBytes, bearer, eventually, query } from '@yiyang/testing';
import {
  EventFeed,
  NotificationUnderTest,
  Place,
  consumed,
  institutionAt,
  place,
  referralSnapshot,
  startNotification,
} from './notification-app';

/**
 * Statistics by period, by side and by division level, from referral events with known milestones on
 * real Kafka and MariaDB (docs/api/statistics.md). Guizhou (52) and Yunnan (53) are this file's own.
 */
const clock = new ManualClock(new Date('2026-11-30T02:00:00Z'));
let service: NotificationUnderTest;
let feed: EventFeed;

const guizhou = bearer({ roles: ['regulator'], division: '52', sub: 'regulator-guizhou' });
const guiyang = bearer({ roles: ['regulator'], division: '5201', sub: 'regulator-guiyang' });
const yunnan = bearer({ roles: ['regulator'], division: '53', sub: 'regulator-yunnan' });

// A: a Guiyang nursing home to a Guiyang hospital (another county), accepted in time, arrived
// B: the same home to a Zunyi hospital (another city), requested at 23:30 China time, rejected after midnight
// C: a Kunming hospital (Yunnan) down to the Guiyang home, never answered, overdue the next week
const home = place('520102', 'ELDERLY_CARE', 26.57, 106.71);
const hospital = place('520103', 'MEDICAL', 26.58, 106.72);
const zunyi = place('520302', 'MEDICAL', 27.7, 106.93);
const kunming = place('530102', 'MEDICAL', 25.04, 102.71);

const milestones = (o: Partial<ReferralSnapshot['milestones']>): ReferralSnapshot['milestones'] => ({
  requestedAt: '2026-11-23T02:00:00.000Z',
  receivedAt: null,
  answeredAt: null,
  arrivedAt: null,
  completedAt: null,
  closedAt: null,
  overdueAt: null,
  ...o,
});

const a1 = referralSnapshot(home, hospital, { milestones: milestones({}) });
const a2 = { ...a1, version: 2, status: 'RECEIVED' as const, milestones: milestones({ receivedAt: '2026-11-23T02:05:00.000Z' }) };
const a3 = {
  ...a2,
  version: 3,
  status: 'ACCEPTED' as const,
  answeredWithinDeadline: true,
  milestones: { ...a2.milestones, answeredAt: '2026-11-23T03:00:00.000Z' },
};
const a4 = { ...a3, version: 4, status: 'ARRIVED' as const, milestones: { ...a3.milestones, arrivedAt: '2026-11-24T01:00:00.000Z' } };
// B's only event is its last state: the milestones it skipped are counted from it
const b3 = referralSnapshot(home, zunyi, {
  version: 3,
  status: 'REJECTED',
  answeredWithinDeadline: false,
  rejectionReason: 'CAPACITY_FULL',
  milestones: milestones({
    requestedAt: '2026-11-23T15:30:00.000Z',
    receivedAt: '2026-11-23T16:30:00.000Z',
    answeredAt: '2026-11-23T18:00:00.000Z',
  }),
});
const c1 = referralSnapshot(kunming, home, {
  direction: 'DOWN',
  indication: 'REHABILITATION',
  milestones: milestones({ requestedAt: '2026-11-30T01:00:00.000Z' }),
});
const c2 = { ...c1, version: 2, milestones: { ...c1.milestones, overdueAt: '2026-11-30T03:00:00.000Z' } };

const send = (type: string, r: ReferralSnapshot, time: string, extra: Record<string, unknown> = {}): Promise<PlatformEvent> =>
  feed.publish(Topics.referral, type, r.id, r.version, r.from.divisionCode, { referral: r, ...extra }, new Date(time));

const stats = (token: string, q: Record<string, string> = {}, path = '/v1/statistics') =>
  service.http.get(path).query(q).set('Authorization', token);

async function known(p: Place, deadlineMs = 30_000): Promise<void> {
  const event = await feed.institution(institutionAt(p));
  await eventually(
    async () => (await query(service.database, 'SELECT 1 FROM inbox WHERE event_id = ?', [event.id])).length > 0,
    deadlineMs,
    `${p.id} known`,
  );
}

beforeAll(async () => {
  service = await startNotification('notification_statistics', clock);
  feed = await new EventFeed().start();
  // the first event also waits for the consumer group to join this file's fresh topics (slow on a loaded machine)
  await known(home, 120_000);
  for (const p of [hospital, zunyi, kunming]) await known(p);
  await send(EventTypes.referral.requested, a1, a1.milestones.requestedAt);
  await send(EventTypes.referral.received, a2, a2.milestones.receivedAt!);
  const accepted = await send(EventTypes.referral.accepted, a3, a3.milestones.answeredAt, {
    expectedArrivalAt: '2026-11-24T01:00:00.000Z',
  });
  // a redelivery of the acceptance, before the arrival on the same partition: counted once
  await feed.again(accepted, Topics.referral, a1.id);
  const arrived = await send(EventTypes.referral.arrived, a4, a4.milestones.arrivedAt);
  const rejected = await send(EventTypes.referral.rejected, b3, b3.milestones.answeredAt!, { reasonCode: 'CAPACITY_FULL' });
  await send(EventTypes.referral.requested, c1, c1.milestones.requestedAt);
  const overdue = await send(EventTypes.referral.responseOverdue, c2, c2.milestones.overdueAt, { overdueBySeconds: 0 });
  for (const e of [arrived, rejected, overdue]) await consumed(service.database, e.id);
});

afterAll(async () => {
  await feed?.stop();
  await service?.close();
});

const WEEK = { from: '2026-11-23', to: '2026-11-30' };

describe('statistics by period', () => {
  it('gives a daily series on China days, both sides apart and the total counting an internal referral once', async () => {
    const res = await stats(guizhou, { division: '52', ...WEEK });
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ ...WEEK, granularity: 'day', timeZone: 'Asia/Shanghai' });
    const { sent, received, total } = res.body.range;
    // sent from Guizhou: A and B; received in Guizhou: A, B and C; A and B are internal
    expect([sent.requested.total, received.requested.total, total.requested.total]).toEqual([2, 3, 3]);
    expect(total.requested).toEqual({ UP: 2, DOWN: 1, total: 3 });
    expect(total).toMatchObject({
      answered: 2,
      answeredWithinDeadline: 1,
      onTimeRate: 0.5,
      accepted: 1,
      rejected: 1,
      acceptanceRate: 0.5,
      arrived: 1,
      overdue: 1,
      received: 2,
    });
    expect(total.rejectionReasons.CAPACITY_FULL).toBe(1);
    expect(res.body.series).toHaveLength(8);
    const day = (d: string) => res.body.series.find((p: { period: string }) => p.period === d).total;
    // B was requested at 23:30 on the 23rd China time, answered after midnight: the 24th
    expect([day('2026-11-23').requested.total, day('2026-11-23').answered, day('2026-11-23').statusChanges.ACCEPTED]).toEqual([2, 1, 1]);
    expect([day('2026-11-24').requested.total, day('2026-11-24').answered, day('2026-11-24').rejected, day('2026-11-24').arrived]).toEqual([
      0, 1, 1, 1,
    ]);
    expect([day('2026-11-30').requested.DOWN, day('2026-11-30').overdue]).toEqual([1, 1]);
    expect(day('2026-11-25').requested.total).toBe(0);
    // the redelivered acceptance changed nothing
    expect(total.statusChanges.ACCEPTED).toBe(1);
    // the original current totals are still there
    expect(res.body.division).toBe('52');
    expect(res.body.referrals.UP.ARRIVED).toBe(1);
    expect(res.body.responses).toMatchObject({ answered: 2, withinDeadline: 1 });
    expect(res.body.agreementCoverage.elderlyCareInstitutions).toBe(1);
  });

  it('groups by ISO week (from Monday, China time) and by month', async () => {
    const weeks = await stats(guizhou, { ...WEEK, granularity: 'week' });
    expect(weeks.body.series.map((p: { period: string; from: string; to: string }) => [p.period, p.from, p.to])).toEqual([
      ['2026-W48', '2026-11-23', '2026-11-29'],
      ['2026-W49', '2026-11-30', '2026-11-30'],
    ]);
    expect(weeks.body.series.map((p: { total: { requested: { total: number } } }) => p.total.requested.total)).toEqual([2, 1]);
    const months = await stats(guizhou, { from: '2026-11-01', to: '2026-12-31', granularity: 'month' });
    expect(months.body.series.map((p: { period: string; total: { answered: number } }) => [p.period, p.total.answered])).toEqual([
      ['2026-11', 2],
      ['2026-12', 0],
    ]);
  });

  it('gives wait-time medians and p90s from the histograms, said to be approximate', async () => {
    const res = await stats(guizhou, WEEK);
    expect(res.body.waitTimes).toMatchObject({ approximate: true, unit: 'second' });
    expect(res.body.waitTimes.bucketUpperBounds).toContain(3600);
    const waits = res.body.range.total.waitTimes;
    // A: request→receipt 5 min, receipt→decision 55 min, request→decision 1 h, decision→arrival 22 h; B: 1 h, 1.5 h, 2.5 h
    expect(waits.requestToReceipt).toEqual({ count: 2, median: 300, p90: 3600 });
    expect(waits.receiptToDecision).toEqual({ count: 2, median: 3600, p90: 7200 });
    expect(waits.requestToDecision).toEqual({ count: 2, median: 3600, p90: 14400 });
    expect(waits.decisionToArrival).toEqual({ count: 1, median: 86400, p90: 86400 });
    const day = (d: string) => res.body.series.find((p: { period: string }) => p.period === d).total.waitTimes.requestToDecision;
    expect([day('2026-11-23'), day('2026-11-24')]).toEqual([
      { count: 1, median: 3600, p90: 3600 },
      { count: 1, median: 14400, p90: 14400 },
    ]);
  });

  it('counts a county’s sent and received on their own sides, and another province only its own side', async () => {
    const county = (await stats(guizhou, { division: '520102', ...WEEK })).body.range;
    expect([county.sent.requested.total, county.received.requested.total, county.total.requested.total]).toEqual([2, 1, 3]);
    const receiver = (await stats(guizhou, { division: '520103', ...WEEK })).body.range;
    expect([receiver.sent.requested.total, receiver.received.requested.total, receiver.received.accepted]).toEqual([0, 1, 1]);
    const city = (await stats(guiyang, WEEK)).body.range;
    // Guiyang sent A and B and received A and C: A counted once in its total
    expect([city.sent.requested.total, city.received.requested.total, city.total.requested.total]).toEqual([2, 2, 3]);
    const kunmingSide = (await stats(yunnan, WEEK)).body.range;
    expect([kunmingSide.sent.requested.total, kunmingSide.received.requested.total, kunmingSide.total.overdue]).toEqual([1, 0, 1]);
  });

  it('takes 30 China days to today when no range is given', async () => {
    clock.set('2026-11-30T17:00:00Z'); // already 1 December in China
    try {
      const res = await stats(guizhou);
      expect(res.body.period).toMatchObject({ from: '2026-11-02', to: '2026-12-01' });
      expect(res.body.range.total.requested.total).toBe(3);
    } finally {
      clock.set('2026-11-30T02:00:00Z');
    }
  });
});

describe('breakdown by the next division level', () => {
  it('gives one row per city of a province with its figures, and per county of a city', async () => {
    const res = await stats(guizhou, { division: '52', ...WEEK }, '/v1/statistics/breakdown');
    expect(res.status).toBe(200);
    const rows = res.body.children.map(
      (c: {
        division: string;
        name: string;
        sent: { requested: { total: number } };
        received: { requested: { total: number } };
        total: { requested: { total: number } };
      }) => [c.division, c.name, c.sent.requested.total, c.received.requested.total, c.total.requested.total],
    );
    expect(rows).toEqual([
      ['5201', '贵阳市', 2, 2, 3],
      ['5203', '遵义市', 0, 1, 1],
    ]);
    const counties = await stats(guiyang, WEEK, '/v1/statistics/breakdown');
    expect(counties.body.children.map((c: { division: string; total: { answered: number } }) => [c.division, c.total.answered])).toEqual([
      ['520102', 2],
      ['520103', 1],
    ]);
  });

  it('refuses a division outside the jurisdiction (404) and anyone but a regulator (403)', async () => {
    expect((await stats(guiyang, { division: '5203' }, '/v1/statistics/breakdown')).status).toBe(404);
    const admin = bearer({ roles: ['medical-admin'], institutionId: hospital.id });
    const res = await stats(admin, {}, '/v1/statistics/breakdown');
    expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  });
});

describe('one institution’s figures', () => {
  it('gives a hospital’s admin their own figures, and a regulator whose jurisdiction holds it', async () => {
    const admin = bearer({ roles: ['medical-admin'], institutionId: hospital.id });
    const own = await stats(admin, WEEK);
    expect(own.status).toBe(200);
    expect([own.body.institution, own.body.division]).toEqual([hospital.id, null]);
    expect(own.body.range.received).toMatchObject({ answered: 1, accepted: 1, arrived: 1, acceptanceRate: 1 });
    expect(own.body.range.sent.requested.total).toBe(0);
    expect(own.body.openFindings).toBeUndefined();
    const byRegulator = await stats(guizhou, { institution: hospital.id, ...WEEK });
    expect(byRegulator.body.range).toEqual(own.body.range);
    const homeFigures = (await stats(guiyang, { institution: home.id, ...WEEK })).body.range;
    expect([homeFigures.sent.requested.total, homeFigures.received.requested.total]).toEqual([2, 1]);
  });

  it('hides an institution outside the caller’s reach (404) and refuses staff without an admin role (403)', async () => {
    expect((await stats(yunnan, { institution: hospital.id })).status).toBe(404);
    expect((await stats(guizhou, { institution: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const admin = bearer({ roles: ['medical-admin'], institutionId: hospital.id });
    const other = await stats(admin, { institution: zunyi.id });
    expect([other.status, other.body.code]).toEqual([404, 'OUTSIDE_JURISDICTION']);
    expect((await stats(admin, { division: '52' })).status).toBe(403);
    const desk = await stats(bearer({ roles: ['referral-desk'], institutionId: hospital.id }), {});
    expect([desk.status, desk.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect((await stats(guiyang, { division: '53' })).status).toBe(404);
  });
});

describe('bad inputs', () => {
  it.each([
    [{ from: '2026-02-30' }],
    [{ from: '2026-11-30', to: '2026-11-01' }],
    [{ from: '2025-01-01', to: '2026-11-30' }],
    [{ granularity: 'year' }],
    [{ to: '30/11/2026' }],
    [{ institution: 'not-a-uuid' }],
    [{ sort: 'day' }],
    [{ division: '52', institution: '00000000-0000-4000-8000-000000000000' }],
  ])('answers %j with a 400 problem', async (q) => {
    const res = await stats(guizhou, q);
    expect([res.status, res.headers['content-type'], res.body.code]).toEqual([
      400,
      expect.stringMatching(/^application\/problem\+json/),
      'VALIDATION_FAILED',
    ]);
  });
});

describe('CSV export', () => {
  const raw = (path: string, q: Record<string, string>) => asBytes(service.http.get(path).query(q).set('Authorization', guizhou));

  it('exports the series as UTF-8 CSV with a BOM: a row per period and side, then the range', async () => {
    const res = await raw('/v1/statistics.csv', { ...WEEK, granularity: 'week' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="statistics-52-2026-11-23-2026-11-30-week\.csv"/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    const header = lines[0].split(',');
    expect(header.slice(0, 6)).toEqual(['period', 'from', 'to', 'side', 'requested_up', 'requested_down']);
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['2026-W48', 'sent'],
      ['2026-W48', 'received'],
      ['2026-W48', 'total'],
      ['2026-W49', 'sent'],
      ['2026-W49', 'received'],
      ['2026-W49', 'total'],
      ['range', 'sent'],
      ['range', 'received'],
      ['range', 'total'],
    ]);
    const cell = (row: string[], column: string) => row[header.indexOf(column)];
    expect([cell(rows[8], 'requested_total'), cell(rows[8], 'acceptance_rate'), cell(rows[8], 'wait_requestToDecision_p90_s')]).toEqual([
      '3',
      '0.5',
      '14400',
    ]);
  });

  it('exports the breakdown with the divisions’ Chinese names', async () => {
    const res = await raw('/v1/statistics/breakdown.csv', { division: '52', ...WEEK });
    expect(res.status).toBe(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFdivision,name,from,to,side,')).toBe(true);
    expect(text).toContain('\r\n5201,贵阳市,2026-11-23,2026-11-30,total,2,1,3,');
    expect(text).toContain('\r\n5203,遵义市,2026-11-23,2026-11-30,received,1,0,1,');
  });
});
