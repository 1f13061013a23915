/**
 * The regulator's server state (TanStack Query over the generated notification and registry clients):
 * a division's statistics over a period, the breakdown of the divisions inside it and their current
 * totals (the drill-down), findings by filter a page at a time, one finding, and institutions' names (one cached registry read per institution,
 * shared with the rest of the console).
 */
import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import type { operations as RegistryOperations } from '../../api/registry';
import { unwrap, type ApiClients } from '../../api/client';
import { useSession } from '../../auth/session';
import { useInstitutions as useSharedInstitutions } from '../../shared/institutions';
import type { Breakdown, FindingFilter, FindingsQuery, Statistics } from './model';
import { statisticsQuery, type Period } from './period';

export type Institution = RegistryOperations['GetInstitutionController_get']['responses'][200]['content']['application/json'];

const statisticsKey = (division: string, p: Period) => ['notification', 'statistics', division, p.from, p.to, p.granularity] as const;
export const institutionKey = (id: string) => ['registry', 'institution', id] as const;
const PAGE = 50;

function readStatistics(api: ApiClients, division: string, p: Period, signal: AbortSignal): Promise<Statistics> {
  // the generated type leaves `requested` unknown (see model.ts): the answer is read as the API documents it
  return unwrap(
    api.notification.GET('/v1/statistics', { params: { query: statisticsQuery(division, p) }, signal }),
  ) as Promise<unknown> as Promise<Statistics>;
}

/** A division's figures over a period (the regulator's own jurisdiction when `division` is theirs). */
export function useStatistics(division: string, period: Period) {
  const { api } = useSession();
  return useQuery({
    queryKey: statisticsKey(division, period),
    queryFn: ({ signal }) => readStatistics(api, division, period, signal),
    // another period of the same division: the figures read stay up (they say their own period) until the new ones come;
    // another division: nothing, rather than one division's figures under another's name
    placeholderData: (previous, query) => (query?.queryKey[2] === division ? previous : undefined),
  });
}

/**
 * The current totals of each division inside one (coverage, open findings, refusals: the breakdown
 * does not carry them), a request each, over the same period so that drilling into one is answered
 * from the cache.
 */
export function useChildStatistics(codes: string[], period: Period) {
  const { api } = useSession();
  return useQueries({
    queries: codes.map((division) => ({
      queryKey: statisticsKey(division, period),
      queryFn: ({ signal }: { signal: AbortSignal }) => readStatistics(api, division, period, signal),
    })),
  });
}

/** The period's figures of every division inside one, in one request (GET /v1/statistics/breakdown). */
export function useBreakdown(division: string, period: Period, enabled: boolean) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['notification', 'statistics-breakdown', division, period.from, period.to] as const,
    enabled,
    queryFn: ({ signal }) =>
      unwrap(
        api.notification.GET('/v1/statistics/breakdown', { params: { query: { division, from: period.from, to: period.to } }, signal }),
      ) as Promise<unknown> as Promise<Breakdown>,
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
      return unwrap(api.notification.GET('/v1/compliance/findings', { params: { query }, signal }));
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
