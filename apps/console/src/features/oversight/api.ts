/**
 * The regulator's server state (TanStack Query over the generated notification and registry clients):
 * a division's statistics, the same for each division inside it (the drill-down), findings by filter a
 * page at a time, one finding, and institutions' names (one cached registry read per institution,
 * shared with the rest of the console).
 */
import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import type { operations as RegistryOperations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { useInstitutions as useSharedInstitutions } from '../../shared/institutions';
import type { FindingFilter, FindingsQuery, Statistics, StatisticsQuery } from './model';

export type Institution = RegistryOperations['GetInstitutionController_get']['responses'][200]['content']['application/json'];

/** the query classes the OpenAPI document does not type yet (see model.ts) */
const undocumented = (query: StatisticsQuery | FindingsQuery) => query as never;

const statisticsKey = (division: string) => ['notification', 'statistics', division] as const;
export const institutionKey = (id: string) => ['registry', 'institution', id] as const;
const PAGE = 50;

/** A division's figures (the regulator's own jurisdiction when `division` is theirs). */
export function useStatistics(division: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: statisticsKey(division),
    queryFn: ({ signal }) =>
      unwrap(api.notification.GET('/v1/statistics', { params: { query: undocumented({ division }) }, signal })) as Promise<Statistics>,
  });
}

/** The figures of each division inside one (a request each: the API sums one division at a time). */
export function useChildStatistics(codes: string[]) {
  const { api } = useSession();
  return useQueries({
    queries: codes.map((division) => ({
      queryKey: statisticsKey(division),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.notification.GET('/v1/statistics', { params: { query: undocumented({ division }) }, signal })) as Promise<Statistics>,
    })),
  });
}

export function useFindings(filter: FindingFilter) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['notification', 'findings', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      const query: FindingsQuery = {
        limit: PAGE,
        ...(filter.rule ? { rule: filter.rule } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.division ? { division: filter.division } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      };
      return unwrap(api.notification.GET('/v1/compliance/findings', { params: { query: undocumented(query) }, signal }));
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useFinding(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['notification', 'finding', id ?? ''],
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.notification.GET('/v1/compliance/findings/{id}', { params: { path: { id: id! } }, signal })),
  });
}

/** Institutions by id, for their names (the console's one cached read per institution). */
export function useInstitutions(ids: string[]): Map<string, { name?: string; failed: boolean }> {
  const byId = useSharedInstitutions(ids);
  return new Map([...byId].map(([id, i]) => [id, { name: i.data?.name, failed: i.failed }]));
}
