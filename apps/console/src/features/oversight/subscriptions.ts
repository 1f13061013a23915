/** Webhook subscriptions' server state: the list, create (the secret comes back once), pause, resume, delete, deliveries. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/notification';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';

export type Subscription = operations['ReadSubscriptionsController_get']['responses'][200]['content']['application/json'];
export type CreatedSubscription = operations['CreateSubscriptionController_create']['responses'][201]['content']['application/json'];
export type CreateBody = components['schemas']['CreateSubscriptionDto'];
export type Delivery =
  operations['SubscriptionDeliveriesController_deliveries']['responses'][200]['content']['application/json']['items'][number];

const LIST = ['notification', 'subscriptions'] as const;

/** Filters people choose from (the service also takes any event type, short type or family typed in). */
export const EVENT_FILTERS = [
  'compliance.*',
  'compliance.finding-raised',
  'compliance.finding-resolved',
  'referral.*',
  'referral.response-overdue',
  'referral.refused',
  'agreement.*',
  'agreement.expired',
  'institution.*',
  '*',
] as const;

export function useSubscriptions() {
  const { api } = useSession();
  return useQuery({ queryKey: LIST, queryFn: ({ signal }) => unwrap(api.notification.GET('/v1/subscriptions', { signal })) });
}

export function useCreateSubscription() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBody) => unwrap(api.notification.POST('/v1/subscriptions', { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: LIST }),
  });
}

export function useSubscriptionMove() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, move }: { id: string; move: 'pause' | 'resume' | 'delete' }): Promise<unknown> => {
      const params = { path: { id } };
      if (move === 'pause') return unwrap(api.notification.POST('/v1/subscriptions/{id}/pause', { params }));
      if (move === 'resume') return unwrap(api.notification.POST('/v1/subscriptions/{id}/resume', { params }));
      return unwrap(api.notification.DELETE('/v1/subscriptions/{id}', { params }));
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: LIST }),
  });
}

export function useDeliveries(id: string | undefined) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: [...LIST, id ?? '', 'deliveries'],
    enabled: !!id,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.notification.GET('/v1/subscriptions/{id}/deliveries', {
          params: { path: { id: id! }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
