/**
 * The agreements' server state (TanStack Query over the generated contract and registry clients):
 * lists by filter, one agreement with its history, the institutions' names (one cached query per
 * institution, shared with the rest of the console), the medical institutions to choose from, and every
 * move, sent with the version read (If-Match) and an Idempotency-Key.
 */
import { useEffect, useMemo } from 'react';
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/contract';
import type { operations as RegistryOperations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import {
  FILTERS,
  needsAnswer,
  sideOf,
  type Agreement,
  type AgreementPage,
  type AgreementRow,
  type ContentBody,
  type FileBody,
  type FilterKey,
  type FilterQuery,
} from './model';

export type Institution = RegistryOperations['GetInstitutionController_get']['responses'][200]['content']['application/json'];
type SearchQuery = NonNullable<RegistryOperations['SearchInstitutionsController_search']['parameters']['query']>;

/*
 * Gaps of the contract service's OpenAPI document, not of this client: the list's filters and the bodies
 * of reject, terminate and renew are validated by DTO classes declared in controller files, which the
 * swagger plugin does not read, so the generated types say `{ cursor, limit }` and `Record<string, never>`.
 * They are composed here from the generated types they mirror; once those classes move to *.dto.ts
 * files, `npm run console:api` types them and these four lines can go.
 */
type ListQuery = NonNullable<operations['ListAgreementsController_list']['parameters']['query']> &
  FilterQuery & { counterparty?: Agreement['medicalInstitutionId'] };
export type ReasonBody = Pick<components['schemas']['ScheduledTermination'], 'reason'>;
export type TerminateBody = Pick<components['schemas']['ScheduledTermination'], 'reason' | 'effectiveOn'>;
export type RenewBody = {
  term: Partial<Pick<components['schemas']['TermDto'], 'effectiveFrom'>> & Pick<components['schemas']['TermDto'], 'effectiveTo'>;
};
const undocumented = (body: ReasonBody | TerminateBody | RenewBody) => body as never;

export const agreementKey = (id: string) => ['contract', 'agreement', id] as const;
const LISTS = ['contract', 'agreements'] as const;
export const institutionKey = (id: string) => ['registry', 'institution', id] as const;

const PAGE = 50;
/** the summary's counts read one page of this size per status; beyond it they say "100+" */
const COUNT_PAGE = 100;

/** If-Match as the services read it: the version, quoted like an ETag. */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useAgreement(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: agreementKey(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.contract.GET('/v1/agreements/{id}', { params: { path: { id: id! } }, signal })),
  });
}

/**
 * One filter's agreements, a page at a time. A filter of several statuses (the API takes one) asks for
 * each at once: the page parameter holds each query's cursor (null once it is exhausted). Each page is
 * put in a useful order (ending soonest first among those in force, else latest change first); a page
 * loaded later is appended, so rows never move under the person's cursor.
 */
export function useAgreementList(filter: FilterKey) {
  const { api, principal } = useSession();
  const queries = FILTERS[filter];
  const ending = filter === 'inForce' || filter === 'expiring';
  return useInfiniteQuery({
    queryKey: [...LISTS, 'list', filter],
    initialPageParam: queries.map(() => undefined) as (string | null | undefined)[],
    queryFn: async ({ pageParam, signal }) => {
      const pages = await Promise.all(
        queries.map((q, i) => {
          const cursor = pageParam[i];
          if (cursor === null) return Promise.resolve(undefined);
          const query: ListQuery = { ...q, limit: PAGE, ...(cursor ? { cursor } : {}) };
          return unwrap(api.contract.GET('/v1/agreements', { params: { query }, signal }));
        }),
      );
      const items = pages
        .flatMap((p) => p?.items ?? [])
        .filter((a) => filter !== 'attention' || needsAnswer(a, sideOf(a, principal)))
        .sort((a, b) => (ending ? a.term.effectiveTo.localeCompare(b.term.effectiveTo) : b.updatedAt.localeCompare(a.updatedAt)));
      return { items, cursors: pages.map((p) => p?.nextCursor ?? null) };
    },
    getNextPageParam: (last) => (last.cursors.some((c) => c !== null) ? last.cursors : undefined),
  });
}

/** How many agreements each filter holds (the first page of each of its queries; a shared cache per query). */
export function useFilterCounts(filters: FilterKey[]): Partial<Record<FilterKey, { count: number; more: boolean }>> {
  const { api, principal } = useSession();
  const distinct = useMemo(() => {
    const seen = new Map<string, FilterQuery>();
    for (const f of filters) for (const q of FILTERS[f]) seen.set(JSON.stringify(q), q);
    return [...seen.values()];
  }, [filters]);
  const pages = useQueries({
    queries: distinct.map((q) => ({
      queryKey: [...LISTS, 'first', q],
      queryFn: ({ signal }: { signal: AbortSignal }) => {
        const query: ListQuery = { ...q, limit: COUNT_PAGE };
        return unwrap(api.contract.GET('/v1/agreements', { params: { query }, signal }));
      },
    })),
  });
  const counts: Partial<Record<FilterKey, { count: number; more: boolean }>> = {};
  for (const f of filters) {
    const mine = FILTERS[f].map((q) => pages[distinct.findIndex((d) => JSON.stringify(d) === JSON.stringify(q))]?.data);
    if (mine.some((p) => !p)) continue;
    const loaded = mine as AgreementPage[];
    const items = loaded.flatMap((p) => p.items);
    counts[f] = {
      count: f === 'attention' ? items.filter((a) => needsAnswer(a, sideOf(a, principal))).length : items.length,
      more: loaded.some((p) => !!p.nextCursor),
    };
  }
  return counts;
}

/**
 * Institutions by id, for names: one cached registry read per distinct institution (shared with the
 * shell and the directory, kept ten minutes), however many rows name it.
 */
export function useInstitutions(ids: (string | undefined)[]) {
  const { api } = useSession();
  const unique = [...new Set(ids.filter((id): id is string => !!id))].sort();
  return useQueries({
    queries: unique.map((id) => ({
      queryKey: institutionKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.registry.GET('/v1/institutions/{id}', { params: { path: { id } }, signal })),
      staleTime: 10 * 60_000,
    })),
    combine: (results) => {
      const byId = new Map<string, { data?: Institution; failed: boolean }>();
      results.forEach((r, i) => byId.set(unique[i], { data: r.data, failed: !!r.error }));
      return byId;
    },
  });
}

export interface CandidateFilter {
  kind?: SearchQuery['kind'];
  /** a division prefix (2, 4 or 6 digits), or none for the whole country */
  division?: string;
}

const CANDIDATE_PAGE = 100;
const CANDIDATE_LIMIT = 500;

/**
 * The medical institutions a nursing home may choose as the other party: ACTIVE, in the area and of
 * the kind asked, a few pages at most (the registry has no search by name: names are matched here).
 */
export function useMedicalCandidates(filter: CandidateFilter, enabled: boolean) {
  const { api } = useSession();
  const client = useQueryClient();
  const search = useInfiniteQuery({
    queryKey: ['registry', 'institutions', 'candidates', filter],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const query: SearchQuery = {
        status: 'ACTIVE',
        limit: CANDIDATE_PAGE,
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.division ? { division: filter.division } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      };
      const page = await unwrap(api.registry.GET('/v1/institutions', { params: { query }, signal }));
      // each one found is an institution read: its name is known without asking again
      for (const i of page.items) if (!client.getQueryData(institutionKey(i.id))) client.setQueryData(institutionKey(i.id), i);
      return page;
    },
    getNextPageParam: (last, all) => (last.nextCursor && all.length * CANDIDATE_PAGE < CANDIDATE_LIMIT ? last.nextCursor : undefined),
    staleTime: 5 * 60_000,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = search;
  useEffect(() => {
    if (enabled && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [enabled, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const items = useMemo(
    () => (search.data?.pages.flatMap((p) => p.items) ?? []).filter((i) => i.category !== 'ELDERLY_CARE'),
    [search.data],
  );
  return {
    items,
    loading: search.isPending && enabled,
    fetching: search.isFetching,
    error: search.error,
    truncated: !!search.data?.pages.at(-1)?.nextCursor,
  };
}

/** Every move on an agreement, with what it needs besides the id and the version read. */
export type Move =
  | { kind: 'submit' | 'countersign' | 'countersignAmendment' }
  | { kind: 'reject' | 'rejectAmendment'; body: ReasonBody }
  | { kind: 'terminate'; body: TerminateBody }
  | { kind: 'renew'; body: RenewBody }
  | { kind: 'amend'; body: ContentBody };

function afterChange(client: QueryClient, changed: Agreement, also?: string) {
  client.setQueryData(agreementKey(changed.id), (old: Agreement | undefined) => ({
    ...changed,
    renewals: changed.renewals ?? old?.renewals,
  }));
  void client.invalidateQueries({ queryKey: LISTS });
  if (also) void client.invalidateQueries({ queryKey: agreementKey(also) });
}

/**
 * A move on an agreement at the version the person read: a stale version answers 409, shown with a
 * reload. The Idempotency-Key names the move and the version, so a retry after a lost answer replays it.
 */
export function useAgreementMove() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ agreement, move }: { agreement: Pick<Agreement, 'id' | 'version'>; move: Move }): Promise<Agreement> => {
      const path = { id: agreement.id };
      const header = ifMatch(agreement.version);
      const headers = { 'Idempotency-Key': `${move.kind}-${agreement.id}-v${agreement.version}` };
      const c = api.contract;
      switch (move.kind) {
        case 'submit':
          return unwrap(c.POST('/v1/agreements/{id}/submit', { params: { path, header }, headers }));
        case 'countersign':
          return unwrap(c.POST('/v1/agreements/{id}/countersign', { params: { path, header }, headers }));
        case 'reject':
          return unwrap(c.POST('/v1/agreements/{id}/reject', { params: { path, header }, headers, body: undocumented(move.body) }));
        case 'terminate':
          return unwrap(c.POST('/v1/agreements/{id}/terminate', { params: { path, header }, headers, body: undocumented(move.body) }));
        case 'renew':
          return unwrap(c.POST('/v1/agreements/{id}/renew', { params: { path, header }, headers, body: undocumented(move.body) }));
        case 'amend':
          return unwrap(c.POST('/v1/agreements/{id}/amend', { params: { path, header }, headers, body: move.body }));
        case 'countersignAmendment':
          return unwrap(c.POST('/v1/agreements/{id}/amendment/countersign', { params: { path, header }, headers }));
        case 'rejectAmendment':
          return unwrap(
            c.POST('/v1/agreements/{id}/amendment/reject', { params: { path, header }, headers, body: undocumented(move.body) }),
          );
      }
    },
    onSuccess: (changed, { agreement, move }) => afterChange(client, changed, move.kind === 'renew' ? agreement.id : undefined),
  });
}

/** Filing: a DRAFT (201), then, when asked, its submission at version 1. */
export function useFileAgreement() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: FileBody; key: string }) =>
      unwrap(api.contract.POST('/v1/agreements', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: (created) => afterChange(client, created),
  });
}

/** Rows of a list, with the institutions they name. */
export const partiesOf = (rows: (AgreementRow | Agreement)[]) => rows.flatMap((a) => [a.elderlyInstitutionId, a.medicalInstitutionId]);
