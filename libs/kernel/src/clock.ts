/** The source of "now" for domain logic and schedulers; tests inject a ManualClock instead of waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** China Standard Time is UTC+8 all year (no DST). */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant's wall clock in China, ISO-formatted without a zone: "2026-11-30T16:05:09.000". */
const chinaWallClock = (at: Date | string) => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23);

/** ISO calendar date (YYYY-MM-DD) of an instant in China Standard Time (UTC+8, no DST). */
export function chinaDate(at: Date): string {
  return chinaWallClock(at).slice(0, 10);
}

/** An instant as people in China read it, to the minute: "2026-11-30 16:05" (what exports show); null stays null. */
export function chinaMinute(at: Date | string): string;
export function chinaMinute(at: Date | string | null): string | null;
export function chinaMinute(at: Date | string | null): string | null {
  return at === null ? null : chinaWallClock(at).slice(0, 16).replace('T', ' ');
}

/** An instant as people in China read it, to the second: "2026-11-30 16:05:09". */
export function chinaSecond(at: Date | string): string {
  return chinaWallClock(at).slice(0, 19).replace('T', ' ');
}

/** A calendar date (YYYY-MM-DD) moved by a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
