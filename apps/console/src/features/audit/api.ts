/**
 * The audit trail's server state (TanStack Query over the generated clients): a trail's entries by
 * filter a page at a time from the service that keeps it, institutions by name for the filter, the
 * status history of the record an entry changed (for the drawer), and the CSV export with the token.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { fetchFile, saveBlob, type FileCaller } from '../../shared/files';
import { institutionKey, useInstitutionNames } from '../../shared/institutions';
import { exportPath, queryOf, type AuditFilter, type AuditPage, type AuditQuery, type Source } from './model';

export const PAGE_SIZE = 50;

/** A page of a trail, newest first (the three services answer the same `GET /v1/audit`). */
export function useAuditEntries(source: Source, filter: AuditFilter) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['audit', source, filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }): Promise<AuditPage> => {
      const query: AuditQuery = { ...queryOf(filter), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) };
      const options = { params: { query }, signal };
      switch (source) {
        case 'institution':
          return unwrap(api.registry.GET('/v1/audit', options));
        case 'agreement':
          return unwrap(api.contract.GET('/v1/audit', options));
        case 'referral':
          return unwrap(api.referral.GET('/v1/audit', options));
      }
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Institutions whose name holds `q` (the registry's search), for the institution filter; each found is a name known. */
export function useInstitutionSearch(q: string) {
  const { api } = useSession();
  const client = useQueryClient();
  const text = q.trim();
  return useQuery({
    queryKey: ['registry', 'institutions', 'audit-filter', text],
    enabled: text.length > 0,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const page = await unwrap(api.registry.GET('/v1/institutions', { params: { query: { q: text, limit: 20 } }, signal }));
      for (const i of page.items) if (!client.getQueryData(institutionKey(i.id))) client.setQueryData(institutionKey(i.id), i);
      return page.items;
    },
  });
}

export { useInstitutionNames };

/** One status line of a record's history: what the entry at that version moved. */
export interface HistoryLine {
  at: string;
  from: string | null;
  to: string;
}

/**
 * The status history of the agreement or referral an entry changed (line v is version v), for the
 * drawer's exact "from → to"; the registry keeps no such history (its life cycle tells it).
 */
export function useRecordHistory(source: Source, id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['audit', 'history', source, id ?? ''],
    enabled: !!id && source !== 'institution',
    retry: false,
    queryFn: async ({ signal }): Promise<HistoryLine[]> => {
      const path = { path: { id: id! } };
      if (source === 'agreement') {
        const a = await unwrap(api.contract.GET('/v1/agreements/{id}', { params: path, signal }));
        return (a.history ?? []).map((h) => ({ at: h.at, from: h.from, to: h.to }));
      }
      const r = await unwrap(api.referral.GET('/v1/referrals/{id}', { params: path, signal }));
      return (r.history ?? []).map((h) => ({ at: h.at, from: h.from, to: h.to }));
    },
  });
}

/** The line of the history the entry's version wrote, when it is the same change (same instant). */
export function lineOf(history: readonly HistoryLine[] | undefined, entry: { version: number; at: string }): HistoryLine | undefined {
  const line = history?.[entry.version - 1];
  if (!line) return undefined;
  return Math.abs(new Date(line.at).getTime() - new Date(entry.at).getTime()) < 1000 ? line : undefined;
}

/** Downloads the trail as CSV with the same filters (the service's file, saved under its name). */
export async function exportCsv(caller: FileCaller, source: Source, filter: AuditFilter, fallbackName: string): Promise<void> {
  saveBlob(await fetchFile(caller, exportPath(source, filter), fallbackName));
}
