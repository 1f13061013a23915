/** What the regulator's tests (unit and browser) share: findings and figures as the notification service answers them. */
import { COMPLIANCE_RULE_LABEL } from '@contracts/labels';
import { REFERRAL_STATUSES as ALL_REFERRAL_STATUSES } from '@contracts/referral/vocabulary';
import { addDays, daysBetween } from '@kernel/clock';
import {
  REJECTION_REASONS,
  WAIT_LEGS,
  type Breakdown,
  type Figures,
  type Finding,
  type Granularity,
  type ReferralStatus,
  type RejectionReason,
  type Statistics,
  type Views,
} from './model';
import { WAIT_BUCKET_BOUNDS } from './waits';

/** A finding as the API answers it: the stored finding with its divisions, rule and subject in words, and the named institutions. */
export const finding = (
  f: Omit<Finding, 'divisions' | 'institutions' | 'ruleName' | 'subjectName'> & Partial<Pick<Finding, 'institutions' | 'subjectName'>>,
): Finding => ({
  divisions: [f.division],
  institutions: [],
  ruleName: COMPLIANCE_RULE_LABEL[f.rule].zh,
  subjectName: '',
  ...f,
});

type FigureCounts = Omit<Figures, 'requested' | 'statusChanges' | 'rejectionReasons' | 'waitTimes' | 'onTimeRate' | 'acceptanceRate'>;

/**
 * One view's figures as the API answers them (apps/notification/src/statistics/figures.ts): every
 * direction, status and reason present (zeros when not given), the rates worked out from the counts.
 */
export function figures(
  f: Partial<FigureCounts> & {
    up?: number;
    down?: number;
    statusChanges?: Partial<Record<ReferralStatus, number>>;
    rejectionReasons?: Partial<Record<RejectionReason, number>>;
    waitTimes?: Partial<Figures['waitTimes']>;
  } = {},
): Figures {
  const up = f.up ?? 0;
  const down = f.down ?? 0;
  const answered = f.answered ?? 0;
  const counts: FigureCounts = {
    received: f.received ?? 0,
    answered,
    answeredWithinDeadline: f.answeredWithinDeadline ?? 0,
    accepted: f.accepted ?? 0,
    rejected: f.rejected ?? 0,
    arrived: f.arrived ?? 0,
    overdue: f.overdue ?? 0,
  };
  return {
    requested: { UP: up, DOWN: down, total: up + down },
    statusChanges: { ...Object.fromEntries(ALL_REFERRAL_STATUSES.map((s) => [s, 0])), ...f.statusChanges },
    ...counts,
    onTimeRate: answered ? counts.answeredWithinDeadline / answered : null,
    acceptanceRate: answered ? counts.accepted / answered : null,
    rejectionReasons: { ...Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])), ...f.rejectionReasons },
    waitTimes: {
      ...(Object.fromEntries(WAIT_LEGS.map((leg) => [leg, { count: 0, median: null, p90: null }])) as Figures['waitTimes']),
      ...f.waitTimes,
    },
  };
}

/** The three views from what was sent and what was received (`total` = sent + received − internal). */
export function views(sent: Figures, received: Figures, internal: Figures = figures(), waitTimes?: Figures['waitTimes']): Views {
  const total = combine([sent, received], 1);
  const minus = combine([total, internal], -1);
  return { sent, received, total: { ...minus, waitTimes: waitTimes ?? minus.waitTimes } };
}

/** Counts added up (or `sign` −1: the second taken from the first), rates worked out again; wait times as the first's. */
export function combine(list: Figures[], sign: 1 | -1 = 1): Figures {
  const add = (pick: (f: Figures) => number) => list.reduce((sum, f, i) => sum + (i === 0 ? 1 : sign) * pick(f), 0);
  const record = (pick: (f: Figures) => Record<string, number>) =>
    Object.fromEntries(Object.keys(pick(list[0])).map((k) => [k, add((f) => pick(f)[k] ?? 0)]));
  const answered = add((f) => f.answered);
  const within = add((f) => f.answeredWithinDeadline);
  const accepted = add((f) => f.accepted);
  return {
    requested: { UP: add((f) => f.requested.UP ?? 0), DOWN: add((f) => f.requested.DOWN ?? 0), total: add((f) => f.requested.total) },
    statusChanges: record((f) => f.statusChanges),
    received: add((f) => f.received),
    answered,
    answeredWithinDeadline: within,
    onTimeRate: answered ? within / answered : null,
    accepted,
    rejected: add((f) => f.rejected),
    acceptanceRate: answered ? accepted / answered : null,
    rejectionReasons: record((f) => f.rejectionReasons),
    arrived: add((f) => f.arrived),
    overdue: add((f) => f.overdue),
    waitTimes: list[0].waitTimes,
  };
}

/** The service's periods of a range (apps/notification/src/statistics/periods.ts), for answers made up by tests. */
export function periodsOf(from: string, to: string, granularity: Granularity): { period: string; from: string; to: string }[] {
  const out: { period: string; from: string; to: string }[] = [];
  for (let day = from; day <= to;) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const start = granularity === 'day' ? day : granularity === 'week' ? addDays(day, -((weekday + 6) % 7)) : `${day.slice(0, 7)}-01`;
    const [y, m] = start.split('-').map(Number);
    const next =
      granularity === 'day'
        ? addDays(start, 1)
        : granularity === 'week'
          ? addDays(start, 7)
          : m === 12
            ? `${y + 1}-01-01`
            : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const last = addDays(next, -1) < to ? addDays(next, -1) : to;
    let name = start;
    if (granularity === 'month') name = start.slice(0, 7);
    if (granularity === 'week') {
      const thursday = addDays(start, 3);
      const year = thursday.slice(0, 4);
      name = `${year}-W${String(Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1).padStart(2, '0')}`;
    }
    out.push({ period: name, from: day, to: last });
    day = next;
  }
  return out;
}

const WAIT_TIME_METHOD = {
  approximate: true,
  unit: 'second',
  bucketUpperBounds: WAIT_BUCKET_BOUNDS,
  percentile:
    'the upper bound of the histogram bucket in which the cumulative count first reaches ceil(q × count); null when nothing was counted or past the last bound',
} as const;
/** How the API says wait times are approximated (the generated type reads the bounds as a literal). */
export const waitTimeMethod = WAIT_TIME_METHOD as unknown as Statistics['waitTimes'];

/**
 * A division's figures as the API answers them: the current totals given; over the period (one day by
 * default) the series and range given, or nothing counted.
 */
export const statisticsAnswer = (
  current: Omit<Statistics, 'institution' | 'period' | 'range' | 'series' | 'waitTimes'> & Partial<Statistics>,
): Statistics => {
  const period = current.period ?? { from: '2026-11-30', to: '2026-11-30', granularity: 'day', timeZone: 'Asia/Shanghai' };
  const none = views(figures(), figures());
  return {
    institution: null,
    period,
    range: none,
    series: periodsOf(period.from, period.to, period.granularity).map((p) => ({ ...p, ...none })),
    waitTimes: waitTimeMethod,
    ...current,
  };
};

/** A breakdown as the API answers it: the children with referrals counted, in code order. */
export const breakdownAnswer = (division: string, from: string, to: string, children: Breakdown['children']): Breakdown => ({
  division,
  period: { from, to, timeZone: 'Asia/Shanghai' },
  children: [...children].sort((a, b) => a.division.localeCompare(b.division)),
  waitTimes: waitTimeMethod,
});

/** An open finding: a home refused twice at a hospital it has no agreement with (SPEC §4.4). */
export const outsideAgreementFinding = (id: string, home: string, hospital: string): Finding =>
  finding({
    id,
    rule: 'REFERRAL_OUTSIDE_AGREEMENT',
    subject: `pair:${home}:${hospital}`,
    division: '350102',
    status: 'OPEN',
    raisedAt: '2026-11-30T02:05:00.000Z',
    resolvedAt: null,
    details: { senderId: home, receiverId: hospital, refusals: 2 },
  });
