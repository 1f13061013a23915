/**
 * Agreements as the console reads them: the types come from the contract service's generated client,
 * the vocabulary from the platform's own contracts (imported, not copied), and the few pure decisions
 * the screens make (whose move it is, which filter a row belongs to, China dates).
 */
import type { components, operations } from '../../api/contract';
import type { Principal } from '../../auth/principal';
import { AGREEMENT_MODES, AGREEMENT_SERVICES, FEE_PAYERS, FEE_UNITS, FREQUENCIES } from '@contracts/agreement/vocabulary';

export type Agreement = operations['GetAgreementController_get']['responses'][200]['content']['application/json'];
export type AgreementPage = operations['ListAgreementsController_list']['responses'][200]['content']['application/json'];
export type AgreementRow = AgreementPage['items'][number];
export type AgreementStatus = Agreement['status'];
export type Mode = Agreement['mode'];
export type Side = Agreement['proposedBy'];
export type HistoryEntry = NonNullable<Agreement['history']>[number];
export type PendingAmendment = NonNullable<Agreement['pendingAmendment']>;
export type FileBody = components['schemas']['FileAgreementDto'];
export type ContentBody = components['schemas']['AgreementContentDto'];
export type ServiceCode = components['schemas']['ServiceDto']['code'];
export type Frequency = NonNullable<components['schemas']['ServiceDto']['frequency']>;
export type FeeUnit = components['schemas']['FeeDto']['unit'];
export type FeePayer = components['schemas']['FeeDto']['payer'];
export type Staff = components['schemas']['StaffDto'];

/** What an agreement's content is, whichever way it came (a filing, an agreement, a pending amendment). */
export interface AgreementContent {
  mode: Mode;
  services: { code: ServiceCode; frequency?: Frequency | null }[];
  fees: { item: string; amountFen: number; unit: string; payer: string }[];
  responsibilities: { elderlyParty: string[]; medicalParty: string[] };
  breachLiability: string;
  term: { effectiveFrom: string; effectiveTo: string };
  site?: string | null;
  entrustment?: { rightsAndObligations: string; legalLiability: string; disputeResolution: string } | null;
  staff?: Staff[];
  document: { fileName: string; sha256: string } | null;
}

// the platform's vocabulary, checked against the generated API types (a drift is a compile error here)
export const MODES: readonly Mode[] = AGREEMENT_MODES satisfies readonly Mode[];
export const SERVICES: readonly ServiceCode[] = AGREEMENT_SERVICES satisfies readonly ServiceCode[];
export const FREQUENCY_CODES: readonly Frequency[] = FREQUENCIES satisfies readonly Frequency[];
export const FEE_UNIT_CODES: readonly FeeUnit[] = FEE_UNITS satisfies readonly FeeUnit[];
export const FEE_PAYER_CODES: readonly FeePayer[] = FEE_PAYERS satisfies readonly FeePayer[];

/** Status tags: the word always, a colour besides (white text at AA contrast). */
export const STATUS_COLOURS: Record<AgreementStatus, string> = {
  DRAFT: '#595959',
  SUBMITTED: '#0958d9',
  SIGNED: '#006d75',
  ACTIVE: '#237804',
  REJECTED: '#a8071a',
  TERMINATED: '#ad4e00',
  EXPIRED: '#595959',
  WITHDRAWN: '#595959',
};

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China (YYYY-MM-DD), whatever the browser's time zone: the API's dates are China dates. */
export function chinaToday(now: Date = new Date()): string {
  return CHINA_DAY.format(now);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The side the person acts for, as the service judges it (ADR 0013): by institution, never by the
 * role's name: an administrator of one of the two parties acts for that party, holding a role that
 * party's administrators hold. The first party is an elderly-care (or combined) institution, whose
 * administrators are elderly-admins, except in a CONTINUING_CARE agreement, whose first party is the
 * care side (a rehabilitation hospital, nursing hospital or hospice: medical-admins too); the medical
 * party's are medical-admins. Anyone else only reads; the service still decides.
 */
export function sideOf(
  a: Pick<Agreement, 'elderlyInstitutionId' | 'medicalInstitutionId'> & { mode?: Mode },
  p: Principal,
): Side | undefined {
  if (!p.institutionId) return undefined;
  const elderlyAdmin = p.roles.includes('elderly-admin');
  const medicalAdmin = p.roles.includes('medical-admin');
  if (p.institutionId === a.elderlyInstitutionId && (elderlyAdmin || (medicalAdmin && a.mode === 'CONTINUING_CARE'))) return 'elderly';
  if (p.institutionId === a.medicalInstitutionId && medicalAdmin) return 'medical';
  return undefined;
}

/** The other party's id, seen from the person's institution. */
export function counterpartyOf(
  a: Pick<Agreement, 'elderlyInstitutionId' | 'medicalInstitutionId'>,
  institutionId: string | undefined,
): string {
  return institutionId === a.medicalInstitutionId ? a.elderlyInstitutionId : a.medicalInstitutionId;
}

const IN_FORCE: AgreementStatus[] = ['SIGNED', 'ACTIVE'];
const LIVE_SUCCESSOR: string[] = ['SUBMITTED', 'SIGNED', 'ACTIVE'];

export interface Moves {
  submit: boolean;
  countersign: boolean;
  reject: boolean;
  /** filed or renewed by this side: the other party countersigns */
  awaitingOther: boolean;
  terminate: boolean;
  renew: boolean;
  amend: boolean;
  answerAmendment: boolean;
  withdrawAmendment: boolean;
}

/** What this side may do now (the service's rules; the service still decides). */
export function movesFor(a: Agreement | AgreementRow, side: Side | undefined): Moves {
  const party = !!side;
  const inForce = IN_FORCE.includes(a.status);
  const amendment = a.pendingAmendment;
  return {
    submit: a.status === 'DRAFT' && side === 'elderly',
    countersign: a.status === 'SUBMITTED' && party && side !== a.proposedBy,
    reject: a.status === 'SUBMITTED' && party && side !== a.proposedBy,
    awaitingOther: a.status === 'SUBMITTED' && side === a.proposedBy,
    terminate: inForce && party && !a.termination,
    renew: a.status === 'ACTIVE' && party && !a.termination && !(a.renewals ?? []).some((r) => LIVE_SUCCESSOR.includes(r.status)),
    amend: inForce && party && !amendment && !a.termination,
    answerAmendment: inForce && party && !!amendment && amendment.proposedBy !== side,
    withdrawAmendment: inForce && party && !!amendment && amendment.proposedBy === side,
  };
}

/** The list's filters, each as the queries the API answers (one status per query). */
export type FilterKey = 'attention' | 'inForce' | 'expiring' | 'drafts' | 'submitted' | 'ended' | 'all';
export interface FilterQuery {
  status?: AgreementStatus;
  expiringWithinDays?: number;
}

export const EXPIRING_WITHIN_DAYS = 30;

export const FILTERS: Record<FilterKey, FilterQuery[]> = {
  // SUBMITTED for one side to countersign, and in-force agreements with an amendment to answer: filtered by side below
  attention: [{ status: 'SUBMITTED' }, { status: 'ACTIVE' }, { status: 'SIGNED' }],
  inForce: [{ status: 'ACTIVE' }, { status: 'SIGNED' }],
  expiring: [{ expiringWithinDays: EXPIRING_WITHIN_DAYS }],
  drafts: [{ status: 'DRAFT' }],
  submitted: [{ status: 'SUBMITTED' }],
  ended: [{ status: 'TERMINATED' }, { status: 'EXPIRED' }, { status: 'REJECTED' }, { status: 'WITHDRAWN' }],
  all: [{}],
};

/**
 * The filters each person works with, the first one opened by default: a nursing home's administrator
 * follows what it filed; a medical institution's starts with what waits for its answer, and one that
 * files too (a continuing-care institution, `files`) has its drafts besides.
 */
export function filtersFor(p: Principal, files = false): FilterKey[] {
  if (p.roles.includes('elderly-admin')) return ['inForce', 'expiring', 'drafts', 'submitted', 'attention', 'ended', 'all'];
  return files
    ? ['attention', 'submitted', 'inForce', 'expiring', 'drafts', 'ended', 'all']
    : ['attention', 'submitted', 'inForce', 'expiring', 'ended', 'all'];
}

/** Whether a row belongs on the "needs your answer" list: a countersignature or an amendment of the other side. */
export function needsAnswer(a: Agreement | AgreementRow, side: Side | undefined): boolean {
  const moves = movesFor(a, side);
  return moves.countersign || moves.answerAmendment;
}
