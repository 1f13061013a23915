/**
 * The registrar's changes (TanStack Query over the generated registry client): register, edit and the
 * sanctions, each change sent with the version read (If-Match); an institution's accounts, enabled and
 * disabled, and a new administrator's account. Every answer refreshes the cached institution and lists.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import type { RegisterBody, StatusAction, UpdateBody } from './model';
import type { Institution } from './search';

export type Account = components['schemas']['AccountResponse'];
export type NewAccountBody = components['schemas']['CreateAccountDto'];
/** The registry answers a new account with its one-time password (the generated type does not say so). */
export type CreatedAccount = Account & { temporaryPassword: string };
type AccountQuery = NonNullable<operations['ListAccountsController_list']['parameters']['query']>;

/** If-Match as the services read it: the version, quoted like an ETag. */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const institutionKey = (id: string) => ['registry', 'institution', id] as const;
const accountsKey = (institutionId: string) => ['registry', 'accounts', institutionId] as const;

/** The answer is the institution as now read: into the cache (drawer, shell) and the lists refetched. */
function useInstitutionChanged() {
  const client = useQueryClient();
  return (changed: Institution) => {
    client.setQueryData(institutionKey(changed.id), changed);
    void client.invalidateQueries({ queryKey: ['registry', 'institutions'] });
  };
}

export function useRegisterInstitution() {
  const { api } = useSession();
  const changed = useInstitutionChanged();
  return useMutation({
    mutationFn: (body: RegisterBody) => unwrap(api.registry.POST('/v1/institutions', { body })),
    onSuccess: changed,
  });
}

export function useUpdateInstitution() {
  const { api } = useSession();
  const changed = useInstitutionChanged();
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: UpdateBody }) =>
      unwrap(api.registry.PATCH('/v1/institutions/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
    onSuccess: changed,
  });
}

export function useStatusAction() {
  const { api } = useSession();
  const changed = useInstitutionChanged();
  return useMutation({
    mutationFn: ({ institution: i, action, reason }: { institution: Institution; action: StatusAction; reason: string }) => {
      const params = { path: { id: i.id }, header: ifMatch(i.version) };
      if (action === 'reinstate')
        return unwrap(api.registry.POST('/v1/institutions/{id}/reinstate', { params, body: reason ? { reason } : {} }));
      const path = action === 'suspend' ? '/v1/institutions/{id}/suspend' : '/v1/institutions/{id}/revoke';
      return unwrap(api.registry.POST(path, { params, body: { reason } }));
    },
    onSuccess: changed,
  });
}

/** Read the institution again (after a 409: someone changed it meanwhile). */
export function useReloadInstitution() {
  const client = useQueryClient();
  return (id: string) => client.invalidateQueries({ queryKey: institutionKey(id) });
}

const ACCOUNT_PAGE = 50;

export function useAccounts(institutionId: string) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: accountsKey(institutionId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      const query: AccountQuery = { institutionId, limit: ACCOUNT_PAGE, ...(pageParam ? { cursor: pageParam } : {}) };
      return unwrap(api.registry.GET('/v1/accounts', { params: { query }, signal }));
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAccountSwitch(institutionId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ account, enable }: { account: Account; enable: boolean }) => {
      const params = { params: { path: { id: account.id } } };
      return unwrap(
        enable ? api.registry.POST('/v1/accounts/{id}/enable', params) : api.registry.POST('/v1/accounts/{id}/disable', params),
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: accountsKey(institutionId) }),
  });
}

export function useCreateAccount(institutionId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewAccountBody) => (await unwrap(api.registry.POST('/v1/accounts', { body }))) as unknown as CreatedAccount,
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(institutionId) }),
  });
}
