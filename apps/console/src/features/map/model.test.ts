/** The map's pure parts: which rows become markers, the search centre, the view's bounds, the popup's lines. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n';
import { mapTilesOf } from './config';
import { mapTranslator } from './i18n';
import { boundsOf, centreOf, distanceText, escapeHtml, freeBedsText, placesOf, pointsKey } from './model';
import { CLINIC, HOSPITAL, NOWHERE, TILES } from './testing';

const zh = mapTranslator('zh', translator('zh'));
const en = mapTranslator('en', translator('en'));

describe('the map of the directory', () => {
  it('places the rows with coordinates, in the list order, once each; a row without a place stays off the map', () => {
    const places = placesOf([HOSPITAL, NOWHERE, CLINIC, HOSPITAL]);
    expect(places.map((p) => p.name)).toEqual([HOSPITAL.name, CLINIC.name]);
    expect(places[0].position).toEqual([26.0871, 119.2966]);
    const broken = [
      { ...CLINIC, id: 'x', location: { lat: Number.NaN, lng: 119 } },
      { ...CLINIC, id: 'y', location: { lat: 91, lng: 119 } },
    ];
    expect(placesOf(broken)).toEqual([]);
    expect(placesOf([{ ...CLINIC, location: undefined } as unknown as typeof CLINIC])).toEqual([]);
  });

  it('takes the search centre from the near filter as typed, and nothing from what is not a place', () => {
    expect(centreOf('26.08,119.30')).toEqual([26.08, 119.3]);
    expect(centreOf(' 26.08 , 119.30 ')).toEqual([26.08, 119.3]);
    expect(centreOf(undefined)).toBeUndefined();
    expect(centreOf('福州')).toBeUndefined();
    expect(centreOf('95,119')).toBeUndefined();
  });

  it('fits the view around every point, and changes its key only when the points do', () => {
    expect(boundsOf([])).toBeUndefined();
    expect(
      boundsOf([
        [26.08, 119.3],
        [26.09, 119.29],
        [26.07, 119.31],
      ]),
    ).toEqual([
      [26.07, 119.29],
      [26.09, 119.31],
    ]);
    expect(boundsOf([[26.08, 119.3]])).toEqual([
      [26.08, 119.3],
      [26.08, 119.3],
    ]);
    expect(pointsKey([[26.08, 119.3]])).toBe(pointsKey([[26.08, 119.3]]));
    expect(pointsKey([[26.08, 119.3]])).not.toBe(pointsKey([[26.08, 119.31]]));
  });

  it('says the free beds by type in words, a zero included, and nothing when none were reported', () => {
    expect(freeBedsText(HOSPITAL, zh)).toBe('医疗 12、康复 3');
    expect(freeBedsText(HOSPITAL, en)).toBe('12 medical, 3 rehabilitation');
    expect(freeBedsText(CLINIC, zh)).toBe('医疗 0');
    expect(freeBedsText(NOWHERE, zh)).toBeUndefined();
    expect(freeBedsText({ freeBeds: {} }, zh)).toBeUndefined();
    expect(distanceText(0.84)).toBe('0.8');
    expect(distanceText(undefined)).toBeUndefined();
  });

  it('shows the configured attribution as text, never as markup', () => {
    expect(escapeHtml('© 测试瓦片 <img src=x onerror=alert(1)> & "x"')).toBe(
      '© 测试瓦片 &lt;img src=x onerror=alert(1)&gt; &amp; &quot;x&quot;',
    );
  });

  it('has a map only with tiles from the console server, and only http(s) templates with {z}, {x} and {y}', () => {
    const oidc = { authority: 'http://127.0.0.1:8180/realms/yiyang', clientId: 'yiyang-console', scope: 'openid' };
    expect(mapTilesOf(undefined)).toBeUndefined();
    expect(mapTilesOf({ oidc })).toBeUndefined();
    expect(mapTilesOf({ oidc, map: TILES })).toEqual(TILES);
    expect(mapTilesOf({ oidc, map: { ...TILES, subdomains: 'abc' } })).toEqual({ ...TILES, subdomains: 'abc' });
    expect(mapTilesOf({ oidc, map: { ...TILES, tiles: 'javascript:alert(1)//{z}/{x}/{y}' } })).toBeUndefined();
    expect(mapTilesOf({ oidc, map: { ...TILES, tiles: 'https://tiles.example.cn/{z}/{x}.png' } })).toBeUndefined();
    expect(mapTilesOf({ oidc, map: { tiles: TILES.tiles } as typeof TILES })).toBeUndefined();
  });
});
