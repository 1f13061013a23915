/** The regulator's data as the notification service answers it (types from the generated client). */
import type { components, operations } from '../../api/notification';
import {
  REFERRAL_STATUSES as ALL_REFERRAL_STATUSES,
  REFERRAL_DIRECTIONS,
  REJECTION_REASONS as REFERRAL_REJECTION_REASONS,
} from '@contracts/referral/vocabulary';

type StatisticsAnswer = operations['StatisticsController_get']['responses'][200]['content']['application/json'];
/**
 * The figures of a division (what the regulator's pages ask for): its current totals are always there,
 * and the figures over the period (`range`, `series`) in the three views.
 */
export type Statistics = Omit<StatisticsAnswer, 'range' | 'series'> &
  Required<
    Pick<
      StatisticsAnswer,
      'agreementCoverage' | 'referrals' | 'responses' | 'refusedOutsideAgreement' | 'rejectionReasons' | 'openFindings'
    >
  > & { range: Views; series: SeriesItem[] };
export type Finding = operations['FindingsController_get']['responses'][200]['content']['application/json'];
export type FindingPage = operations['FindingsController_list']['responses'][200]['content']['application/json'];
export type Rule = Finding['rule'];
export type FindingStatus = Finding['status'];

// the platform's vocabularies, checked against the generated API types (a drift is a compile error here)
export const DIRECTIONS = REFERRAL_DIRECTIONS;
export type Direction = (typeof DIRECTIONS)[number];
/** The referral statuses in the order people read them: the way through first, then the ways out. */
const ENDED_UNSERVED: readonly ReferralStatus[] = ['REJECTED', 'RETURNED_WITH_ADVICE', 'CANCELLED', 'EXPIRED'];
export const REFERRAL_STATUSES: readonly ReferralStatus[] = [
  ...ALL_REFERRAL_STATUSES.filter((s) => !ENDED_UNSERVED.includes(s)),
  ...ENDED_UNSERVED,
];
export type ReferralStatus = (typeof ALL_REFERRAL_STATUSES)[number];
export const REJECTION_REASONS = REFERRAL_REJECTION_REASONS;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The compliance rules (libs/contracts/src/compliance/events.ts holds them beside zod, so not imported into the bundle). */
export const RULES = [
  'OVERDUE_REFERRAL_RESPONSE',
  'REFERRAL_OUTSIDE_AGREEMENT',
  'AGREEMENT_EXPIRED_UNRENEWED',
  'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER',
  'SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS',
  'DISTANT_AGREEMENT',
  'STAFF_FILING_MISSING',
] as const satisfies readonly Rule[];
export const FINDING_STATUSES = ['OPEN', 'RESOLVED'] as const satisfies readonly FindingStatus[];

/** The queries, as the generated client types them. */
export type StatisticsQuery = NonNullable<operations['StatisticsController_get']['parameters']['query']>;
export type BreakdownQuery = NonNullable<operations['StatisticsController_breakdown']['parameters']['query']>;
export type FindingsQuery = NonNullable<operations['FindingsController_list']['parameters']['query']>;

/** The statistics' periods: China-time dates, both included, and the length of the series' periods. */
export type Granularity = NonNullable<StatisticsQuery['granularity']>;
export const GRANULARITIES = ['day', 'week', 'month'] as const satisfies readonly Granularity[];

/**
 * One view's figures over a period (`range`, each `series[]` item, each breakdown row). The generated
 * type says `unknown` for `requested` (the service declares it as a record with a `total`), so it is
 * spelled out here as docs/api/statistics.md gives it.
 */
export type Figures = Omit<components['schemas']['Figures'], 'requested'> & {
  requested: Partial<Record<Direction, number>> & { total: number };
};
export type Percentiles = components['schemas']['Percentiles'];
export type WaitLeg = keyof Figures['waitTimes'];
export const WAIT_LEGS = [
  'requestToReceipt',
  'receiptToDecision',
  'requestToDecision',
  'decisionToArrival',
] as const satisfies readonly WaitLeg[];
/** The three views of a referral's figures (docs/api/statistics.md, "Both sides"). */
export const SIDES = ['total', 'sent', 'received'] as const;
export type Side = (typeof SIDES)[number];
export type Views = Record<Side, Figures>;
export type SeriesItem = { period: string; from: string; to: string } & Views;
export type Breakdown = Omit<operations['StatisticsController_breakdown']['responses'][200]['content']['application/json'], 'children'> & {
  children: ({ division: string; name: string | null } & Views)[];
};

/** The filters of the findings list, as the page keeps them in its address. */
export interface FindingFilter {
  rule?: Rule;
  status?: FindingStatus;
  division?: string;
}

export const isRule = (v: string | null | undefined): v is Rule => !!v && (RULES as readonly string[]).includes(v);
export const isFindingStatus = (v: string | null | undefined): v is FindingStatus =>
  !!v && (FINDING_STATUSES as readonly string[]).includes(v);

/** A division prefix (2, 4 or 6 digits) inside the regulator's jurisdiction, or undefined. */
export const divisionWithin = (v: string | null | undefined, jurisdiction: string): string | undefined =>
  v && /^(\d{2}|\d{4}|\d{6})$/.test(v) && v.startsWith(jurisdiction) ? v : undefined;

/** The sum of the open findings over every rule. */
export const openFindingsTotal = (s: Pick<Statistics, 'openFindings'>) => Object.values(s.openFindings).reduce((a, b) => a + b, 0);

/** The referrals of one direction and status (0 when the service does not count it). */
export const referralCount = (s: Pick<Statistics, 'referrals'>, d: string, status: string) => s.referrals[d]?.[status] ?? 0;

/** Every institution a finding's details name, with the part it plays. */
export type Party = 'elderly' | 'medical' | 'sender' | 'receiver' | 'institution';
const PARTY_KEYS: [string, Party][] = [
  ['elderlyInstitutionId', 'elderly'],
  ['medicalInstitutionId', 'medical'],
  ['senderId', 'sender'],
  ['receiverId', 'receiver'],
  ['institutionId', 'institution'],
];
export function partiesOf(finding: Pick<Finding, 'details'>): { id: string; party: Party }[] {
  const out: { id: string; party: Party }[] = [];
  for (const [key, party] of PARTY_KEYS) {
    const v = finding.details[key];
    if (typeof v === 'string' && v) out.push({ id: v, party });
  }
  return out;
}

/** The kind of subject ("referral:<id>" → referral) and its id. */
export function subjectOf(subject: string): { kind: 'referral' | 'agreement' | 'institution' | 'pair' | 'other'; id: string } {
  const [kind, ...rest] = subject.split(':');
  const id = rest.join(':');
  return kind === 'referral' || kind === 'agreement' || kind === 'institution' || kind === 'pair'
    ? { kind, id }
    : { kind: 'other', id: subject };
}

/** The first 8 characters of a uuid: enough to tell rows apart and to quote on the phone. */
export const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);
