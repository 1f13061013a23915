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
import { institutionKey } from '../../shared/institutions';
import { useFileUpload, type ChosenFile } from '../../shared/FileTransfer';
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

export { institutionKey, useInstitutions, type Institution } from '../../shared/institutions';
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

const PAGE = 50;
/** the summary's counts read one page of this size per status; beyond it they say "100+" */
const COUNT_PAGE = 100;

/** If-Match as the services read it: the version, quoted like an ETag. */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** One agreement in full (the service answers it `no-store`: it carries more than its version tags). */
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

export type DocumentVersion = operations['ReadDocumentsController_list']['responses'][200]['content']['application/json']['items'][number];

const documentsKey = (id: string) => [...agreementKey(id), 'documents'] as const;
/** Under the console's /api/: the bytes of one version of the signed document, and the printed summary. */
export const documentPath = (id: string, version: number) => `/contract/v1/agreements/${id}/documents/${version}`;
export const summaryPath = (id: string) => `/contract/v1/agreements/${id}/summary.pdf`;

/** The versions of the signed document, newest first. */
export function useAgreementDocuments(id: string, enabled = true) {
  const { api } = useSession();
  return useQuery({
    queryKey: documentsKey(id),
    enabled,
    queryFn: ({ signal }) => unwrap(api.contract.GET('/v1/agreements/{id}/documents', { params: { path: { id } }, signal })),
  });
}

/**
 * The signed document uploaded to an agreement at the version read (If-Match), its SHA-256 and name
 * with it; the answer is the agreement at its new version. The Idempotency-Key names the version and
 * the file, so a retry after a lost answer replays it.
 */
export function useUploadDocument() {
  const upload = useFileUpload();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ agreement, chosen }: { agreement: Pick<Agreement, 'id' | 'version'>; chosen: ChosenFile }) =>
      upload.send<Agreement>({
        path: `/contract/v1/agreements/${agreement.id}/documents`,
        file: chosen.file,
        fileName: chosen.fileName,
        mediaType: chosen.mediaType,
        sha256: chosen.sha256,
        headers: {
          ...ifMatch(agreement.version),
          'Idempotency-Key': `document-${agreement.id}-v${agreement.version}-${chosen.sha256.slice(0, 16)}`,
        },
      }),
    onSuccess: (changed) => {
      afterChange(client, changed);
      void client.invalidateQueries({ queryKey: documentsKey(changed.id) });
    },
  });
  return { ...mutation, percent: upload.percent };
}

/** A DRAFT's content replaced (the filing retried after its document failed to upload). */
export function useEditDraft() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ agreement, body }: { agreement: Pick<Agreement, 'id' | 'version'>; body: FileBody }) => {
      const { elderlyInstitutionId: _e, medicalInstitutionId: _m, ...content } = body;
      return unwrap(
        api.contract.PATCH('/v1/agreements/{id}', {
          params: { path: { id: agreement.id }, header: ifMatch(agreement.version) },
          body: content,
        }),
      );
    },
    onSuccess: (changed) => afterChange(client, changed),
  });
}

/** Rows of a list, with the institutions they name. */
export const partiesOf = (rows: (AgreementRow | Agreement)[]) => rows.flatMap((a) => [a.elderlyInstitutionId, a.medicalInstitutionId]);
