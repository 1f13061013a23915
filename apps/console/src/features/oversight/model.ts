/** The regulator's data as the notification service answers it (types from the generated client). */
import type { operations } from '../../api/notification';
import {
  REFERRAL_STATUSES as ALL_REFERRAL_STATUSES,
  REFERRAL_DIRECTIONS,
  REJECTION_REASONS as REFERRAL_REJECTION_REASONS,
} from '@contracts/referral/vocabulary';

type StatisticsAnswer = operations['StatisticsController_get']['responses'][200]['content']['application/json'];
/** The figures of a division (what the regulator's pages ask for): its current totals are always there. */
export type Statistics = StatisticsAnswer &
  Required<
    Pick<
      StatisticsAnswer,
      'agreementCoverage' | 'referrals' | 'responses' | 'refusedOutsideAgreement' | 'rejectionReasons' | 'openFindings'
    >
  >;
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

/*
 * Gaps of the notification service's OpenAPI document, not of this client: `division` on both reads and
 * `rule`/`status` on the findings list are validated by query classes declared in the controller files
 * (StatisticsQuery, FindingsQuery), which the swagger plugin does not read, so the generated types say
 * `never` and `{ cursor, limit }`. Composed here from the generated types they mirror; once those classes
 * move to *.dto.ts files, `npm run console:api` types them and these lines can go.
 */
export type StatisticsQuery = { division?: string };
export type FindingsQuery = NonNullable<operations['FindingsController_list']['parameters']['query']> & {
  division?: string;
  rule?: Rule;
  status?: FindingStatus;
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
