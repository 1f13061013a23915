/**
 * The statistics' period and where it lives: the address (`?division=3501&from=2026-11-01&to=2026-11-30&granularity=week&side=received`),
 * so a view can be bookmarked or sent. Dates are China calendar dates (YYYY-MM-DD, both ends included),
 * the rules are the API's (docs/api/statistics.md): when absent, the 30 days to today (China time) by
 * day; at most 366 days by day, 731 by week or month. The default is kept out of the address, so a
 * bookmark of it keeps meaning "the last 30 days".
 */
import { addDays, chinaDate, daysBetween } from '@kernel/clock';
import { GRANULARITIES, SIDES, type Granularity, type Side, type StatisticsQuery } from './model';

export interface Period {
  from: string;
  to: string;
  granularity: Granularity;
}

/** The API's range when none is asked for: 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range the API answers, in days (both ends counted). */
export const MAX_RANGE_DAYS: Record<Granularity, number> = { day: 366, week: 731, month: 731 };

/** Today in China (UTC+8, no daylight saving), whatever the browser's zone. */
export const chinaToday = (now: Date = new Date()): string => chinaDate(now);

export const defaultPeriod = (today: string, granularity: Granularity = 'day'): Period => ({
  from: addDays(today, -(DEFAULT_RANGE_DAYS - 1)),
  to: today,
  granularity,
});

/** Whether a text is a real calendar date (YYYY-MM-DD): 2026-02-30 is not. */
export function isCalendarDate(text: string | null | undefined): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

export const isGranularity = (v: string | null | undefined): v is Granularity => !!v && (GRANULARITIES as readonly string[]).includes(v);
export const isSide = (v: string | null | undefined): v is Side => !!v && (SIDES as readonly string[]).includes(v);

/** The days a period spans, both ends counted. */
export const daysOf = (p: Pick<Period, 'from' | 'to'>): number => daysBetween(p.from, p.to) + 1;

/**
 * A period the API accepts: `to` before `from` → the two swapped; longer than the granularity allows →
 * shortened from the start (the end, the most recent day, is kept).
 */
export function withinLimits(p: Period): Period {
  const [from, to] = p.to < p.from ? [p.to, p.from] : [p.from, p.to];
  const max = MAX_RANGE_DAYS[p.granularity];
  return { from: daysOf({ from, to }) > max ? addDays(to, -(max - 1)) : from, to, granularity: p.granularity };
}

/**
 * The period an address asks for, read as the API reads its query: `to` absent → 29 days after `from`
 * (not past today), or today; `from` absent → 29 days before `to`; a date that is not one is ignored.
 */
export function periodFromParams(params: URLSearchParams, today: string): Period {
  const granularity = isGranularity(params.get('granularity')) ? (params.get('granularity') as Granularity) : 'day';
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from0 = isCalendarDate(fromParam) ? fromParam : undefined;
  const to = isCalendarDate(toParam) ? toParam : from0 ? [addDays(from0, DEFAULT_RANGE_DAYS - 1), today].sort()[0] : today;
  const from = from0 ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  return withinLimits({ from, to, granularity });
}

/** Whether a period is the default one (the last 30 days to today). */
export const isDefaultRange = (p: Period, today: string): boolean => {
  const d = defaultPeriod(today);
  return p.from === d.from && p.to === d.to;
};

/**
 * The address with a period (and side) in it, the other parameters (the division…) kept: the default
 * range and granularity (day) and side (total) are left out.
 */
export function paramsWith(
  params: URLSearchParams,
  change: { period?: Period; side?: Side; division?: string },
  today: string,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (change.period) {
    const p = withinLimits(change.period);
    if (isDefaultRange(p, today)) {
      next.delete('from');
      next.delete('to');
    } else {
      next.set('from', p.from);
      next.set('to', p.to);
    }
    if (p.granularity === 'day') next.delete('granularity');
    else next.set('granularity', p.granularity);
  }
  if (change.side) {
    if (change.side === 'total') next.delete('side');
    else next.set('side', change.side);
  }
  if (change.division !== undefined) next.set('division', change.division);
  return next;
}

/** The side the address asks for (all, sent or received). */
export const sideFromParams = (params: URLSearchParams): Side => (isSide(params.get('side')) ? (params.get('side') as Side) : 'total');

/** The query of the statistics of a division over a period (always explicit, so every read agrees on the days). */
export const statisticsQuery = (division: string, p: Period): StatisticsQuery => ({
  division,
  from: p.from,
  to: p.to,
  granularity: p.granularity,
});

/** The server's CSV of the series, under the console's /api/ (for files.ts). */
export const statisticsCsvPath = (division: string, p: Period): string =>
  `/notification/v1/statistics.csv?${new URLSearchParams({ division, from: p.from, to: p.to, granularity: p.granularity }).toString()}`;
