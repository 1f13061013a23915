/**
 * The worklist's order: clinical priority, then the nearest deadline (NHS e-RS, the service's own
 * order); and rows that never move under the person's pointer or keyboard focus: while the list is
 * held, new rows wait above it and rows that left stay in place, marked, until it is let go.
 */
import { useRef } from 'react';
import type { Priority, Referral } from './types';

const RANK: Record<Priority, number> = { EMERGENCY: 0, URGENT: 1, ROUTINE: 2 };

/** Waiting for an answer: priority, then deadline. Expected: by expected arrival. Admitted: by arrival. */
export function compareReferrals(a: Referral, b: Referral): number {
  const awaiting = (r: Referral) => (r.status === 'REQUESTED' || r.status === 'RECEIVED' ? 0 : 1);
  const byAwaiting = awaiting(a) - awaiting(b);
  if (byAwaiting !== 0) return byAwaiting;
  if (awaiting(a) === 0) {
    const byPriority = RANK[a.priority] - RANK[b.priority];
    if (byPriority !== 0) return byPriority;
    return Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt) || a.id.localeCompare(b.id);
  }
  const when = (r: Referral) => Date.parse(r.milestones.arrivedAt ?? r.expectedArrivalAt ?? r.deadlineAt);
  return RANK[a.priority] - RANK[b.priority] || when(a) - when(b) || a.id.localeCompare(b.id);
}

export interface Arrangement {
  /** ids in the order shown */
  shown: string[];
  /** ids that are in the list but not shown yet (the list is held) */
  waiting: string[];
  /** ids shown that are no longer in the list (the list is held) */
  gone: string[];
}

/** Pure: what to show, given what was shown, the list as it now is (sorted) and whether it is held. */
export function arrange(previous: readonly string[], current: readonly string[], held: boolean): Arrangement {
  if (!held) return { shown: [...current], waiting: [], gone: [] };
  const now = new Set(current);
  const before = new Set(previous);
  return { shown: [...previous], waiting: current.filter((id) => !before.has(id)), gone: previous.filter((id) => !now.has(id)) };
}

/** arrange() across renders; rows that left keep their last known content while shown. */
export function useStableRows(rows: readonly Referral[], held: boolean) {
  const shownIds = useRef<string[]>([]);
  const lastKnown = useRef(new Map<string, Referral>());
  const sorted = [...rows].sort(compareReferrals);
  for (const r of sorted) lastKnown.current.set(r.id, r);
  const arrangement = arrange(
    shownIds.current,
    sorted.map((r) => r.id),
    held,
  );
  shownIds.current = arrangement.shown;
  if (!held) lastKnown.current = new Map(sorted.map((r) => [r.id, r]));
  const gone = new Set(arrangement.gone);
  return {
    rows: arrangement.shown.map((id) => lastKnown.current.get(id)!).filter(Boolean),
    gone,
    waiting: arrangement.waiting.length,
  };
}
