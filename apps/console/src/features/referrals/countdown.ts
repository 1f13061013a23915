/**
 * Time left to answer a referral, as the desk sees it: counted against the service's clock (each
 * answer carries deadlineAt and timeLeftSeconds, which give the difference between the two clocks),
 * and graded the way OpenMRS queues grade wait times: on time, due soon (amber), overdue (red).
 */
import { useEffect, useState } from 'react';

let offsetMs = 0;

/** Learn the service's clock from a referral it just sent (deadlineAt − timeLeftSeconds = its "now"). */
export function observeServerClock(
  referral: { deadlineAt: string; timeLeftSeconds: number | null },
  receivedAt: number = Date.now(),
): void {
  if (referral.timeLeftSeconds === null) return;
  const deadline = Date.parse(referral.deadlineAt);
  if (Number.isNaN(deadline)) return;
  // timeLeftSeconds is whole seconds: good to a second, which is what a countdown shows
  offsetMs = deadline - referral.timeLeftSeconds * 1000 - receivedAt;
}

/** Now, by the service's clock. */
export const serverNow = (): number => Date.now() + offsetMs;

/** For tests. */
export const resetServerClock = () => {
  offsetMs = 0;
};

export type CountdownLevel = 'ok' | 'soon' | 'overdue';

export interface CountdownState {
  level: CountdownLevel;
  /** whole seconds left (ok, soon) or past the deadline (overdue) */
  seconds: number;
}

/** Amber once a third of the time to answer is left (EMERGENCY 5 of 15 min, URGENT 40 of 120, ROUTINE 8 of 24 h). */
export const DUE_SOON_SHARE = 1 / 3;

export function countdownState(deadlineAt: string, requestedAt: string, now: number): CountdownState {
  const deadline = Date.parse(deadlineAt);
  const window = Math.max(60_000, deadline - Date.parse(requestedAt));
  const left = deadline - now;
  if (left <= 0) return { level: 'overdue', seconds: Math.floor((now - deadline) / 1000) };
  return { level: left <= window * DUE_SOON_SHARE ? 'soon' : 'ok', seconds: Math.floor(left / 1000) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 4:59 · 1:05:09 · 2 天 3 小时 (days only past 24 h). */
export function formatDuration(seconds: number, days: (d: number, h: number) => string): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86_400) return days(Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** The service's "now", once a second while mounted (one timer for a whole list). */
export function useServerNow(intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
