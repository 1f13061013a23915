export interface BackoffOptions {
  /** delay before the first retry */
  baseMs: number;
  /** ceiling of any single delay */
  maxMs: number;
}

/** Exponential backoff with full jitter: attempt 1 waits up to baseMs, then 2×, 4×… capped at maxMs. */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
