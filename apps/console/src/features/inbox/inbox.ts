/** The inbox's server state: the list (unread first, newest first), the unread count, marking read. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { operations } from '../../api/notification';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { useI18n, type Lang } from '../../i18n/i18n';

export type InboxPage = operations['InboxController_list']['responses'][200]['content']['application/json'];
export type Notice = InboxPage['items'][number];
type UnreadCount = operations['InboxController_unreadCount']['responses'][200]['content']['application/json'];

const acceptLanguage = (lang: Lang) => (lang === 'en' ? 'en' : 'zh-CN');
export const inboxKey = (lang: Lang) => ['inbox', 'list', lang] as const;
export const unreadKey = ['inbox', 'unread'] as const;

export function useInbox() {
  const { api } = useSession();
  const { lang } = useI18n();
  return useInfiniteQuery({
    queryKey: inboxKey(lang),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.notification.GET('/v1/inbox', {
          params: {
            query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
            header: { 'accept-language': acceptLanguage(lang) },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useUnreadCount(enabled: boolean) {
  const { api } = useSession();
  return useQuery({
    queryKey: unreadKey,
    enabled,
    queryFn: ({ signal }) => unwrap(api.notification.GET('/v1/inbox/unread-count', { signal })),
    // the stream keeps it current; this catches up after a long sleep of the laptop
    refetchInterval: 5 * 60_000,
  });
}

function replaceNotice(client: QueryClient, lang: Lang, notice: Notice) {
  client.setQueryData<InfiniteData<InboxPage>>(inboxKey(lang), (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((n) => (n.id === notice.id ? notice : n)) })) } : data,
  );
}

export function useMarkRead() {
  const { api } = useSession();
  const { lang } = useI18n();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.notification.POST('/v1/inbox/{id}/read', { params: { path: { id }, header: { 'accept-language': acceptLanguage(lang) } } }),
      ),
    onSuccess: (notice, id) => {
      replaceNotice(client, lang, notice);
      client.setQueryData<UnreadCount>(unreadKey, (old) => (old ? { unread: Math.max(0, old.unread - 1) } : old));
      void client.invalidateQueries({ queryKey: unreadKey });
      void id;
    },
  });
}

/** A notice that arrived on the stream: on top of the list, one more unread (without refetching). */
export function addArrivedNotice(client: QueryClient, lang: Lang, notice: Notice): void {
  let added = false;
  client.setQueryData<InfiniteData<InboxPage>>(inboxKey(lang), (data) => {
    if (!data || data.pages.some((p) => p.items.some((n) => n.id === notice.id))) return data;
    added = true;
    const [first, ...rest] = data.pages;
    return { ...data, pages: [{ ...first, items: [notice, ...first.items] }, ...rest] };
  });
  if (added || !client.getQueryData(inboxKey(lang))) {
    client.setQueryData<UnreadCount>(unreadKey, (old) => (old && !notice.readAt ? { unread: old.unread + 1 } : old));
  }
  // the other language's copy is refetched when someone switches to it
  void client.invalidateQueries({ queryKey: inboxKey(lang === 'en' ? 'zh' : 'en') });
}
