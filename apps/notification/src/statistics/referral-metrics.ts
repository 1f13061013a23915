import { ReferralSnapshot } from '@yiyang/contracts';
import { WaitLeg, bucketOf } from './histogram';
import { chinaDay } from './periods';

/**
 * What a referral's new state adds to the daily statistics (SPEC §4.4, rule 5 sides). Each milestone
 * is counted once, on the China day it happened, the first time a state carrying it is applied (the
 * milestones counted so far are the referral's `marks`); a status change is counted on the day of the
 * event that made it. Every figure is kept apart for the sender's side (`sent.*`) and the receiver's
 * (`received.*`), so a county sees what it sent and what it received.
 */
export const MILESTONE_MARKS = ['requested', 'received', 'answered', 'arrived', 'overdue'] as const;
export type MilestoneMark = (typeof MILESTONE_MARKS)[number];

export const SIDES = ['sent', 'received'] as const;
export type Side = (typeof SIDES)[number];

/** A figure moved by a referral on a day, before it is given a side. */
export interface DailyMove {
  day: string;
  metric: string;
}

const ACCEPTED = ['ACCEPTED', 'ARRIVED', 'COMPLETED'];

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/**
 * The moves a referral's new state makes, and the marks it leaves: `before` is the status applied
 * before (null for the first state), `marks` the milestones already counted, `eventDay` the China day
 * of the event (for the status change).
 */
export function referralMoves(
  r: ReferralSnapshot,
  before: string | null,
  marks: ReadonlySet<MilestoneMark>,
  eventDay: string,
): { moves: DailyMove[]; marks: Set<MilestoneMark> } {
  const m = r.milestones;
  const moves: DailyMove[] = [];
  const done = new Set(marks);
  const at = (mark: MilestoneMark, instant: string | null, metrics: () => string[]) => {
    if (!instant || done.has(mark)) return;
    done.add(mark);
    const day = chinaDay(instant);
    for (const metric of metrics()) moves.push({ day, metric });
  };
  const wait = (leg: WaitLeg, from: string | null, to: string) => (from ? [`wait.${leg}.${bucketOf(seconds(from, to))}`] : []);

  at('requested', m.requestedAt, () => [`requested.${r.direction}`]);
  at('received', m.receivedAt, () => ['receipts', ...wait('requestToReceipt', m.requestedAt, m.receivedAt!)]);
  at('answered', m.answeredAt, () => [
    'answered',
    ...(r.answeredWithinDeadline ? ['answeredWithinDeadline'] : []),
    ...(ACCEPTED.includes(r.status) ? ['accepted'] : []),
    ...(r.status === 'REJECTED' ? ['rejected'] : []),
    ...(r.rejectionReason ? [`rejection.${r.rejectionReason}`] : []),
    ...wait('receiptToDecision', m.receivedAt, m.answeredAt!),
    ...wait('requestToDecision', m.requestedAt, m.answeredAt!),
  ]);
  at('arrived', m.arrivedAt, () => ['arrived', ...wait('decisionToArrival', m.answeredAt, m.arrivedAt!)]);
  at('overdue', m.overdueAt, () => ['overdue']);
  if (before !== r.status) moves.push({ day: eventDay, metric: `status.${r.status}` });
  return { moves, marks: done };
}

/** A counter row of the daily tables: a division (province, city or county) or an institution, a day, a metric. */
export interface DailyRow {
  day: string;
  metric: string;
  delta: number;
}
export interface DivisionRow extends DailyRow {
  division: string;
  /** the division one level up ('' for a province): the breakdown reads a level's children by it */
  parent: string;
}
export interface InstitutionRow extends DailyRow {
  institutionId: string;
}

/** The division levels a county code belongs to: province (2 digits), city (4), county (6). */
export const divisionLevels = (county: string): string[] => [county.slice(0, 2), county.slice(0, 4), county.slice(0, 6)];

export const parentOf = (division: string): string => division.slice(0, Math.max(0, division.length - 2));

/**
 * The rows a referral's moves land in. Each move is counted for the sender's division at every level
 * as `sent.*` and for the receiver's as `received.*`; where both parties lie in the same division of a
 * level, once more as `internal.*`, so that a division's total (sent + received − internal) counts an
 * internal referral once. Each institution gets its own side's rows.
 */
export function rowsOf(r: ReferralSnapshot, moves: DailyMove[]): { divisions: DivisionRow[]; institutions: InstitutionRow[] } {
  const divisions: DivisionRow[] = [];
  const institutions: InstitutionRow[] = [];
  const sides: [Side, { institutionId: string; divisionCode: string }][] = [
    ['sent', r.from],
    ['received', r.to],
  ];
  for (const { day, metric } of moves) {
    for (const [side, party] of sides) {
      for (const division of divisionLevels(party.divisionCode))
        divisions.push({ division, parent: parentOf(division), day, metric: `${side}.${metric}`, delta: 1 });
      institutions.push({ institutionId: party.institutionId, day, metric: `${side}.${metric}`, delta: 1 });
    }
    for (const division of divisionLevels(r.from.divisionCode))
      if (r.to.divisionCode.startsWith(division))
        divisions.push({ division, parent: parentOf(division), day, metric: `internal.${metric}`, delta: 1 });
  }
  return { divisions, institutions };
}
