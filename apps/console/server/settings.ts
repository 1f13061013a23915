/**
 * Where the console server listens, which service each /api/<service>/ goes to, and what /config.json
 * tells the browser: all from the environment, with the local defaults (SPEC §7), so one build serves
 * any deployment.
 */
import { join } from 'node:path';

/** The services behind /api/<name>/, with the variables that place them. */
export const CONSOLE_APIS = [
  { name: 'registry', urlVariable: 'CONSOLE_REGISTRY_URL', portVariable: 'INSTITUTION_REGISTRY_PORT', defaultPort: 3001 },
  { name: 'contract', urlVariable: 'CONSOLE_CONTRACT_URL', portVariable: 'CONTRACT_PORT', defaultPort: 3002 },
  { name: 'referral', urlVariable: 'CONSOLE_REFERRAL_URL', portVariable: 'REFERRAL_PORT', defaultPort: 3003 },
  { name: 'notification', urlVariable: 'CONSOLE_NOTIFICATION_URL', portVariable: 'NOTIFICATION_PORT', defaultPort: 3004 },
] as const;

export type ConsoleApiName = (typeof CONSOLE_APIS)[number]['name'];

/** What the browser reads from /config.json before anything else. */
export interface ConsoleClientConfig {
  oidc: { authority: string; clientId: string; scope: string };
}

export interface ConsoleServerOptions {
  host: string;
  port: number;
  /** the built console (vite build's outDir) */
  assetsDir: string;
  /** service name → base URL, e.g. registry → http://127.0.0.1:3001 */
  apis: Record<string, string>;
  client: ConsoleClientConfig;
  /** one line per notable event (start, upstream failures); silent by default */
  log: (line: string) => void;
}

export const CONSOLE_ROOT = join(__dirname, '..');
export const REPO_ROOT = join(CONSOLE_ROOT, '..', '..');
export const DEFAULT_ASSETS_DIR = join(REPO_ROOT, 'dist', 'console');

function baseUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${variable} must be an http(s) URL: "${value}"`);
  return url.toString().replace(/\/$/, '');
}

function port(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${variable} is not a port: "${value}"`);
  return n;
}

/** The options from environment variables (documented in the README's console section). */
export function consoleOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleServerOptions {
  const apis: Record<string, string> = {};
  for (const api of CONSOLE_APIS) {
    const explicit = env[api.urlVariable];
    apis[api.name] = explicit
      ? baseUrl(explicit, api.urlVariable)
      : `http://127.0.0.1:${port(env[api.portVariable], api.defaultPort, api.portVariable)}`;
  }
  return {
    host: env.CONSOLE_HOST || '127.0.0.1',
    port: port(env.CONSOLE_PORT, 8080, 'CONSOLE_PORT'),
    assetsDir: env.CONSOLE_ASSETS_DIR || DEFAULT_ASSETS_DIR,
    apis,
    client: {
      oidc: {
        authority: baseUrl(env.OIDC_ISSUER || 'http://127.0.0.1:8180/realms/yiyang', 'OIDC_ISSUER'),
        clientId: env.CONSOLE_OIDC_CLIENT_ID || 'yiyang-console',
        scope: env.CONSOLE_OIDC_SCOPE || 'openid profile',
      },
    },
    log: () => undefined,
  };
}
