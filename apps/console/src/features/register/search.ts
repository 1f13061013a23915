/**
 * The register's search: filters as the API takes them (the generated query type), kept in the page's
 * URL (a link or a reload shows the same list; a sign-in round trip comes back to it), and the queries.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { operations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';

export type SearchQuery = NonNullable<operations['SearchInstitutionsController_search']['parameters']['query']>;
export type Filters = Omit<SearchQuery, 'cursor' | 'limit'>;
export type SearchPage = operations['SearchInstitutionsController_search']['responses'][200]['content']['application/json'];
export type Institution = operations['GetInstitutionController_get']['responses'][200]['content']['application/json'];
export type InstitutionRow = SearchPage['items'][number];

const FILTER_KEYS = [
  'category',
  'kind',
  'capability',
  'status',
  'division',
  'near',
  'radiusKm',
] as const satisfies readonly (keyof Filters)[];
const PAGE_SIZE = 20;

/** Status tags: a colour and always the word (colour is never the only signal); white text at AA contrast. */
export const STATUS_COLOURS = { ACTIVE: '#237804', SUSPENDED: '#ad4e00', REVOKED: '#a8071a' } as const;

/** Filters from the URL's search part; unknown or empty parameters are ignored (the API validates the rest). */
export function filtersFromSearch(search: URLSearchParams): Filters {
  const filters: Record<string, string | number> = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (!value) continue;
    filters[key] = key === 'radiusKm' ? Number(value) : value;
  }
  return filters as Filters;
}

export function searchFromFilters(filters: Filters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== null && String(value).trim() !== '') search.set(key, String(value).trim());
  }
  return search;
}

export function useInstitutionSearch(filters: Filters) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['registry', 'institutions', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.registry.GET('/v1/institutions', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInstitution(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['registry', 'institution', id],
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.registry.GET('/v1/institutions/{id}', { params: { path: { id: id! } }, signal })),
  });
}
