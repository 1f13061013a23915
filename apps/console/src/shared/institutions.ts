/**
 * Institutions by id, for their names: one cached registry read per distinct institution (the same
 * cache the shell and the register fill, kept ten minutes), however many rows name it.
 */
import { useQueries } from '@tanstack/react-query';
import type { operations } from '../api/registry';
import { unwrap } from '../api/client';
import { useSession } from '../auth/session';

export type Institution = operations['GetInstitutionController_get']['responses'][200]['content']['application/json'];

export const institutionKey = (id: string) => ['registry', 'institution', id] as const;

export function useInstitutions(ids: readonly (string | null | undefined)[]) {
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

/** An institution's name by id (undefined until read, or when it cannot be). */
export function useInstitutionNames(ids: readonly (string | null | undefined)[]): (id: string | null | undefined) => string | undefined {
  const byId = useInstitutions(ids);
  return (id) => (id ? byId.get(id)?.data?.name : undefined);
}
