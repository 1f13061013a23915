/**
 * The audit trail as the console reads it (ADR 0012, docs/api/audit.md): three sources, one a service
 * (the registry's institutions, the contract service's agreements, the referral service's referrals),
 * which of them a person may read, the filters the API takes kept in the page's address, and the
 * vocabularies of each source (its change kinds, the state fields a change sets, the status a change
 * moves to).
 */
import type { operations as RegistryOperations } from '../../api/registry';
import type { Principal } from '../../auth/principal';
import type { AgreementStatus } from '@contracts/agreement/vocabulary';
import type { InstitutionStatus } from '@contracts/institution/vocabulary';
import type { ReferralStatus } from '@contracts/referral/vocabulary';

export type AuditQuery = NonNullable<RegistryOperations['AuditController_list']['parameters']['query']>;
export type AuditExportQuery = NonNullable<RegistryOperations['AuditController_export']['parameters']['query']>;
export type AuditPage = RegistryOperations['AuditController_list']['responses'][200]['content']['application/json'];
export type AuditEntry = AuditPage['items'][number];

/** The three trails, in the order the page offers them (机构登记 / 合作协议 / 双向转诊). */
export const SOURCES = ['institution', 'agreement', 'referral'] as const;
export type Source = (typeof SOURCES)[number];

/** The service that keeps each trail (its path under /api/). */
export const SERVICE_OF = { institution: 'registry', agreement: 'contract', referral: 'referral' } as const satisfies Record<
  Source,
  string
>;

const STAFF_ROLES = ['elderly-admin', 'medical-admin', 'referral-desk'] as const;

/**
 * The trails a person may read, as the services decide (libs/platform audit-query `auditScopeOf`): a
 * regulator with a jurisdiction and institution staff read all three (by scope); the registrar reads
 * the registry's whole trail, and the contract and referral services answer a registrar 403.
 */
export function sourcesFor(p: Pick<Principal, 'roles' | 'division' | 'institutionId'>): Source[] {
  const scoped =
    (p.roles.includes('regulator') && !!p.division) ||
    (!!p.institutionId && p.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r)));
  const registry = scoped || p.roles.includes('registrar');
  return SOURCES.filter((s) => (s === 'institution' ? registry : scoped));
}

/** The change kinds each trail records (the aggregates' `kind`s; a DRAFT's new agreement is `created`). */
export const ACTIONS = {
  institution: ['registered', 'updated', 'operations-updated', 'suspended', 'reinstated', 'revoked', 'licence-expired'],
  agreement: [
    'created',
    'draft-edited',
    'draft-document-attached',
    'draft-withdrawn',
    'submitted',
    'renewed',
    'countersigned',
    'activated',
    'rejected',
    'withdrawn',
    'document-attached',
    'amendment-proposed',
    'amended',
    'amendment-rejected',
    'termination-scheduled',
    'terminated',
    'expiring',
    'expired',
    'party-sanctioned',
    'party-reinstated',
  ],
  referral: [
    'requested',
    'received',
    'released',
    'accepted',
    'rejected',
    'returned',
    'cancelled',
    'arrived',
    'completed',
    'attached',
    'response-overdue',
    'expired',
  ],
} as const satisfies Record<Source, readonly string[]>;

export type InstitutionAction = (typeof ACTIONS.institution)[number];
export type AgreementAction = (typeof ACTIONS.agreement)[number];
export type ReferralAction = (typeof ACTIONS.referral)[number];

/** The state fields a change may set, per trail, in the order the drawer lists them. */
export const FIELDS = {
  institution: [
    'status',
    'statusReason',
    'name',
    'medicalInstitutionCode',
    'kind',
    'hospitalGrade',
    'ownership',
    'nonProfit',
    'divisionCode',
    'address',
    'location',
    'medicalLicence',
    'elderlyCareFiling',
    'medicalInsuranceDesignation',
    'longTermCareInsuranceDesignation',
    'capabilities',
    'beds',
    'freeBeds',
    'referralPhone',
    'operationsUpdatedAt',
    'licenceExpiryAnnouncedFor',
  ],
  agreement: [
    'status',
    'mode',
    'services',
    'fees',
    'responsibilities',
    'breachLiability',
    'term',
    'site',
    'entrustment',
    'staff',
    'document',
    'documents',
    'proposedBy',
    'predecessorId',
    'copiedFrom',
    'revision',
    'revisions',
    'amendment',
    'termination',
    'sanctions',
    'lastReminder',
    'history',
  ],
  referral: [
    'status',
    'priority',
    'claimedBy',
    'expectedArrivalAt',
    'rejectionReason',
    'notes',
    'attachments',
    'milestones',
    'linkedReferralId',
    'deadlineAt',
    'expiresAt',
    'history',
  ],
} as const satisfies Record<Source, readonly string[]>;

/** Fields every change of the trail sets (a status line each): saying so on every row says nothing. */
export const ROUTINE_FIELDS: readonly string[] = ['history'];

type StatusOf = { institution: InstitutionStatus; agreement: AgreementStatus; referral: ReferralStatus };

/** Where a change moves the status (`from`: only when the life cycle allows one status before it). */
export interface StatusMove<S extends string = string> {
  from?: S;
  to: S;
}

/** The status each change kind leaves (the services' state machines); kinds that keep the status are absent. */
export const STATUS_MOVES: { [K in Source]: Partial<Record<(typeof ACTIONS)[K][number], StatusMove<StatusOf[K]>>> } = {
  institution: {
    registered: { to: 'ACTIVE' },
    suspended: { from: 'ACTIVE', to: 'SUSPENDED' },
    reinstated: { from: 'SUSPENDED', to: 'ACTIVE' },
    revoked: { to: 'REVOKED' },
  },
  agreement: {
    created: { to: 'DRAFT' },
    'draft-withdrawn': { from: 'DRAFT', to: 'WITHDRAWN' },
    submitted: { from: 'DRAFT', to: 'SUBMITTED' },
    renewed: { to: 'SUBMITTED' },
    countersigned: { from: 'SUBMITTED', to: 'SIGNED' },
    activated: { from: 'SIGNED', to: 'ACTIVE' },
    rejected: { from: 'SUBMITTED', to: 'REJECTED' },
    withdrawn: { from: 'SUBMITTED', to: 'WITHDRAWN' },
    terminated: { to: 'TERMINATED' },
    expired: { from: 'ACTIVE', to: 'EXPIRED' },
  },
  referral: {
    requested: { to: 'REQUESTED' },
    received: { from: 'REQUESTED', to: 'RECEIVED' },
    released: { from: 'RECEIVED', to: 'REQUESTED' },
    accepted: { from: 'RECEIVED', to: 'ACCEPTED' },
    rejected: { from: 'RECEIVED', to: 'REJECTED' },
    returned: { from: 'RECEIVED', to: 'RETURNED_WITH_ADVICE' },
    cancelled: { to: 'CANCELLED' },
    arrived: { from: 'ACCEPTED', to: 'ARRIVED' },
    completed: { from: 'ARRIVED', to: 'COMPLETED' },
    expired: { to: 'EXPIRED' },
  },
};

export const isSource = (v: unknown): v is Source => typeof v === 'string' && (SOURCES as readonly string[]).includes(v);
export const isActionOf = (source: Source, v: unknown): boolean =>
  typeof v === 'string' && (ACTIONS[source] as readonly string[]).includes(v);

/** The filters of `GET /v1/audit` the page offers (the type is the source itself). */
export interface AuditFilter {
  /** first day, China time, YYYY-MM-DD */
  from?: string;
  /** last day, China time, YYYY-MM-DD */
  to?: string;
  action?: string;
  actor?: string;
  institution?: string;
  resource?: string;
}

/** What the address holds: the trail, its filters and the entry open in the drawer. */
export interface AuditView {
  source: Source;
  filter: AuditFilter;
  entry?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The API's own patterns (audit.dto.ts): a value it would refuse is left out rather than sent. */
const ACTOR = /^[A-Za-z0-9._@:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE = /^[A-Za-z0-9-]{1,64}$/;
const ENTRY = /^[1-9]\d{0,19}$/;

/** Whether a YYYY-MM-DD is a calendar date (2026-02-30 is not), as the API checks it. */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

const FILTER_KEYS = ['from', 'to', 'action', 'actor', 'institution', 'resource'] as const satisfies readonly (keyof AuditFilter)[];

/**
 * The view an address asks for, among the trails the person may read (the first of them when it names
 * none or another): each filter only when the API would take it, an action only of that trail, a range
 * that ends before it starts without its end.
 */
export function viewFromSearch(search: URLSearchParams, allowed: readonly Source[]): AuditView {
  const asked = search.get('source');
  const source = isSource(asked) && allowed.includes(asked) ? asked : (allowed[0] ?? 'institution');
  const value = (key: string) => search.get(key)?.trim() || undefined;
  const date = (key: string) => {
    const v = value(key);
    return v && isCalendarDate(v) ? v : undefined;
  };
  const from = date('from');
  const to = date('to');
  const action = value('action');
  const actor = value('actor');
  const institution = value('institution');
  const resource = value('resource');
  const entry = value('entry');
  const filter: AuditFilter = {
    ...(from ? { from } : {}),
    ...(to && !(from && to < from) ? { to } : {}),
    ...(action && isActionOf(source, action) ? { action } : {}),
    ...(actor && ACTOR.test(actor) ? { actor } : {}),
    ...(institution && UUID.test(institution) ? { institution: institution.toLowerCase() } : {}),
    ...(resource && RESOURCE.test(resource) ? { resource } : {}),
  };
  return { source, filter, ...(entry && ENTRY.test(entry) ? { entry } : {}) };
}

/** The address of a view: the trail first, then the filters in a fixed order, then the open entry. */
export function searchFromView(view: AuditView): URLSearchParams {
  const search = new URLSearchParams({ source: view.source });
  for (const key of FILTER_KEYS) {
    const v = view.filter[key];
    if (v) search.set(key, v);
  }
  if (view.entry) search.set('entry', view.entry);
  return search;
}

/** Another trail: the dates, the actor and the institution stay; an action and a record belong to the trail left. */
export function switchSource(view: AuditView, source: Source): AuditView {
  const { action: _action, resource: _resource, ...kept } = view.filter;
  return { source, filter: kept };
}

/** The query of `GET /v1/audit.csv` (and of a page, with its limit and cursor): only the filters set. */
export function queryOf(filter: AuditFilter): AuditExportQuery {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = filter[key];
    if (v) query[key] = v;
  }
  return query as AuditExportQuery;
}

/** `/contract/v1/audit.csv?from=…`: the export's path under /api/, with the same filters as the list. */
export function exportPath(source: Source, filter: AuditFilter): string {
  const search = new URLSearchParams(queryOf(filter) as Record<string, string>).toString();
  return `/${SERVICE_OF[source]}/v1/audit.csv${search ? `?${search}` : ''}`;
}

export const hasFilter = (filter: AuditFilter) => FILTER_KEYS.some((k) => !!filter[k]);

/** A short readable reference for an id (never the whole UUID where a name is shown beside it): "5B0E12AB". */
export const shortRef = (id: string) => id.replace(/-/g, '').slice(0, 8).toUpperCase();

/**
 * Who the entry's parties are, by the trail: the institution itself; an agreement's filing and
 * countersigning parties (a nursing home and a medical institution, or in a continuing-care agreement a
 * rehabilitation or nursing hospital and a hospital: the trail does not say which mode); a referral's
 * sender and receiver.
 */
export type PartyRole = 'institution' | 'filer' | 'countersigner' | 'sender' | 'receiver';

export function partiesOf(source: Source, entry: Pick<AuditEntry, 'parties'>): { role: PartyRole; institutionId: string }[] {
  const roles: PartyRole[] =
    source === 'institution' ? ['institution'] : source === 'agreement' ? ['filer', 'countersigner'] : ['sender', 'receiver'];
  return entry.parties.slice(0, roles.length).map((p, i) => ({ role: roles[i], institutionId: p.institutionId }));
}

/** Every institution an entry names (its actor's and its parties'), for their names. */
export const institutionsOf = (entry: AuditEntry): string[] => [
  ...(entry.actor.institutionId ? [entry.actor.institutionId] : []),
  ...entry.parties.map((p) => p.institutionId),
];
