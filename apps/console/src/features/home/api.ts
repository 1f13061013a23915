/**
 * The home page's server state (TanStack Query over the generated clients): the agreement lists behind
 * its figures, each read whole (every page, as many as a home can hold); the referrals requested today,
 * sent and received; the receiving side's worklist (the desk's own query and cache); and the
 * institution's referral figures over the last 30 days. No list API answers a total, so each figure is
 * the number of rows its list holds: exact, or "at least" past MAX_PAGES pages.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import type { AgreementRow } from '../agreements/model';
import { useWorklist } from '../referrals/api';
import { useReferralLive } from '../referrals/live';
import type { Referral } from '../referrals/types';
import { AGREEMENT_QUERIES, type AgreementQueryKey, type InstitutionStatistics, type Whole } from './model';

/** The largest page the lists answer, and how many pages the home reads of one list at most. */
export const PAGE = 100;
export const MAX_PAGES = 10;

/** Every page of a keyset-paginated list (ADR 0004), up to MAX_PAGES of them. */
export async function readWhole<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<Whole<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < MAX_PAGES);
  return { items, truncated: !!cursor };
}

/**
 * The agreement lists the figures count, under the agreements lists' key (['contract', 'agreements']):
 * a move on an agreement anywhere in the console refreshes them.
 */
export function useAgreementLists() {
  const { api, principal } = useSession();
  const keys = Object.keys(AGREEMENT_QUERIES) as AgreementQueryKey[];
  const results = useQueries({
    queries: keys.map((key) => ({
      queryKey: ['contract', 'agreements', 'home', principal.institutionId ?? '', key],
      enabled: !!principal.institutionId,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        readWhole<AgreementRow>((cursor) =>
          unwrap(
            api.contract.GET('/v1/agreements', {
              params: { query: { ...AGREEMENT_QUERIES[key], limit: PAGE, ...(cursor ? { cursor } : {}) } },
              signal,
            }),
          ),
        ),
    })),
  });
  return Object.fromEntries(keys.map((k, i) => [k, results[i]])) as Record<AgreementQueryKey, (typeof results)[number]>;
}

/** The referrals requested on `day` (China time) that the institution sent, or received. */
export function useReferralsOfDay(side: 'sent' | 'received', day: string, enabled = true) {
  const { api, principal } = useSession();
  return useQuery({
    queryKey: ['referrals', 'home', principal.institutionId ?? '', side, day],
    enabled: enabled && !!principal.institutionId,
    queryFn: ({ signal }) =>
      readWhole<Referral>((cursor) =>
        unwrap(
          api.referral.GET('/v1/referrals', {
            params: { query: { side, from: day, to: day, limit: PAGE, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        ),
      ),
  });
}

/**
 * The receiving side's worklist, as the desk reads it (the same query: opening the desk after the home is
 * instant), kept current by the live stream while the home is open, like the desk; the stream also
 * refreshes the counts of today's referrals (applyReferral).
 */
export function useOpenIncoming(enabled: boolean) {
  const { principal } = useSession();
  useReferralLive();
  return useWorklist(enabled ? principal.institutionId : undefined);
}

/** The institution's own referral figures over the service's default period (the 30 days to today, China time). */
export function useInstitutionStatistics() {
  const { api, principal } = useSession();
  const institution = principal.institutionId;
  return useQuery({
    queryKey: ['notification', 'statistics', 'institution', institution ?? ''],
    enabled: !!institution,
    queryFn: ({ signal }) =>
      unwrap(
        api.notification.GET('/v1/statistics', { params: { query: { institution: institution! } }, signal }),
      ) as Promise<InstitutionStatistics>,
  });
}
