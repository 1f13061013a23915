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

/**
 * A map's tiles: a URL template (`{z}/{x}/{y}`, optionally `{s}` in the host's first label and `{r}`),
 * the provider's attribution as plain text, and the subdomains `{s}` takes. Absent: the console shows
 * the list alone and nothing is fetched from any tile server.
 *
 * The registry's coordinates are taken as WGS-84 (what GPS and the registration form give; nothing in
 * libs/ or the services converts or names another datum: `libs/kernel/src/geo.ts` measures haversine
 * distances on them as they are). Tiles must therefore be in WGS-84 / Web Mercator (OpenStreetMap,
 * 天地图 Tianditu's `_w` layers in CGCS2000, which agrees with WGS-84 to well under a metre, or one's own).
 * Tiles of the Chinese providers that use GCJ-02 (AutoNavi 高德, Tencent 腾讯) or BD-09 (Baidu) place the
 * markers some hundreds of metres off; no transform is applied.
 */
export interface MapTiles {
  tiles: string;
  attribution: string;
  /** only when the template has {s} */
  subdomains?: string;
}

/** What the browser reads from /config.json before anything else. */
export interface ConsoleClientConfig {
  oidc: { authority: string; clientId: string; scope: string };
  map?: MapTiles;
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

const TILE_PLACEHOLDERS = new Set(['{z}', '{x}', '{y}', '{s}', '{r}']);

/**
 * CONSOLE_MAP_TILES, CONSOLE_MAP_ATTRIBUTION and CONSOLE_MAP_SUBDOMAINS: all unset is no map; a template
 * needs its attribution (the provider's terms, and in China the map's 审图号, are shown on the map).
 */
export function mapTilesFromEnv(env: NodeJS.ProcessEnv): MapTiles | undefined {
  const template = env.CONSOLE_MAP_TILES?.trim() ?? '';
  const attribution = env.CONSOLE_MAP_ATTRIBUTION?.trim() ?? '';
  const subdomains = env.CONSOLE_MAP_SUBDOMAINS?.trim() ?? '';
  if (!template) {
    if (attribution) throw new Error('CONSOLE_MAP_ATTRIBUTION is set but CONSOLE_MAP_TILES is not: set both for a map, neither for none');
    if (subdomains) throw new Error('CONSOLE_MAP_SUBDOMAINS is set but CONSOLE_MAP_TILES is not: set both for a map, neither for none');
    return undefined;
  }
  const variable = 'CONSOLE_MAP_TILES';
  for (const placeholder of template.match(/\{[^}]*\}/g) ?? [])
    if (!TILE_PLACEHOLDERS.has(placeholder))
      throw new Error(`${variable} has an unknown placeholder ${placeholder}: use {z}, {x}, {y} (and {s}, {r}): "${template}"`);
  for (const needed of ['{z}', '{x}', '{y}'])
    if (!template.includes(needed))
      throw new Error(`${variable} must contain {z}, {x} and {y}, e.g. https://tile.example.cn/{z}/{x}/{y}.png: "${template}"`);
  let url: URL;
  try {
    url = new URL(
      template
        .replace(/\{s\}/g, 'a')
        .replace(/\{[zxy]\}/g, '0')
        .replace(/\{r\}/g, ''),
    );
  } catch {
    throw new Error(`${variable} is not a URL template: "${template}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${variable} must be an http(s) URL template: "${template}"`);
  if (url.username || url.password) throw new Error(`${variable} must not carry a user name or password: "${template}"`);
  const host = hostOfTemplate(template);
  const labels = host.split('.');
  if (labels.slice(1).some((label) => label.includes('{')) || (labels.length < 3 && host.includes('{s}')))
    throw new Error(
      `${variable} may have {s} only in the first label of a host with at least three, e.g. https://{s}.tile.example.cn/…: "${template}"`,
    );
  const hasSubdomains = host.includes('{s}');
  if (subdomains && !hasSubdomains) throw new Error(`CONSOLE_MAP_SUBDOMAINS is set but CONSOLE_MAP_TILES has no {s}: "${template}"`);
  if (subdomains && !/^[a-z0-9]{1,16}$/i.test(subdomains))
    throw new Error(`CONSOLE_MAP_SUBDOMAINS must be letters or digits, one per subdomain, e.g. abc or 1234: "${subdomains}"`);
  if (template.includes('{s}') && !hasSubdomains) throw new Error(`${variable} may have {s} only in the host: "${template}"`);
  if (!attribution)
    throw new Error(
      `${variable} needs CONSOLE_MAP_ATTRIBUTION: the tile provider's attribution, shown on the map (e.g. © OpenStreetMap contributors)`,
    );
  if (attribution.length > 300 || /[\u0000-\u001f\u007f]/.test(attribution))
    throw new Error('CONSOLE_MAP_ATTRIBUTION must be one line of at most 300 characters');
  return { tiles: template, attribution, ...(hasSubdomains ? { subdomains: subdomains || 'abc' } : {}) };
}

/** scheme://host[:port] of a tile template, its placeholders kept */
function hostOfTemplate(template: string): string {
  return /^[a-z]+:\/\/([^/?#]+)/i.exec(template)?.[1].replace(/^.*@/, '') ?? '';
}

/**
 * The content security policy's source for the tiles (img-src): the template's origin, a `{s}` label as
 * `*` (e.g. https://*.tile.example.cn).
 */
export function mapTileSource(map: MapTiles): string {
  const scheme = map.tiles.slice(0, map.tiles.indexOf(':'));
  const [first, ...rest] = hostOfTemplate(map.tiles).split('.');
  return `${scheme.toLowerCase()}://${[first.includes('{s}') ? '*' : first, ...rest].join('.').toLowerCase()}`;
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
  const map = mapTilesFromEnv(env);
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
      ...(map ? { map } : {}),
    },
    log: () => undefined,
  };
}
