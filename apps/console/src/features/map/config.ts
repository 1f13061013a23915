/**
 * Whether the console has a map: the tiles the console server put in /config.json (CONSOLE_MAP_TILES,
 * server/settings.ts), read once at start by src/auth/oidc.ts. Absent or odd: no map, the list alone,
 * and nothing is ever fetched from a tile server.
 */
import { loadedConsoleConfig, type ConsoleConfig, type MapTilesConfig } from '../../auth/oidc';

/** The tiles to show, or undefined: the server validated them; this only refuses what cannot be a template. */
export function mapTilesOf(config: ConsoleConfig | undefined): MapTilesConfig | undefined {
  const map = config?.map;
  if (!map || typeof map.tiles !== 'string' || typeof map.attribution !== 'string') return undefined;
  if (!/^https?:\/\//i.test(map.tiles) || !['{z}', '{x}', '{y}'].every((p) => map.tiles.includes(p))) return undefined;
  return {
    tiles: map.tiles,
    attribution: map.attribution,
    ...(typeof map.subdomains === 'string' && map.subdomains ? { subdomains: map.subdomains } : {}),
  };
}

/** The tiles of this deployment (undefined: no map). */
export const configuredMapTiles = (): MapTilesConfig | undefined => mapTilesOf(loadedConsoleConfig());
