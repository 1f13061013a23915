/**
 * Wait times as pre-aggregated histograms: each wait is counted in the first bucket whose upper bound
 * (seconds) it does not exceed, so a period's distribution is a sum of counters, never a scan. The
 * bounds are roughly log-spaced from a minute to thirty days; a wait longer than the last bound falls
 * in the overflow bucket (`+Inf`).
 */
export const WAIT_BUCKET_BOUNDS_SECONDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600, 2_592_000,
] as const;

/** The buckets' names: each bound in seconds, then `inf`. */
export const WAIT_BUCKETS: readonly string[] = [...WAIT_BUCKET_BOUNDS_SECONDS.map(String), 'inf'];

/** The legs of a referral's path timed from its milestones. */
export const WAIT_LEGS = ['requestToReceipt', 'receiptToDecision', 'requestToDecision', 'decisionToArrival'] as const;
export type WaitLeg = (typeof WAIT_LEGS)[number];

/** The bucket a wait falls in (a negative wait, a clock skew between services, counts as zero). */
export function bucketOf(seconds: number): string {
  const bound = WAIT_BUCKET_BOUNDS_SECONDS.find((b) => Math.max(0, seconds) <= b);
  return bound === undefined ? 'inf' : String(bound);
}

export interface Percentiles {
  count: number;
  /** seconds: the upper bound of the bucket where the cumulative count reaches half; null when nothing was counted or it is past the last bound */
  median: number | null;
  p90: number | null;
}

/**
 * The median and 90th percentile of a histogram (counts by bucket name), approximated by the upper
 * bound of the bucket in which the cumulative count first reaches ⌈q·n⌉.
 */
export function percentiles(counts: ReadonlyMap<string, number>): Percentiles {
  const get = (b: string): number => counts.get(b) ?? 0;
  const n = WAIT_BUCKETS.reduce((sum, b) => sum + get(b), 0);
  return { count: n, median: quantile(get, n, 0.5), p90: quantile(get, n, 0.9) };
}

function quantile(get: (b: string) => number, n: number, q: number): number | null {
  if (n === 0) return null;
  const rank = Math.ceil(q * n);
  let cumulative = 0;
  for (const b of WAIT_BUCKETS) {
    cumulative += get(b);
    if (cumulative >= rank) return b === 'inf' ? null : Number(b);
  }
  return null;
}
