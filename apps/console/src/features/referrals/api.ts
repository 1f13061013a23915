/**
 * The referral screens' server state (TanStack Query over the generated clients): the receiving
 * side's worklist, what the institution sent, one referral, the steps, a new referral, the partners a
 * nursing home may refer to, and institutions' names. Every answer that carries a referral goes into
 * every list that shows it (no refetch after a step, none per row).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { unwrap, type ApiClients } from '../../api/client';
import type { operations } from '../../api/referral';
import { ApiProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { useFileUpload, type ChosenFile } from '../../shared/FileTransfer';
import { observeServerClock } from './countdown';
import {
  OPEN_INCOMING,
  type AcceptBody,
  type CancelBody,
  type CompleteBody,
  type NewReferral,
  type OutgoingPage,
  type Referral,
  type ReferralStatus,
  type RejectBody,
  type ReturnBody,
} from './types';

export const referralKeys = {
  queue: (institutionId: string) => ['referrals', 'queue', institutionId] as const,
  outgoing: (institutionId: string) => ['referrals', 'outgoing', institutionId] as const,
  detail: (id: string) => ['referrals', 'detail', id] as const,
  partners: (institutionId: string) => ['contract', 'referral-partners', institutionId] as const,
};
/** The same key the shell uses for the person's own institution: one cache of names for the console. */
export { institutionKey } from '../../shared/institutions';

export interface Worklist {
  items: Referral[];
  /** more than the worklist loads at once (1,000): the oldest beyond are not shown */
  truncated: boolean;
}

const QUEUE_PAGE = 100;
const QUEUE_PAGES = 10;

/**
 * `status` is a filter the queue takes (README, and the service's QueueQuery) but its OpenAPI document
 * does not declare yet, so it is added when the query string is written rather than typed by hand.
 */
const withStatuses =
  (statuses: readonly ReferralStatus[]) =>
  (query: { cursor?: string; limit?: number }): string => {
    const search = new URLSearchParams({ status: statuses.join(',') });
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    if (query.cursor) search.set('cursor', query.cursor);
    return search.toString();
  };

const learnClock = (items: readonly Referral[]) => {
  const at = Date.now();
  const timed = items.find((r) => r.timeLeftSeconds !== null);
  if (timed) observeServerClock(timed, at);
};

async function loadWorklist(api: ApiClients, signal: AbortSignal): Promise<Worklist> {
  const items: Referral[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await unwrap(
      api.referral.GET('/v1/referrals/queue', {
        params: { query: { limit: QUEUE_PAGE, ...(cursor ? { cursor } : {}) } },
        querySerializer: withStatuses(OPEN_INCOMING),
        signal,
      }),
    );
    learnClock(page.items);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < QUEUE_PAGES);
  return { items, truncated: !!cursor };
}

/**
 * The receiving side's worklist: everything still to do (waiting for an answer, expected, admitted),
 * loaded whole and kept current by the live stream (useReferralLive), not by polling; refetched when
 * the person comes back to the tab, since colleagues' steps are not announced on the stream.
 */
export function useWorklist(institutionId: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: referralKeys.queue(institutionId ?? ''),
    enabled: !!institutionId,
    queryFn: ({ signal }) => loadWorklist(api, signal),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: true,
  });
}

export function useOutgoing(institutionId: string | undefined) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: referralKeys.outgoing(institutionId ?? ''),
    enabled: !!institutionId,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const page = await unwrap(
        api.referral.GET('/v1/referrals/outgoing', {
          params: { query: { limit: 30, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      );
      learnClock(page.items);
      return page;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 5 * 60_000,
  });
}

export async function fetchReferral(api: ApiClients, id: string, signal?: AbortSignal): Promise<Referral> {
  const referral = await unwrap(api.referral.GET('/v1/referrals/{id}', { params: { path: { id } }, signal }));
  learnClock([referral]);
  return referral;
}

export function useReferral(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: referralKeys.detail(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => fetchReferral(api, id!, signal),
    staleTime: 30_000,
  });
}

// ---- one referral into every list that shows it

/** Where a referral changed (a step's answer, a fetched one after a notice) goes: the detail, the worklist, the sent list. */
export function applyReferral(client: QueryClient, institutionId: string | undefined, referral: Referral): void {
  const old = client.getQueryData<Referral>(referralKeys.detail(referral.id));
  // an older answer (a late notice's fetch) never overwrites a newer one
  if (old && old.version > referral.version) return;
  client.setQueryData(
    referralKeys.detail(referral.id),
    old?.history && !referral.history ? { ...referral, history: old.history } : referral,
  );
  if (!institutionId) return;
  // the home page's counts of today's referrals: read again when next shown
  void client.invalidateQueries({ queryKey: ['referrals', 'home', institutionId] });
  if (referral.toInstitutionId === institutionId) {
    client.setQueryData<Worklist>(referralKeys.queue(institutionId), (list) =>
      list ? { ...list, items: upsertWorklist(list.items, referral) } : list,
    );
  }
  if (referral.fromInstitutionId === institutionId) {
    client.setQueryData<InfiniteData<OutgoingPage>>(referralKeys.outgoing(institutionId), (data) =>
      data ? upsertOutgoing(data, referral) : data,
    );
  }
}

/** The worklist with this referral in (still open), replaced (newer) or out (answered, closed). */
export function upsertWorklist(items: readonly Referral[], referral: Referral): Referral[] {
  const at = items.findIndex((r) => r.id === referral.id);
  if (at >= 0 && items[at].version > referral.version) return [...items];
  const open = OPEN_INCOMING.includes(referral.status);
  if (at < 0) return open ? [...items, referral] : [...items];
  return open ? items.map((r, i) => (i === at ? referral : r)) : items.filter((_, i) => i !== at);
}

function upsertOutgoing(data: InfiniteData<OutgoingPage>, referral: Referral): InfiniteData<OutgoingPage> {
  let found = false;
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((r) => {
      if (r.id !== referral.id) return r;
      found = true;
      return r.version > referral.version ? r : referral;
    }),
  }));
  if (!found && pages.length > 0) pages[0] = { ...pages[0], items: [referral, ...pages[0].items] };
  return { ...data, pages };
}

// ---- the steps

export type StepInput =
  | { action: 'receive' | 'release' | 'arrive' }
  | { action: 'accept'; body: AcceptBody }
  | { action: 'reject'; body: RejectBody }
  | { action: 'return'; body: ReturnBody }
  | { action: 'complete'; body: CompleteBody }
  | { action: 'cancel'; body: CancelBody };

export type Step = StepInput & { referral: Referral };

async function takeStep(api: ApiClients, step: Step): Promise<Referral> {
  const params = { path: { id: step.referral.id }, header: { 'If-Match': `"${step.referral.version}"` } };
  switch (step.action) {
    case 'receive':
      return unwrap(api.referral.POST('/v1/referrals/{id}/receive', { params }));
    case 'release':
      return unwrap(api.referral.POST('/v1/referrals/{id}/release', { params }));
    case 'arrive':
      return unwrap(api.referral.POST('/v1/referrals/{id}/arrive', { params }));
    case 'accept':
      return unwrap(api.referral.POST('/v1/referrals/{id}/accept', { params, body: step.body }));
    case 'reject':
      return unwrap(api.referral.POST('/v1/referrals/{id}/reject', { params, body: step.body }));
    case 'return':
      return unwrap(api.referral.POST('/v1/referrals/{id}/return', { params, body: step.body }));
    case 'complete':
      return unwrap(api.referral.POST('/v1/referrals/{id}/complete', { params, body: step.body }));
    case 'cancel':
      return unwrap(api.referral.POST('/v1/referrals/{id}/cancel', { params, body: step.body }));
  }
}

/**
 * A step on a referral (If-Match: the version shown). Its answer goes into every list; a refusal
 * because someone else moved it first (409) reloads the referral, so the screen shows what is true.
 */
export function useReferralStep() {
  const { api, principal } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: Step) => takeStep(api, step),
    onSuccess: (referral) => applyReferral(client, principal.institutionId, referral),
    onError: (error, step) => {
      if (error instanceof ApiProblem && (error.status === 409 || error.status === 404)) {
        void fetchReferral(api, step.referral.id).then(
          (fresh) => applyReferral(client, principal.institutionId, fresh),
          () => undefined,
        );
      }
    },
  });
}

export function useRequestReferral() {
  const { api, principal } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewReferral) => unwrap(api.referral.POST('/v1/referrals', { body })),
    onSuccess: (referral) => {
      learnClock([referral]);
      applyReferral(client, principal.institutionId, referral);
    },
  });
}

// ---- whom a nursing home may refer to

export interface Partner {
  institutionId: string;
  /** an agreement in force covers two-way referral (any priority) */
  twoWay: boolean;
  /** an agreement in force covers the emergency green channel (EMERGENCY only) */
  greenChannel: boolean;
}

/** Medical institutions this elderly-care institution has an ACTIVE agreement with, and what it covers. */
export function usePartners(institutionId: string | undefined) {
  const { api } = useSession();
  return useQuery({
    queryKey: referralKeys.partners(institutionId ?? ''),
    enabled: !!institutionId,
    staleTime: 10 * 60_000,
    queryFn: async ({ signal }) => {
      const partners = new Map<string, Partner>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await unwrap(
          api.contract.GET('/v1/agreements', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } }, signal }),
        );
        for (const a of page.items) {
          if (a.status !== 'ACTIVE' || a.elderlyInstitutionId !== institutionId) continue;
          const codes = a.services.map((s) => s.code);
          const twoWay = codes.includes('TWO_WAY_REFERRAL');
          const greenChannel = codes.includes('EMERGENCY_GREEN_CHANNEL');
          if (!twoWay && !greenChannel) continue;
          const known = partners.get(a.medicalInstitutionId);
          partners.set(a.medicalInstitutionId, {
            institutionId: a.medicalInstitutionId,
            twoWay: twoWay || !!known?.twoWay,
            greenChannel: greenChannel || !!known?.greenChannel,
          });
        }
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      return [...partners.values()];
    },
  });
}

// ---- attachments and the printed form

export type Attachment = operations['ListAttachmentsController_list']['responses'][200]['content']['application/json']['items'][number];
type AddedAttachment = operations['AddAttachmentController_add']['responses'][201]['content']['application/json'];

const attachmentsKey = (id: string) => [...referralKeys.detail(id), 'attachments'] as const;
/** Under the console's /api/: one attachment's bytes, and the printed form (双向转诊单 or 回转单). */
export const attachmentPath = (id: string, attachmentId: string) => `/referral/v1/referrals/${id}/attachments/${attachmentId}`;
export const referralFormPath = (id: string) => `/referral/v1/referrals/${id}/form.pdf`;

/** The files attached to a referral, oldest first (only the two institutions' staff may read them). */
export function useAttachments(id: string, enabled: boolean) {
  const { api } = useSession();
  return useQuery({
    queryKey: attachmentsKey(id),
    enabled,
    queryFn: ({ signal }) => unwrap(api.referral.GET('/v1/referrals/{id}/attachments', { params: { path: { id } }, signal })),
  });
}

/**
 * A file attached at the referral's version (If-Match); the referral is read again afterwards (adding
 * a file moves its version without an event).
 */
export function useAddAttachment() {
  const { api, principal } = useSession();
  const upload = useFileUpload();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ referral, chosen }: { referral: Pick<Referral, 'id' | 'version'>; chosen: ChosenFile }) =>
      upload.send<AddedAttachment>({
        path: `/referral/v1/referrals/${referral.id}/attachments`,
        file: chosen.file,
        fileName: chosen.fileName,
        mediaType: chosen.mediaType,
        sha256: chosen.sha256,
        headers: {
          'If-Match': `"${referral.version}"`,
          'Idempotency-Key': `attach-${referral.id}-v${referral.version}-${chosen.sha256.slice(0, 16)}`,
        },
      }),
    onSuccess: (_, { referral }) => {
      void client.invalidateQueries({ queryKey: attachmentsKey(referral.id) });
      void fetchReferral(api, referral.id).then(
        (fresh) => applyReferral(client, principal.institutionId, fresh),
        () => undefined,
      );
    },
  });
  return { ...mutation, percent: upload.percent };
}

// ---- institutions by name

export { useInstitutionNames } from '../../shared/institutions';
