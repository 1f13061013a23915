/**
 * Wait times as the API gives them, read honestly. The service counts every wait in a histogram bucket
 * (upper bounds from a minute to 30 days, then an overflow bucket) and answers, per leg, the count and
 * the upper bound of the bucket in which the median (90th percentile) falls: an upper estimate, exact
 * to the bucket, `null` when nothing was counted or the rank falls past the last bound. So a median of
 * 14,400 reads "≤ 4 hours", a null with waits counted "> 30 days", a null without any "—".
 */
import type { OversightTranslate } from './i18n';
import type { Percentiles } from './model';

/** The service's bucket upper bounds, seconds (apps/notification/src/statistics/histogram.ts). */
export const WAIT_BUCKET_BOUNDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600, 2_592_000,
] as const;

/** The bounds an answer gives (`waitTimes.bucketUpperBounds`), or the known ones when it gives none. */
export function boundsOf(method: { bucketUpperBounds?: readonly number[] } | undefined): readonly number[] {
  const given = method?.bucketUpperBounds;
  return Array.isArray(given) && given.length > 0 && given.every((b) => typeof b === 'number') ? given : WAIT_BUCKET_BOUNDS;
}

export type WaitReading =
  /** nothing counted */
  | { kind: 'none' }
  /** at most this many seconds (a bucket's upper bound) */
  | { kind: 'atMost'; seconds: number }
  /** longer than the last bound */
  | { kind: 'over'; seconds: number };

/** One percentile of a leg: its value (seconds or null) read with the leg's count. */
export function readWait(value: number | null | undefined, count: number, bounds: readonly number[] = WAIT_BUCKET_BOUNDS): WaitReading {
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'atMost', seconds: value };
  return count > 0 ? { kind: 'over', seconds: bounds[bounds.length - 1] } : { kind: 'none' };
}

/** 60 → "1 分钟", 14400 → "4 小时", 172800 → "2 天" (the bounds are whole minutes, hours or days). */
export function durationText(seconds: number, t: OversightTranslate): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return t('durationDays', { n: seconds / 86_400 });
  if (seconds >= 3600 && seconds % 3600 === 0) return t('durationHours', { n: seconds / 3600 });
  return t('durationMinutes', { n: Math.round((seconds / 60) * 10) / 10 });
}

/** "≤ 4 小时", "> 30 天" or "—". */
export function waitText(reading: WaitReading, t: OversightTranslate): string {
  switch (reading.kind) {
    case 'none':
      return t('noValue');
    case 'atMost':
      return t('waitAtMost', { duration: durationText(reading.seconds, t) });
    case 'over':
      return t('waitOver', { duration: durationText(reading.seconds, t) });
  }
}

/**
 * Where a reading stands on the ladder of buckets, for a bar chart whose axis is the buckets themselves
 * (not seconds: the value is only known to the bucket): the first bucket is 1, the overflow bucket is
 * one past the last bound, nothing counted is 0.
 */
export function bucketRank(reading: WaitReading, bounds: readonly number[] = WAIT_BUCKET_BOUNDS): number {
  if (reading.kind === 'none') return 0;
  if (reading.kind === 'over') return bounds.length + 1;
  const i = bounds.findIndex((b) => reading.seconds <= b);
  return i === -1 ? bounds.length + 1 : i + 1;
}

/** A leg's count, median and 90th percentile as read. */
export function readPercentiles(p: Percentiles | undefined, bounds: readonly number[] = WAIT_BUCKET_BOUNDS) {
  const count = p?.count ?? 0;
  return { count, median: readWait(p?.median, count, bounds), p90: readWait(p?.p90, count, bounds) };
}
