import { addDays, assertNever, chinaDate, daysBetween } from '@yiyang/kernel';

/**
 * Periods of the statistics, in China time (UTC+8, no DST): a day is a China calendar date, a week
 * an ISO week (Monday to Sunday), a month a calendar month. A period is named by its first day
 * (`2026-11-23` for the week of Monday 23 November, `2026-11-01` for November).
 */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The longest range asked for at once, in days (both ends counted): a year by day, two years by week or month. */
export const MAX_RANGE_DAYS: Record<Granularity, number> = { day: 366, week: 731, month: 731 };

/** The range when none is asked for: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/** The China calendar date an instant falls on. */
export const chinaDay = (at: Date | string): string => chinaDate(typeof at === 'string' ? new Date(at) : at);

/** Whether a text is a real calendar date (YYYY-MM-DD). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** The first day of the period a date falls in. */
export function periodStart(day: string, granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return day;
    case 'week': {
      // getUTCDay: 0 Sunday … 6 Saturday; the ISO week starts on Monday
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return addDays(day, -((weekday + 6) % 7));
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    default:
      return assertNever(granularity);
  }
}

/** The ISO 8601 name of a week (`2026-W48`), from any day in it. */
export function isoWeek(day: string): string {
  const monday = periodStart(day, 'week');
  const thursday = addDays(monday, 3); // the ISO year of a week is its Thursday's
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface Period {
  /** the period's first day (its name) */
  start: string;
  /** the part of the period inside the range: its first and last day */
  from: string;
  to: string;
  /** `2026-11-23`, `2026-W48` or `2026-11` */
  label: string;
}

/** The periods a range of days (both ends included) touches, in order, each clipped to the range. */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  let day = from;
  while (day <= to) {
    const start = periodStart(day, granularity);
    const next = nextPeriod(start, granularity);
    const last = addDays(next, -1) < to ? addDays(next, -1) : to;
    periods.push({ start, from: day, to: last, label: label(start, granularity) });
    day = next;
  }
  return periods;
}

function nextPeriod(start: string, granularity: Granularity): string {
  if (granularity === 'day') return addDays(start, 1);
  if (granularity === 'week') return addDays(start, 7);
  const [y, m] = start.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function label(start: string, granularity: Granularity): string {
  if (granularity === 'week') return isoWeek(start);
  if (granularity === 'month') return start.slice(0, 7);
  return start;
}

/** What is wrong with a range (none when it is fine): `to` before `from`, or longer than the granularity allows. */
export function rangeProblem(from: string, to: string, granularity: Granularity): string | undefined {
  if (to < from) return '`to` is before `from`';
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS[granularity])
    return `a range by ${granularity} spans at most ${MAX_RANGE_DAYS[granularity]} days (asked ${days})`;
  return undefined;
}
