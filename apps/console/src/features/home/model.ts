/**
 * The administrator's home page, decided without React: what the page asks the services for (the
 * agreements page's own filters, today in China time), what each figure counts in the answers, the
 * agreements ending soon seen from the person's side, and the institution's referral figures over the
 * last 30 days as table rows.
 */
import type { operations as NotificationOperations } from '../../api/notification';
import type { Principal } from '../../auth/principal';
import {
  EXPIRING_WITHIN_DAYS,
  addDays,
  chinaToday,
  counterpartyOf,
  daysBetween,
  needsAnswer,
  sideOf,
  type AgreementRow,
  type FilterQuery,
  type Mode,
} from '../agreements/model';
import type { Referral, ReferralStatus } from '../referrals/types';

export { EXPIRING_WITHIN_DAYS, chinaToday };

/** Which home the person gets: a nursing home's (or a care side's) administrator, or a medical institution's. */
export type HomeRole = 'elderly' | 'medical';

/** The role the page is drawn for: elderly-admin first (a COMBINED institution's administrator may hold both). */
export function homeRoleOf(p: Principal): HomeRole | undefined {
  if (!p.institutionId) return undefined;
  if (p.roles.includes('elderly-admin')) return 'elderly';
  if (p.roles.includes('medical-admin')) return 'medical';
  return undefined;
}

/** What the person may start from the home, by the console's own rules (the screens that offer it). */
export interface QuickActions {
  /** file an agreement: the agreements page offers it to an elderly-admin with an institution */
  fileAgreement: boolean;
  /** refer a resident: the referrals page is an elderly-admin's */
  referResident: boolean;
  /** answer incoming referrals: the desk is a medical-admin's (and the referral desk's) */
  openDesk: boolean;
}

/** `files`: the agreement modes this person files (agreements/rules.ts filingModes: a care-side hospital's administrator files continuing care). */
export function quickActionsFor(p: Principal, files: readonly string[]): QuickActions {
  const staff = !!p.institutionId;
  return {
    fileAgreement: staff && files.length > 0,
    referResident: staff && p.roles.includes('elderly-admin'),
    openDesk: staff && p.roles.includes('medical-admin'),
  };
}

// ── agreements ──

/**
 * The agreement lists the home reads, each whole (every page), each the query the agreements page sends
 * for its filters (FILTERS in ../agreements/model: the tests hold them equal), so a figure is the number
 * of rows the linked list shows.
 */
export const AGREEMENT_QUERIES = {
  active: { status: 'ACTIVE' },
  signed: { status: 'SIGNED' },
  submitted: { status: 'SUBMITTED' },
  expiring: { expiringWithinDays: EXPIRING_WITHIN_DAYS },
} as const satisfies Record<string, FilterQuery>;
export type AgreementQueryKey = keyof typeof AGREEMENT_QUERIES;

/** A list read whole, or the first pages of it when it is longer than the home reads. */
export interface Whole<T> {
  items: T[];
  /** more rows than were read: the count is "at least" */
  truncated: boolean;
}

/** A number shown on a card: exact, or at least this many. */
export interface Count {
  value: number;
  atLeast: boolean;
}

export const countOf = <T>(list: Whole<T>, keep: (item: T) => boolean = () => true): Count => ({
  value: list.items.filter(keep).length,
  atLeast: list.truncated,
});

const sum = (...counts: Count[]): Count => ({
  value: counts.reduce((n, c) => n + c.value, 0),
  atLeast: counts.some((c) => c.atLeast),
});

/**
 * In force, as the agreements page's 生效中 lists them: ACTIVE, and SIGNED ones whose term has not begun
 * (each status a list of its own, as the API takes one status a query).
 */
export const inForceCount = (active: Whole<AgreementRow>, signed: Whole<AgreementRow>): Count => sum(countOf(active), countOf(signed));

/**
 * For this side to answer, as the page's 待我方处理 lists them: a SUBMITTED agreement the other party
 * proposed (a filing to countersign, or a renewal), and an amendment the other party proposed to one in force.
 */
export function attentionCount(
  lists: { submitted: Whole<AgreementRow>; active: Whole<AgreementRow>; signed: Whole<AgreementRow> },
  p: Principal,
): Count {
  const mine = (a: AgreementRow) => needsAnswer(a, sideOf(a, p));
  return sum(countOf(lists.submitted, mine), countOf(lists.active, mine), countOf(lists.signed, mine));
}

/** How soon an agreement in force ends: the last day is still in force (the term is inclusive). */
export type Urgency = 'today' | 'week' | 'month' | 'later' | 'past';

export interface Expiry {
  /** days from today (China) to the last day of the term: 0 on the last day */
  daysLeft: number;
  urgency: Urgency;
}

/** The second reminder the contract service sends is 7 days before the end (the first 30). */
export const SOON_DAYS = 7;

export function expiryOf(effectiveTo: string, today: string): Expiry {
  const daysLeft = daysBetween(today, effectiveTo);
  const urgency: Urgency =
    daysLeft < 0
      ? 'past'
      : daysLeft === 0
        ? 'today'
        : daysLeft <= SOON_DAYS
          ? 'week'
          : daysLeft <= EXPIRING_WITHIN_DAYS
            ? 'month'
            : 'later';
  return { daysLeft, urgency };
}

/**
 * Whether the contract service lists an agreement under `expiringWithinDays=30` today: ACTIVE and its
 * last day no later than 30 days from today, China time (list-agreements: `effective_to <= today + 30`).
 * One ending today is still listed (in force on its last day); a SIGNED one not begun is not.
 */
export const isExpiring = (a: Pick<AgreementRow, 'status' | 'term'>, today: string, within = EXPIRING_WITHIN_DAYS): boolean =>
  a.status === 'ACTIVE' && a.term.effectiveTo <= addDays(today, within);

export interface ExpiringRow {
  id: string;
  /** the other party: its id, and its name as the contract service knows it (null when it does not) */
  counterpartyId: string;
  counterpartyName: string | null;
  mode: Mode;
  effectiveTo: string;
  expiry: Expiry;
  /** a notice of termination: the first day it no longer applies */
  terminationOn: string | null;
}

/** The agreements ending soon, seen from the person's institution, the nearest end first. */
export function expiringRows(items: readonly AgreementRow[], institutionId: string | undefined, today: string): ExpiringRow[] {
  return items
    .map((a) => {
      const counterpartyId = counterpartyOf(a, institutionId);
      return {
        id: a.id,
        counterpartyId,
        counterpartyName: counterpartyId === a.medicalInstitutionId ? a.medicalInstitutionName : a.elderlyInstitutionName,
        mode: a.mode,
        effectiveTo: a.term.effectiveTo,
        expiry: expiryOf(a.term.effectiveTo, today),
        terminationOn: a.termination?.effectiveOn ?? null,
      };
    })
    .sort((x, y) => x.effectiveTo.localeCompare(y.effectiveTo) || x.id.localeCompare(y.id));
}

// ── referrals ──

/** The referral lists' day filter for "today": requested on this China date (both ends inclusive). */
export const todayRange = (now: Date = new Date()) => {
  const today = chinaToday(now);
  return { from: today, to: today };
};

/** The receiving side's worklist as the desk shows it, in its three views. */
export interface OpenIncoming {
  waiting: number;
  overdue: number;
  expected: number;
  admitted: number;
  total: Count;
}

const WAITING: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED'];

export function openIncoming(worklist: Whole<Pick<Referral, 'status' | 'overdue'>>): OpenIncoming {
  const items = worklist.items;
  return {
    waiting: items.filter((r) => WAITING.includes(r.status)).length,
    overdue: items.filter((r) => WAITING.includes(r.status) && r.overdue).length,
    expected: items.filter((r) => r.status === 'ACCEPTED').length,
    admitted: items.filter((r) => r.status === 'ARRIVED').length,
    total: countOf(worklist, (r) => [...WAITING, 'ACCEPTED', 'ARRIVED'].includes(r.status)),
  };
}

// ── the institution's figures over the last 30 days (notification service) ──

type StatisticsAnswer = NotificationOperations['StatisticsController_get']['responses'][200]['content']['application/json'];
export type InstitutionStatistics = Pick<StatisticsAnswer, 'institution' | 'period' | 'range'>;
type Figures = StatisticsAnswer['range']['sent'];

export type StatisticsMetric = 'requested' | 'answered' | 'onTimeRate' | 'acceptanceRate' | 'arrived' | 'overdue' | 'requestToDecision';
export const STATISTICS_METRICS: readonly StatisticsMetric[] = [
  'requested',
  'answered',
  'onTimeRate',
  'acceptanceRate',
  'arrived',
  'overdue',
  'requestToDecision',
];

/** A figure as the table shows it: a count, a share (0…1), a wait (seconds, an upper bound), or nothing to show. */
export type Cell =
  { kind: 'count'; value: number } | { kind: 'share'; value: number } | { kind: 'wait'; seconds: number } | { kind: 'none' };

/** `requested` is `{UP, DOWN, total}` (docs/api/statistics.md), which the generated type leaves unknown. */
const requestedTotal = (requested: unknown): number | undefined => {
  if (!requested || typeof requested !== 'object') return undefined;
  const total = (requested as { total?: unknown }).total;
  return typeof total === 'number' ? total : undefined;
};

function cellOf(f: Figures | undefined, metric: StatisticsMetric): Cell {
  if (!f) return { kind: 'none' };
  switch (metric) {
    case 'requested': {
      const total = requestedTotal(f.requested);
      return total === undefined ? { kind: 'none' } : { kind: 'count', value: total };
    }
    case 'answered':
    case 'arrived':
    case 'overdue':
      return { kind: 'count', value: f[metric] };
    case 'onTimeRate':
    case 'acceptanceRate':
      return f[metric] === null ? { kind: 'none' } : { kind: 'share', value: f[metric] };
    case 'requestToDecision': {
      const median = f.waitTimes?.requestToDecision?.median ?? null;
      return median === null ? { kind: 'none' } : { kind: 'wait', seconds: median };
    }
  }
}

export interface StatisticsRow {
  metric: StatisticsMetric;
  sent: Cell;
  received: Cell;
}

/** One row per figure: what the institution sent, and what it received, over the period. */
export const statisticsRows = (s: InstitutionStatistics): StatisticsRow[] =>
  STATISTICS_METRICS.map((metric) => ({ metric, sent: cellOf(s.range?.sent, metric), received: cellOf(s.range?.received, metric) }));

/** A share as people read it: 92.3%. */
export const percent = (share: number) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/** A wait's upper bound in words (the service rounds waits up to its histogram's bounds). */
export function waitWords(seconds: number, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  if (seconds < 3600) {
    const m = Math.max(1, Math.round(seconds / 60));
    return zh ? `${m} 分钟` : `${m} min`;
  }
  if (seconds < 86_400) {
    const h = Math.round((seconds / 3600) * 10) / 10;
    return zh ? `${h} 小时` : `${h} h`;
  }
  const d = Math.round((seconds / 86_400) * 10) / 10;
  return zh ? `${d} 天` : `${d} ${d === 1 ? 'day' : 'days'}`;
}
