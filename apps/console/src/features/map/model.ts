/**
 * What the map shows, from the directory's rows (pure: tested without a browser): a marker for each
 * institution with usable coordinates, the search centre from `near`, the bounds that hold them all, and
 * the popup's lines.
 *
 * Coordinates are drawn as the registry stores them, taken as WGS-84 (see server/settings.ts `MapTiles`):
 * on GCJ-02 tiles (高德, 腾讯) they would sit some hundreds of metres off; no datum transform is done here.
 */
import type { components } from '../../api/registry';
import type { MapTranslate } from './i18n';

export type MapInstitution = components['schemas']['InstitutionResponse'];
export type LatLngTuple = [number, number];

export interface Place {
  id: string;
  name: string;
  position: LatLngTuple;
  institution: MapInstitution;
}

const usable = (lat: unknown, lng: unknown): boolean =>
  typeof lat === 'number' &&
  typeof lng === 'number' &&
  Number.isFinite(lat) &&
  Number.isFinite(lng) &&
  Math.abs(lat) <= 90 &&
  Math.abs(lng) <= 180 &&
  // 0,0 is nowhere in China: a location never filled in, not a place
  !(lat === 0 && lng === 0);

/** The rows that can be placed, in the list's order (nearest first when searched near a place). */
export function placesOf(rows: readonly MapInstitution[]): Place[] {
  const seen = new Set<string>();
  const places: Place[] = [];
  for (const row of rows) {
    const location = row.location as Partial<MapInstitution['location']> | undefined;
    if (!location || !usable(location.lat, location.lng) || seen.has(row.id)) continue;
    seen.add(row.id);
    places.push({ id: row.id, name: row.name, position: [location.lat!, location.lng!], institution: row });
  }
  return places;
}

/** The search centre of `near` ("lat,lng", as the filter takes it), or undefined. */
export function centreOf(near: string | undefined): LatLngTuple | undefined {
  const m = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(near ?? '');
  if (!m) return undefined;
  const [lat, lng] = [Number(m[1]), Number(m[2])];
  return usable(lat, lng) ? [lat, lng] : undefined;
}

/** South-west and north-east corners around every point, or undefined when there is none. */
export function boundsOf(points: readonly LatLngTuple[]): [LatLngTuple, LatLngTuple] | undefined {
  if (points.length === 0) return undefined;
  let [south, west] = points[0];
  let [north, east] = points[0];
  for (const [lat, lng] of points) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lng);
    east = Math.max(east, lng);
  }
  return [
    [south, west],
    [north, east],
  ];
}

/** A key that changes when the points do (the map fits its view again then, not on every render). */
export const pointsKey = (points: readonly LatLngTuple[]): string => points.map(([lat, lng]) => `${lat},${lng}`).join(';');

const FREE_BED_KEYS = {
  medical: 'freeBedMedical',
  rehabilitation: 'freeBedRehabilitation',
  hospice: 'freeBedHospice',
  elderly: 'freeBedElderly',
} as const;

/** "医疗 12、康复 3" of the free beds the institution reported (zero included: a full house is news), or undefined. */
export function freeBedsText(institution: Pick<MapInstitution, 'freeBeds'>, t: MapTranslate): string | undefined {
  const free = institution.freeBeds;
  if (!free) return undefined;
  const parts = (Object.keys(FREE_BED_KEYS) as (keyof typeof FREE_BED_KEYS)[])
    .filter((k) => typeof free[k] === 'number')
    .map((k) => t(FREE_BED_KEYS[k], { n: free[k]! }));
  return parts.length ? parts.join(t('listSeparator')) : undefined;
}

/** The distance as the list shows it (one decimal), or undefined without one. */
export const distanceText = (km: number | undefined): string | undefined => (typeof km === 'number' ? km.toFixed(1) : undefined);

/** The attribution as Leaflet takes it (HTML): the configured text, escaped, so it is shown as it is written. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
