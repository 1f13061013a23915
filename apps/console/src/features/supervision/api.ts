/**
 * The regulator's lists (TanStack Query over the generated contract, referral and registry clients):
 * the agreements and the referrals of the jurisdiction by filter, a page at a time; one agreement or
 * referral as a regulator may read it; institutions found by name inside the jurisdiction (the
 * institution filter); and names the lists did not carry (the console's one cached read per institution).
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { operations as RegistryOperations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { useInstitutions } from '../../shared/institutions';
import { agreementQuery, referralSearch, type AgreementFilter, type NameOf, type ReferralFilter } from './model';

export const PAGE = 50;

type SearchQuery = NonNullable<RegistryOperations['SearchInstitutionsController_search']['parameters']['query']>;

export function useAgreementList(filter: AgreementFilter) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['contract', 'supervision', 'agreements', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.contract.GET('/v1/agreements', {
          params: { query: { ...agreementQuery(filter), limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReferralList(filter: ReferralFilter) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['referral', 'supervision', 'referrals', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.referral.GET('/v1/referrals', {
          params: { query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
          // status is comma-separated, as the service reads it (model.ts)
          querySerializer: () => referralSearch(filter, { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAgreementDetail(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['contract', 'agreement', id ?? ''],
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.contract.GET('/v1/agreements/{id}', { params: { path: { id: id! } }, signal })),
  });
}

export function useReferralDetail(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    // not the referral screens' key: a regulator's read is the masked one
    queryKey: ['referral', 'supervision', 'referral', id ?? ''],
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.referral.GET('/v1/referrals/{id}', { params: { path: { id: id! } }, signal })),
  });
}

/** Institutions of the jurisdiction whose name holds `q` (nothing asked for an empty one). */
export function useInstitutionSearch(q: string, division: string) {
  const { api } = useSession();
  const text = q.trim();
  return useQuery({
    queryKey: ['registry', 'supervision', 'search', division, text],
    enabled: text.length > 0,
    queryFn: ({ signal }) => {
      const query: SearchQuery = { q: text, limit: 20, ...(division ? { division } : {}) };
      return unwrap(api.registry.GET('/v1/institutions', { params: { query }, signal }));
    },
    staleTime: 60_000,
  });
}

/** Names by id from the registry, for the institutions a list did not name (ids it did name are not asked). */
export function useRegistryNames(ids: readonly string[]): NameOf {
  const byId = useInstitutions(ids);
  return (id) => byId.get(id)?.data?.name;
}
