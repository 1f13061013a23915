import { REFERRAL_DIRECTIONS, REFERRAL_STATUSES, REJECTION_REASONS } from '@yiyang/contracts';
import { Percentiles, WAIT_BUCKETS, WAIT_LEGS, WaitLeg, percentiles } from './histogram';

/**
 * A side's figures over some days, from its counters: `sent` (referrals the division or institution
 * sent), `received` (those it received) and `total` (those it took part in: sent + received − internal,
 * so a referral between two of its own institutions counts once).
 */
export const VIEWS = ['sent', 'received', 'total'] as const;
export type View = (typeof VIEWS)[number];

export interface Figures {
  /** referrals requested, by direction, and all */
  requested: Record<string, number> & { total: number };
  /** status changes into each status */
  statusChanges: Record<string, number>;
  received: number;
  answered: number;
  answeredWithinDeadline: number;
  /** answered within the deadline ÷ answered; null with no answer */
  onTimeRate: number | null;
  accepted: number;
  rejected: number;
  /** accepted ÷ answered; null with no answer */
  acceptanceRate: number | null;
  rejectionReasons: Record<string, number>;
  arrived: number;
  /** referrals that went past their response deadline unanswered */
  overdue: number;
  /** seconds, approximated from the histogram's bucket bounds */
  waitTimes: Record<WaitLeg, Percentiles>;
}

/** One view's figures from a set of summed counters (metric → value, metrics with their side prefix). */
export function figuresOf(counters: ReadonlyMap<string, number>, view: View): Figures {
  const v = (metric: string) =>
    view === 'total'
      ? (counters.get(`sent.${metric}`) ?? 0) + (counters.get(`received.${metric}`) ?? 0) - (counters.get(`internal.${metric}`) ?? 0)
      : (counters.get(`${view}.${metric}`) ?? 0);
  const requested = Object.fromEntries(REFERRAL_DIRECTIONS.map((d) => [d, v(`requested.${d}`)]));
  const answered = v('answered');
  const ratio = (n: number) => (answered ? n / answered : null);
  return {
    requested: { ...requested, total: REFERRAL_DIRECTIONS.reduce((sum, d) => sum + requested[d], 0) },
    statusChanges: Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, v(`status.${s}`)])),
    received: v('receipts'),
    answered,
    answeredWithinDeadline: v('answeredWithinDeadline'),
    onTimeRate: ratio(v('answeredWithinDeadline')),
    accepted: v('accepted'),
    rejected: v('rejected'),
    acceptanceRate: ratio(v('accepted')),
    rejectionReasons: Object.fromEntries(REJECTION_REASONS.map((r) => [r, v(`rejection.${r}`)])),
    arrived: v('arrived'),
    overdue: v('overdue'),
    waitTimes: Object.fromEntries(
      WAIT_LEGS.map((leg) => [leg, percentiles(new Map(WAIT_BUCKETS.map((b) => [b, v(`wait.${leg}.${b}`)])))]),
    ) as Record<WaitLeg, Percentiles>,
  };
}

/** The three views at once. */
export const viewsOf = (counters: ReadonlyMap<string, number>): Record<View, Figures> =>
  Object.fromEntries(VIEWS.map((view) => [view, figuresOf(counters, view)])) as Record<View, Figures>;

/** Adds summed counters into another set. */
export function addInto(into: Map<string, number>, metric: string, value: number): void {
  into.set(metric, (into.get(metric) ?? 0) + value);
}
