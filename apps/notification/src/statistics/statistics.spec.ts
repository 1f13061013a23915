import { referralSnapshotFixture } from '../domain/referral-snapshot.fixture';
import { figuresOf, viewsOf } from './figures';
import { WAIT_BUCKETS, bucketOf, percentiles } from './histogram';
import { chinaDay, isCalendarDate, isoWeek, periodStart, periodsOf, rangeProblem } from './periods';
import { MilestoneMark, referralMoves, rowsOf } from './referral-metrics';

describe('periods in China time', () => {
  it('puts an instant on its China calendar day (UTC+8), across midnight', () => {
    expect(chinaDay('2026-11-22T15:59:59.999Z')).toBe('2026-11-22');
    expect(chinaDay('2026-11-22T16:00:00.000Z')).toBe('2026-11-23');
    expect(chinaDay('2026-12-31T16:30:00Z')).toBe('2027-01-01');
  });

  it('starts a week on Monday (ISO), whatever the day in it', () => {
    // 2026-11-23 is a Monday; 2026-11-29 a Sunday
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-30', 'week')).toBe('2026-11-30');
    // a week across the new year starts in the old one
    expect(periodStart('2027-01-01', 'week')).toBe('2026-12-28');
  });

  it('names ISO weeks by their Thursday’s year', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2020-12-31')).toBe('2020-W53');
  });

  it('starts a month on its first day', () => {
    expect(periodStart('2026-02-28', 'month')).toBe('2026-02-01');
  });

  it('cuts a range into periods clipped to it', () => {
    expect(periodsOf('2026-11-27', '2026-12-02', 'week')).toEqual([
      { start: '2026-11-23', from: '2026-11-27', to: '2026-11-29', label: '2026-W48' },
      { start: '2026-11-30', from: '2026-11-30', to: '2026-12-02', label: '2026-W49' },
    ]);
    expect(periodsOf('2026-12-15', '2027-02-03', 'month').map((p) => [p.label, p.from, p.to])).toEqual([
      ['2026-12', '2026-12-15', '2026-12-31'],
      ['2027-01', '2027-01-01', '2027-01-31'],
      ['2027-02', '2027-02-01', '2027-02-03'],
    ]);
    expect(periodsOf('2026-11-22', '2026-11-24', 'day').map((p) => p.label)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
  });

  it('refuses a range backwards or longer than its granularity allows, and dates that do not exist', () => {
    expect(rangeProblem('2026-11-22', '2026-11-21', 'day')).toMatch(/before/);
    expect(rangeProblem('2026-01-01', '2026-12-31', 'day')).toBeUndefined();
    expect(rangeProblem('2025-01-01', '2026-01-02', 'day')).toMatch(/at most 366 days/);
    expect(rangeProblem('2025-01-01', '2026-12-31', 'month')).toBeUndefined();
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });
});

describe('wait-time histograms', () => {
  it('counts a wait in the first bucket whose bound it does not pass', () => {
    expect(bucketOf(0)).toBe('60');
    expect(bucketOf(60)).toBe('60');
    expect(bucketOf(61)).toBe('120');
    expect(bucketOf(-5)).toBe('60');
    expect(bucketOf(3 * 86_400 * 365)).toBe('inf');
  });

  it('gives the median and p90 as the bound where the cumulative count reaches ⌈q·n⌉', () => {
    // 10 waits: 5 under a minute, 4 under an hour, 1 under a day
    const h = new Map([
      ['60', 5],
      ['3600', 4],
      ['86400', 1],
    ]);
    expect(percentiles(h)).toEqual({ count: 10, median: 60, p90: 3600 });
    expect(percentiles(new Map([['3600', 1]]))).toEqual({ count: 1, median: 3600, p90: 3600 });
    expect(percentiles(new Map())).toEqual({ count: 0, median: null, p90: null });
    expect(percentiles(new Map([['inf', 2]]))).toEqual({ count: 2, median: null, p90: null });
    expect(WAIT_BUCKETS.at(-1)).toBe('inf');
  });
});

describe('a referral’s daily moves', () => {
  const requested = referralSnapshotFixture({ from: { ...referralSnapshotFixture().from, divisionCode: '350102' } });
  const accepted = referralSnapshotFixture({
    version: 3,
    status: 'ACCEPTED',
    answeredWithinDeadline: true,
    milestones: {
      ...requested.milestones,
      // requested 02:00Z (10:00 China), received 10 minutes later, answered 20:30Z: the next China day
      receivedAt: '2026-11-22T02:10:00.000Z',
      answeredAt: '2026-11-22T16:30:00.000Z',
    },
  });

  it('counts the request on its China day, and the status it entered on the event’s day', () => {
    const { moves, marks } = referralMoves(requested, null, new Set(), '2026-11-22');
    expect(moves).toEqual([
      { day: '2026-11-22', metric: 'requested.UP' },
      { day: '2026-11-22', metric: 'status.REQUESTED' },
    ]);
    expect([...marks]).toEqual(['requested']);
  });

  it('counts each milestone once, with its waits, when a later state skips one', () => {
    const { moves, marks } = referralMoves(accepted, 'REQUESTED', new Set<MilestoneMark>(['requested']), '2026-11-23');
    expect(moves).toEqual([
      { day: '2026-11-22', metric: 'receipts' },
      { day: '2026-11-22', metric: 'wait.requestToReceipt.600' },
      { day: '2026-11-23', metric: 'answered' },
      { day: '2026-11-23', metric: 'answeredWithinDeadline' },
      { day: '2026-11-23', metric: 'accepted' },
      { day: '2026-11-23', metric: 'wait.receiptToDecision.86400' },
      { day: '2026-11-23', metric: 'wait.requestToDecision.86400' },
      { day: '2026-11-23', metric: 'status.ACCEPTED' },
    ]);
    // the same state again moves nothing
    expect(referralMoves(accepted, 'ACCEPTED', marks, '2026-11-23').moves).toEqual([]);
  });

  it('counts a rejection with its reason, not as accepted', () => {
    const rejected = { ...accepted, status: 'REJECTED' as const, rejectionReason: 'CAPACITY_FULL' as const, answeredWithinDeadline: false };
    const metrics = referralMoves(rejected, 'RECEIVED', new Set<MilestoneMark>(['requested', 'received']), '2026-11-23').moves.map(
      (m) => m.metric,
    );
    expect(metrics).toEqual(
      expect.arrayContaining(['answered', 'rejected', 'rejection.CAPACITY_FULL', 'wait.receiptToDecision.86400', 'status.REJECTED']),
    );
    expect(metrics).not.toContain('accepted');
    expect(metrics).not.toContain('answeredWithinDeadline');
  });
});

describe('both sides of a referral (rule 5)', () => {
  const base = referralSnapshotFixture();
  const between = (fromDivision: string, toDivision: string) =>
    rowsOf(
      {
        ...base,
        from: { ...base.from, divisionCode: fromDivision },
        to: { ...base.to, divisionCode: toDivision },
      },
      [{ day: '2026-11-22', metric: 'requested.UP' }],
    );
  const sums = (rows: ReturnType<typeof between>, division: string) =>
    new Map(rows.divisions.filter((r) => r.division === division).map((r) => [r.metric, r.delta]));

  it('counts a referral between two counties of a city as sent by one, received by the other, and once for the city', () => {
    const rows = between('350102', '350103');
    expect(figuresOf(sums(rows, '350102'), 'sent').requested.total).toBe(1);
    expect(figuresOf(sums(rows, '350102'), 'received').requested.total).toBe(0);
    expect(figuresOf(sums(rows, '350103'), 'received').requested.total).toBe(1);
    expect(figuresOf(sums(rows, '350103'), 'total').requested.total).toBe(1);
    const city = viewsOf(sums(rows, '3501'));
    expect([city.sent.requested.total, city.received.requested.total, city.total.requested.total]).toEqual([1, 1, 1]);
    expect(rows.divisions.filter((r) => r.division === '3501').every((r) => r.parent === '35')).toBe(true);
    expect(rows.institutions.map((r) => [r.institutionId, r.metric])).toEqual([
      [base.from.institutionId, 'sent.requested.UP'],
      [base.to.institutionId, 'received.requested.UP'],
    ]);
  });

  it('counts a referral across provinces on each province’s own side only', () => {
    const rows = between('350102', '440305');
    expect(viewsOf(sums(rows, '35')).total.requested.total).toBe(1);
    expect(viewsOf(sums(rows, '44')).received.requested.total).toBe(1);
    expect(viewsOf(sums(rows, '44')).sent.requested.total).toBe(0);
    expect(rows.divisions.some((r) => r.metric.startsWith('internal.'))).toBe(false);
  });

  it('rates acceptance and punctuality over the answers, null without any', () => {
    const f = figuresOf(
      new Map([
        ['received.answered', 4],
        ['received.accepted', 3],
        ['received.answeredWithinDeadline', 2],
      ]),
      'received',
    );
    expect([f.acceptanceRate, f.onTimeRate]).toEqual([0.75, 0.5]);
    expect(figuresOf(new Map(), 'total').acceptanceRate).toBeNull();
  });
});
