/**
 * The regulator's lists of the agreements and referrals in their jurisdiction, as the contract and the
 * referral services answer them (types from the generated clients), and the pure decisions the page
 * makes: which filters the address holds (kept only when valid and inside the jurisdiction), the query
 * each list and its CSV export send, and each row in words.
 */
import type { operations as ContractOperations } from '../../api/contract';
import type { operations as ReferralOperations } from '../../api/referral';
import { AGREEMENT_MODES, AGREEMENT_STATUSES } from '@contracts/agreement/vocabulary';
import { REFERRAL_DIRECTIONS, REFERRAL_PRIORITIES, REFERRAL_STATUSES } from '@contracts/referral/vocabulary';
import { formatDateTime } from '../../shared/time';
import { divisionWithin } from '../oversight/model';

export type Agreement = ContractOperations['GetAgreementController_get']['responses'][200]['content']['application/json'];
export type AgreementPage = ContractOperations['ListAgreementsController_list']['responses'][200]['content']['application/json'];
export type AgreementItem = AgreementPage['items'][number];
export type AgreementStatus = AgreementItem['status'];
export type Mode = AgreementItem['mode'];
export type Side = AgreementItem['proposedBy'];

export type Referral = ReferralOperations['GetReferralController_get']['responses'][200]['content']['application/json'];
export type ReferralPage = ReferralOperations['ListReferralsController_list']['responses'][200]['content']['application/json'];
export type ReferralItem = ReferralPage['items'][number];
export type ReferralStatus = ReferralItem['status'];
export type Direction = ReferralItem['direction'];
export type Priority = ReferralItem['priority'];

/** the list query types as generated (the filters the services' list DTOs declare) */
export type AgreementListQuery = NonNullable<ContractOperations['ListAgreementsController_list']['parameters']['query']>;
export type ReferralListQuery = NonNullable<ReferralOperations['ListReferralsController_list']['parameters']['query']>;

// the platform's vocabularies, checked against the generated API types (a drift is a compile error here)
/** A regulator never sees a DRAFT (the service leaves them out), so it is not offered. */
export const AGREEMENT_STATUS_CHOICES: readonly AgreementStatus[] = AGREEMENT_STATUSES.filter(
  (s) => s !== 'DRAFT',
) satisfies readonly AgreementStatus[];
export const MODES: readonly Mode[] = AGREEMENT_MODES satisfies readonly Mode[];
export const REFERRAL_STATUS_CHOICES: readonly ReferralStatus[] = REFERRAL_STATUSES satisfies readonly ReferralStatus[];
export const DIRECTIONS: readonly Direction[] = REFERRAL_DIRECTIONS satisfies readonly Direction[];
export const PRIORITIES: readonly Priority[] = REFERRAL_PRIORITIES satisfies readonly Priority[];
/** "ending within" choices, in days (the API takes 0–3650) */
export const EXPIRING_CHOICES = [7, 30, 90, 180] as const;

export type Tab = 'agreements' | 'referrals';
export const TABS: readonly Tab[] = ['agreements', 'referrals'];

export interface AgreementFilter {
  status?: AgreementStatus;
  mode?: Mode;
  division?: string;
  institution?: string;
  /** filed on or after, a China day */
  from?: string;
  /** filed on or before, a China day */
  to?: string;
  /** in force on that China day */
  effectiveOn?: string;
  /** ACTIVE and ending within this many days */
  expiringWithinDays?: number;
}

export interface ReferralFilter {
  status?: ReferralStatus[];
  direction?: Direction;
  priority?: Priority;
  division?: string;
  institution?: string;
  /** requested on or after, a China day */
  from?: string;
  /** requested on or before, a China day */
  to?: string;
}

/** The address's keys of each tab's filters (the drawer's key besides). */
export const AGREEMENT_KEYS = ['status', 'mode', 'division', 'institution', 'from', 'to', 'effectiveOn', 'expiring'] as const;
export const REFERRAL_KEYS = ['status', 'direction', 'priority', 'division', 'institution', 'from', 'to'] as const;
/** Kept when the tab changes: they mean the same on both (either party's division, either party). */
const SHARED_KEYS = ['division', 'institution'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/** A real calendar day YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(v: string | null | undefined): v is string {
  if (!v || !DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
const day = (v: string | null) => (isDay(v) ? v : undefined);
const uuid = (v: string | null) => (v && UUID.test(v) ? v.toLowerCase() : undefined);
/** A division inside the jurisdiction and narrower than it (the whole jurisdiction is no filter). */
const division = (v: string | null, jurisdiction: string) => {
  const d = divisionWithin(v, jurisdiction);
  return d && d !== jurisdiction ? d : undefined;
};

/** Drops the keys whose value is undefined (so a filter compares and serialises by what is set). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const tabOf = (params: URLSearchParams): Tab => oneOf(TABS, params.get('tab')) ?? 'agreements';

export function agreementFilterOf(params: URLSearchParams, jurisdiction: string): AgreementFilter {
  const expiring = Number(params.get('expiring'));
  return defined({
    status: oneOf(AGREEMENT_STATUS_CHOICES, params.get('status')),
    mode: oneOf(MODES, params.get('mode')),
    division: division(params.get('division'), jurisdiction),
    institution: uuid(params.get('institution')),
    from: day(params.get('from')),
    to: day(params.get('to')),
    effectiveOn: day(params.get('effectiveOn')),
    expiringWithinDays:
      params.get('expiring') !== null && Number.isInteger(expiring) && expiring >= 0 && expiring <= 3650 ? expiring : undefined,
  });
}

export function referralFilterOf(params: URLSearchParams, jurisdiction: string): ReferralFilter {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => oneOf(REFERRAL_STATUS_CHOICES, s.trim()))
    .filter((s): s is ReferralStatus => !!s);
  return defined({
    status: statuses.length ? REFERRAL_STATUS_CHOICES.filter((s) => statuses.includes(s)) : undefined,
    direction: oneOf(DIRECTIONS, params.get('direction')),
    priority: oneOf(PRIORITIES, params.get('priority')),
    division: division(params.get('division'), jurisdiction),
    institution: uuid(params.get('institution')),
    from: day(params.get('from')),
    to: day(params.get('to')),
  });
}

/** The address with one key set (or removed when empty); the drawer closes, since the list changes under it. */
export function withParam(params: URLSearchParams, key: string, value: string | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== 'agreement' && key !== 'referral') {
    next.delete('agreement');
    next.delete('referral');
  }
  return next;
}

/** The address of the other tab: only what means the same there (division, institution) is kept. */
export function withTab(params: URLSearchParams, tab: Tab): URLSearchParams {
  const next = new URLSearchParams();
  if (tab !== 'agreements') next.set('tab', tab);
  for (const key of SHARED_KEYS) {
    const v = params.get(key);
    if (v) next.set(key, v);
  }
  return next;
}

/** Whether the address filters the tab's list at all (for the empty list's sentence). */
export const isFiltered = (filter: AgreementFilter | ReferralFilter) => Object.keys(filter).length > 0;

/** The contract service's list query (the CSV export's without `limit` and `cursor`). */
export function agreementQuery(f: AgreementFilter): AgreementListQuery {
  return defined({
    status: f.status,
    mode: f.mode,
    division: f.division,
    institution: f.institution,
    from: f.from,
    to: f.to,
    effectiveOn: f.effectiveOn,
    expiringWithinDays: f.expiringWithinDays,
  });
}

/**
 * The referral service's list query as a query string: `status` is comma-separated, as the service reads
 * it (its OpenAPI document types the list as objects, so it is written here rather than typed).
 */
export function referralSearch(f: ReferralFilter, page?: { limit: number; cursor?: string }): string {
  const search = new URLSearchParams();
  if (f.status?.length) search.set('status', f.status.join(','));
  const rest: Omit<ReferralListQuery, 'status' | 'limit' | 'cursor'> = defined({
    direction: f.direction,
    priority: f.priority,
    division: f.division,
    institution: f.institution,
    from: f.from,
    to: f.to,
  });
  for (const [k, v] of Object.entries(rest)) search.set(k, String(v));
  if (page) {
    search.set('limit', String(page.limit));
    if (page.cursor) search.set('cursor', page.cursor);
  }
  return search.toString();
}

const withSearch = (path: string, search: string) => (search ? `${path}?${search}` : path);

/** The CSV exports (under the console's /api/), the same filters as the list. */
export const agreementsCsvPath = (f: AgreementFilter) =>
  withSearch(
    '/contract/v1/agreements.csv',
    new URLSearchParams(Object.entries(agreementQuery(f)).map(([k, v]) => [k, String(v)])).toString(),
  );
export const referralsCsvPath = (f: ReferralFilter) => withSearch('/referral/v1/referrals.csv', referralSearch(f));

export const agreementSummaryPath = (id: string) => `/contract/v1/agreements/${id}/summary.pdf`;
export const referralFormPath = (id: string) => `/referral/v1/referrals/${id}/form.pdf`;

/** The first 8 characters of an id: enough to tell rows apart and to quote on the phone. */
export const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

// ── rows in words ──

/** What the rows need to speak: the sentences and the vocabularies' words in one language. */
export interface RowWords {
  lang: 'zh' | 'en';
  t: (key: RowSentence, vars?: Record<string, string | number>) => string;
  agreementStatus: Record<AgreementStatus, string>;
  mode: Record<Mode, string>;
  referralStatus: Record<ReferralStatus, string>;
  direction: Record<Direction, string>;
  priority: Record<Priority, string>;
  indication: Record<ReferralItem['indication'], string>;
  sex: Record<ReferralItem['patient']['sex'], string>;
}

/** The sentences the rows use (keys of this feature's messages). */
export type RowSentence =
  | 'partyElderly'
  | 'partyMedical'
  | 'partyCare'
  | 'partyHospital'
  | 'institutionUnknown'
  | 'termRange'
  | 'noteAmendment'
  | 'noteTermination'
  | 'noteSanctioned'
  | 'noteOverdue'
  | 'noteReturn'
  | 'bornIn';

/** An institution's name as the row carries it, else as the registry gives it, else a shortened id. */
export type NameOf = (id: string) => string | undefined;

export type PartyRole = 'elderly' | 'medical' | 'care' | 'hospital';

export interface AgreementRowView {
  id: string;
  parties: { role: PartyRole; roleText: string; id: string; name: string }[];
  mode: string;
  status: AgreementStatus;
  statusText: string;
  /** what else a regulator should notice: a pending amendment, a notice of termination, a sanctioned party */
  notes: string[];
  term: string;
  filedAt: string;
  updatedAt: string;
}

/** The parties' roles: a CONTINUING_CARE agreement is between a care institution and a hospital. */
export const partyRoles = (mode: Mode): [PartyRole, PartyRole] =>
  mode === 'CONTINUING_CARE' ? ['care', 'hospital'] : ['elderly', 'medical'];

const ROLE_SENTENCE: Record<PartyRole, RowSentence> = {
  elderly: 'partyElderly',
  medical: 'partyMedical',
  care: 'partyCare',
  hospital: 'partyHospital',
};

export const roleText = (w: Pick<RowWords, 't'>, role: PartyRole) => w.t(ROLE_SENTENCE[role]);

const label = <K extends string>(map: Record<K, string>, code: string): string =>
  Object.prototype.hasOwnProperty.call(map, code) ? map[code as K] : code;

export function partyName(w: Pick<RowWords, 't'>, nameOf: NameOf, id: string, carried: string | null | undefined): string {
  return carried ?? nameOf(id) ?? w.t('institutionUnknown', { id: shortId(id) });
}

export function agreementRowView(a: AgreementItem, w: RowWords, nameOf: NameOf): AgreementRowView {
  const [first, second] = partyRoles(a.mode);
  const notes: string[] = [];
  if (a.pendingAmendment) notes.push(w.t('noteAmendment', { revision: a.pendingAmendment.revision }));
  if (a.termination) notes.push(w.t('noteTermination', { date: a.termination.effectiveOn }));
  if (a.sanctions.length) notes.push(w.t('noteSanctioned'));
  return {
    id: a.id,
    parties: [
      {
        role: first,
        roleText: roleText(w, first),
        id: a.elderlyInstitutionId,
        name: partyName(w, nameOf, a.elderlyInstitutionId, a.elderlyInstitutionName),
      },
      {
        role: second,
        roleText: roleText(w, second),
        id: a.medicalInstitutionId,
        name: partyName(w, nameOf, a.medicalInstitutionId, a.medicalInstitutionName),
      },
    ],
    mode: label(w.mode, a.mode),
    status: a.status,
    statusText: label(w.agreementStatus, a.status),
    notes,
    term: w.t('termRange', { from: a.term.effectiveFrom, to: a.term.effectiveTo }),
    filedAt: formatDateTime(a.createdAt, w.lang),
    updatedAt: formatDateTime(a.updatedAt, w.lang),
  };
}

export interface ReferralRowView {
  id: string;
  /** the resident as a regulator sees them: the name's first character, sex, year of birth */
  patient: string;
  direction: string;
  priority: Priority;
  priorityText: string;
  from: string;
  to: string;
  indication: string;
  status: ReferralStatus;
  statusText: string;
  notes: string[];
  requestedAt: string;
  deadlineAt: string;
}

/** The year of birth a regulator reads (`birthYear`), or the year of a full date (staff's view). */
export function birthYearOf(patient: ReferralItem['patient']): string | undefined {
  if (typeof patient.birthYear === 'string' && patient.birthYear) return patient.birthYear;
  if (typeof patient.birthDate === 'string' && patient.birthDate) return patient.birthDate.slice(0, 4);
  return undefined;
}

export function patientText(w: RowWords, patient: ReferralItem['patient']): string {
  const year = birthYearOf(patient);
  return [patient.name, label(w.sex, patient.sex), year ? w.t('bornIn', { year }) : ''].filter(Boolean).join(' · ');
}

export function referralRowView(r: ReferralItem, w: RowWords, nameOf: NameOf): ReferralRowView {
  const notes: string[] = [];
  if (r.overdue) notes.push(w.t('noteOverdue'));
  if (r.parentReferralId) notes.push(w.t('noteReturn'));
  return {
    id: r.id,
    patient: patientText(w, r.patient),
    direction: label(w.direction, r.direction),
    priority: r.priority,
    priorityText: label(w.priority, r.priority),
    from: partyName(w, nameOf, r.fromInstitutionId, r.from?.name),
    to: partyName(w, nameOf, r.toInstitutionId, r.to?.name),
    indication: label(w.indication, r.indication),
    status: r.status,
    statusText: label(w.referralStatus, r.status),
    notes,
    requestedAt: formatDateTime(r.milestones.requestedAt, w.lang),
    deadlineAt: formatDateTime(r.deadlineAt, w.lang),
  };
}

/** The ids whose name the list did not carry (the registry is asked for those only). */
export const unnamedAgreementParties = (rows: readonly AgreementItem[]) =>
  rows.flatMap((a) => [
    ...(a.elderlyInstitutionName ? [] : [a.elderlyInstitutionId]),
    ...(a.medicalInstitutionName ? [] : [a.medicalInstitutionId]),
  ]);
export const unnamedReferralParties = (rows: readonly ReferralItem[]) =>
  rows.flatMap((r) => [...(r.from?.name ? [] : [r.fromInstitutionId]), ...(r.to?.name ? [] : [r.toInstitutionId])]);
