/**
 * The typed API clients: openapi-fetch over the types `npm run console:api` generates from each
 * service's OpenAPI document (never edited by hand). One origin: every call goes to /api/<service>/.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as ContractPaths } from './contract';
import type { paths as NotificationPaths } from './notification';
import type { paths as ReferralPaths } from './referral';
import type { paths as RegistryPaths } from './registry';
import { ApiProblem, networkProblem, type ProblemBody } from './problem';

export interface ApiClients {
  registry: Client<RegistryPaths>;
  contract: Client<ContractPaths>;
  referral: Client<ReferralPaths>;
  notification: Client<NotificationPaths>;
}

export interface ApiSession {
  /** the current access token (renewed in the background) */
  accessToken(): string | undefined;
  /** zh or en: sent as Accept-Language so notices come in the person's language */
  language(): string;
  /** a 401: the session is over (the shell asks the person to sign in again) */
  onUnauthorized(): void;
}

export function createApiClients(session: ApiSession, origin: string = window.location.origin): ApiClients {
  const auth: Middleware = {
    onRequest({ request }) {
      const token = session.accessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      request.headers.set('accept-language', session.language() === 'en' ? 'en' : 'zh-CN');
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) session.onUnauthorized();
      return response;
    },
  };
  const client = <P extends {}>(service: string) => {
    const c = createClient<P>({ baseUrl: `${origin}/api/${service}` });
    c.use(auth);
    return c;
  };
  return {
    registry: client<RegistryPaths>('registry'),
    contract: client<ContractPaths>('contract'),
    referral: client<ReferralPaths>('referral'),
    notification: client<NotificationPaths>('notification'),
  };
}

/**
 * The data of an openapi-fetch answer, or an ApiProblem thrown (what TanStack Query expects):
 *   const page = await unwrap(api.registry.GET('/v1/institutions', { params: { query } }));
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw networkProblem();
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  const problem = error && typeof error === 'object' ? (error as Partial<ProblemBody>) : undefined;
  throw new ApiProblem(response.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}
