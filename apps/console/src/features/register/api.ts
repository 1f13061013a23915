/**
 * The registrar's changes (TanStack Query over the generated registry client): register, edit and the
 * sanctions, each change sent with the version read (If-Match); an institution's accounts, enabled and
 * disabled, and a new administrator's account; a bulk import of a CSV file. Every answer refreshes the
 * cached institution and lists.
 */
import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/registry';
import { unwrap } from '../../api/client';
import { ApiProblem, networkProblem, type ProblemBody } from '../../api/problem';
import { useSession } from '../../auth/session';
import { useFileCaller } from '../../shared/FileTransfer';
import type { FileCaller } from '../../shared/files';
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

// ── bulk import ──

/** The registry's answer to an import: how many were registered, and each one with its row of the file. */
export type ImportAnswer = operations['ImportInstitutionsController_import']['responses'][201]['content']['application/json'];

function problemOf(xhr: XMLHttpRequest): ApiProblem {
  let body: Partial<ProblemBody> | undefined;
  try {
    const parsed: unknown = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
    if (parsed && typeof parsed === 'object') body = parsed as Partial<ProblemBody>;
  } catch {
    body = undefined;
  }
  const seconds = Number(xhr.getResponseHeader('retry-after'));
  return new ApiProblem(xhr.status, body, Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
}

/**
 * POSTs the CSV file itself (text/csv, the encoding left to the registry to detect) with its
 * Idempotency-Key, reporting the bytes' progress: XMLHttpRequest, because fetch reports none. (The
 * shared uploadFile sends only the documents' types, with their digest and name headers.)
 */
export function sendImport(caller: FileCaller, file: Blob, key: string, onProgress: (percent: number) => void): Promise<ImportAnswer> {
  return new Promise<ImportAnswer>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${window.location.origin}/api/registry/v1/institutions/imports`);
    const token = caller.accessToken();
    const headers: Record<string, string> = {
      'accept-language': caller.language === 'en' ? 'en' : 'zh-CN',
      'content-type': 'text/csv',
      'idempotency-key': key,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 401) caller.onUnauthorized();
      if (xhr.status < 200 || xhr.status >= 300) return reject(problemOf(xhr));
      onProgress(100);
      try {
        resolve(JSON.parse(xhr.responseText) as ImportAnswer);
      } catch {
        reject(new ApiProblem(xhr.status, undefined));
      }
    });
    xhr.addEventListener('error', () => reject(networkProblem()));
    xhr.addEventListener('abort', () => reject(networkProblem()));
    xhr.send(file);
  });
}

/**
 * A bulk import: `percent` while the bytes leave (100: sent, the registry checking and registering);
 * once registered, the register's lists are read again.
 */
export function useImportInstitutions() {
  const caller = useFileCaller();
  const client = useQueryClient();
  const [percent, setPercent] = useState<number>();
  const mutation = useMutation({
    mutationFn: ({ file, key }: { file: Blob; key: string }) => {
      setPercent(0);
      return sendImport(caller, file, key, setPercent);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['registry', 'institutions'] }),
    onSettled: () => setPercent(undefined),
  });
  return { mutation, percent };
}
