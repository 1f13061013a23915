/** The OpenID Connect client: authorization code + PKCE (oidc-client-ts), public client, no secret. */
import { WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';

/** A map's tiles as the console server passes them on (server/settings.ts `MapTiles`); absent: no map. */
export interface MapTilesConfig {
  tiles: string;
  attribution: string;
  subdomains?: string;
}

export interface ConsoleConfig {
  oidc: { authority: string; clientId: string; scope: string };
  map?: MapTilesConfig;
}

let loaded: ConsoleConfig | undefined;

/** The configuration read at start (features that need more than sign-in read it here: no second request). */
export const loadedConsoleConfig = (): ConsoleConfig | undefined => loaded;

/** Remembers the configuration (loadConsoleConfig does; component tests give their own). */
export function rememberConsoleConfig(config: ConsoleConfig | undefined): void {
  loaded = config;
}

export const CALLBACK_PATH = '/auth/callback';
export const SILENT_PATH = '/auth/silent';

/** Reads /config.json (one build, any deployment). */
export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json answered ${res.status}`);
  const config = (await res.json()) as ConsoleConfig;
  if (!config?.oidc?.authority || !config.oidc.clientId) throw new Error('/config.json has no oidc settings');
  rememberConsoleConfig(config);
  return config;
}

export function oidcSettings(config: ConsoleConfig, origin: string = window.location.origin): UserManagerSettings {
  return {
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${SILENT_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    // tokens live in this tab's session storage: gone when the tab closes, kept across the sign-in redirect
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    monitorSession: false,
    loadUserInfo: false,
  };
}

/** Where to go after signing in: the page the person was on (kept in the OIDC state). */
export interface SignInState {
  returnTo: string;
}

export const currentPlace = (): SignInState => ({ returnTo: `${window.location.pathname}${window.location.search}` });

export function returnPath(state: unknown): string {
  const returnTo = (state as Partial<SignInState> | undefined)?.returnTo;
  // only paths of this origin (never an absolute URL: no open redirect)
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.startsWith(CALLBACK_PATH)
    ? returnTo
    : '/';
}
