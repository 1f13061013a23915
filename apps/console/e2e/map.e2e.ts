/**
 * The directory's map in Debian's Chromium (issue 15: medical institutions near a home, on a map where
 * tiles are configured, the list alone offline). A tiny tile server started here answers every
 * /{z}/{x}/{y}.png with one 256×256 PNG made with node:zlib; the console is served with
 * CONSOLE_MAP_TILES pointing at it, the registry answered by the test (as signed-in.e2e.ts does). A
 * nursing home's administrator searches near the home: the list, then the map (Leaflet's chunk fetched
 * only then) with a marker for each institution that has coordinates and one for the home, tiles asked
 * for, a popup opened with the keyboard. A console without the setting shows no switch and fetches no tile.
 * axe-core on each page; photographed in Chinese and in English.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import type { components } from '../src/api/registry';
import { CLINIC, HOME, HOSPITAL, NOWHERE } from '../src/features/map/testing';
import { registeredInstitution } from '../src/test/institution';
import type { RunningConsole } from '../server/console-server';
import {
  accessibilityViolations,
  json,
  offlineConsole,
  problemsOf,
  quietInbox,
  screenshot,
  serveConsoleOffline,
  signedInContext,
} from './harness';

type Institution = components['schemas']['InstitutionResponse'];
type SearchPage = components['schemas']['InstitutionResponsePage'];

// ── a tile server: one PNG for every tile ──

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 256×256 RGB tile: pale land, a darker edge (the tiles' seams show), a road across. */
function tilePng(): Buffer {
  const size = 256;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0: none
    for (let x = 0; x < size; x++) {
      const edge = x === 0 || y === 0;
      const road = Math.abs(x - y) < 3 || Math.abs(y - 150) < 2;
      const [r, g, b] = edge ? [214, 220, 206] : road ? [255, 255, 255] : [238, 241, 232];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const TILE = tilePng();
const tileRequests: string[] = [];
let tileServer: http.Server;
let tileUrl = '';

beforeAll(async () => {
  tileServer = http.createServer((req, res) => {
    const path = req.url ?? '/';
    tileRequests.push(path);
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': TILE.length, 'cache-control': 'no-store' });
    res.end(TILE);
  });
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  tileUrl = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => tileServer.close(() => resolve())));

const app = offlineConsole(() => ({
  CONSOLE_MAP_TILES: `${tileUrl}/{z}/{x}/{y}.png`,
  CONSOLE_MAP_ATTRIBUTION: '© 测试瓦片 审图号：GS(2026)0000号',
}));

// ── the registry's answers: a home in 鼓楼区 and the institutions near it ──

const HOME_ID = 'a9e00000-0000-4000-8000-0000000000a1';
const home = registeredInstitution({
  id: HOME_ID,
  name: '福州市鼓楼区乐龄颐养院',
  category: 'ELDERLY_CARE',
  kind: 'NURSING_HOME',
  location: { lat: 26.08, lng: 119.3 },
}) as Institution;
const TCM = registeredInstitution({
  id: 'a9e00000-0000-4000-8000-000000000004',
  name: '福建省人民医院',
  category: 'MEDICAL',
  kind: 'TCM_HOSPITAL',
  hospitalGrade: 'LEVEL_3',
  location: { lat: 26.0762, lng: 119.2875 },
  capabilities: ['TCM', 'GERIATRICS', 'REHABILITATION'],
  freeBeds: { medical: 5, rehabilitation: 0 },
  operationsUpdatedAt: '2026-11-30T00:40:00.000Z',
  distanceKm: 1.3,
} as Partial<Institution> & Pick<Institution, 'id' | 'name' | 'category' | 'kind'>) as Institution;
const REHAB = registeredInstitution({
  id: 'a9e00000-0000-4000-8000-000000000005',
  name: '福州市第二医院康复分院',
  category: 'MEDICAL',
  kind: 'REHABILITATION_HOSPITAL',
  location: { lat: 26.0655, lng: 119.3121 },
  capabilities: ['REHABILITATION', 'NURSING'],
  freeBeds: { rehabilitation: 8 },
  distanceKm: 2,
} as Partial<Institution> & Pick<Institution, 'id' | 'name' | 'category' | 'kind'>) as Institution;

const NEARBY: Institution[] = [HOSPITAL, TCM, CLINIC, REHAB, NOWHERE] as Institution[];
const ON_MAP = NEARBY.filter((i) => i !== NOWHERE);

/** The registry: a near search answers the institutions above (nearest first), an id its institution. */
async function answerRegistry(page: Page, consoleUrl: string, searches: URL[]): Promise<void> {
  await page.route(`${consoleUrl}/api/registry/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/registry/v1/institutions') {
      searches.push(url);
      const answer: SearchPage = { items: NEARBY, nextCursor: null };
      return json(route, answer);
    }
    const id = url.pathname.split('/').pop();
    return json(route, [home, ...NEARBY].find((i) => i.id === id) ?? home);
  });
  await quietInbox(page, consoleUrl);
}

const signedInAsHome = (browser = app.browser) =>
  signedInContext(browser, { sub: 'u-home', roles: ['elderly-admin'], name: '陈建国', institutionId: HOME_ID });

const NEAR_SEARCH = `/institutions?near=${HOME}&radiusKm=3&category=MEDICAL`;

describe('the directory on a map', () => {
  it('with tiles: the institutions near the home as markers, tiles from the configured server, keyboard popups', async () => {
    const context = await signedInAsHome();
    const page = await context.newPage();
    const problems = problemsOf(page);
    const searches: URL[] = [];
    const scripts: string[] = [];
    page.on('request', (r: Request) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await answerRegistry(page, app.server.url, searches);

    await page.goto(`${app.server.url}${NEAR_SEARCH}`);
    await page.getByRole('link', { name: `机构详情：${HOSPITAL.name}` }).waitFor();
    expect(searches.at(-1)?.searchParams.get('near')).toBe(HOME);
    // the list first; Leaflet not fetched, no tile asked for
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    expect(scripts.some((s) => s.includes('InstitutionMap'))).toBe(false);
    expect(tileRequests).toEqual([]);

    await page.getByRole('switch', { name: '在地图上显示' }).click();
    const map = page.getByRole('region', { name: '机构分布地图' });
    await map.waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('map');
    expect(scripts.some((s) => s.includes('InstitutionMap'))).toBe(true);
    // a marker for each institution with coordinates, none for the one without, and the home
    await expect.poll(() => page.locator('.yy-map-pin').count()).toBe(ON_MAP.length);
    for (const i of ON_MAP) expect(await map.getByRole('button', { name: new RegExp(`^${i.name}，`) }).count()).toBe(1);
    expect(await map.getByRole('button', { name: NOWHERE.name }).count()).toBe(0);
    expect(await map.getByRole('button', { name: '查询中心' }).count()).toBe(1);
    // tiles from the configured server, drawn
    await expect.poll(() => page.locator('img.leaflet-tile-loaded').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    expect(tileRequests.length).toBeGreaterThan(3);
    expect(tileRequests.every((p) => /^\/\d+\/\d+\/\d+\.png$/.test(p))).toBe(true);
    expect(await map.locator('.leaflet-control-attribution').textContent()).toContain('© 测试瓦片 审图号：GS(2026)0000号');

    // a popup open for the photograph: the rehabilitation hospital (the southernmost: its popup fits without panning the view)
    const rehab = map.getByRole('button', { name: `${REHAB.name}，2.0 公里` });
    await rehab.click();
    await map.getByRole('button', { name: `查看详情：${REHAB.name}` }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-directory-map.zh-CN');
    let violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await page.keyboard.press('Escape');
    await map.locator('.leaflet-popup').waitFor({ state: 'detached' });

    // the markers are in the tab order, right after the map itself
    await map.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.leaflet-marker-icon')?.getAttribute('role'))).toBe('button');
    // a marker focused, Enter: the popup, its details focused; Esc: back on the marker
    const hospital = map.getByRole('button', { name: `${HOSPITAL.name}，0.8 公里` });
    await hospital.focus();
    await page.keyboard.press('Enter');
    const details = map.getByRole('button', { name: `查看详情：${HOSPITAL.name}` });
    await details.waitFor();
    await expect.poll(() => details.evaluate((b) => b === document.activeElement)).toBe(true);
    const popup = map.locator('.yy-map-popup').filter({ hasText: HOSPITAL.name });
    expect(await popup.textContent()).toContain('空余床位：医疗 12、康复 3');
    expect(await popup.textContent()).toContain('服务能力：急诊急救、老年医学科、康复');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await expect.poll(() => hospital.evaluate((m) => m === document.activeElement)).toBe(true);

    // the list stays below the map, free beds in it
    const row = page.getByRole('row').filter({ hasText: TCM.name });
    expect(await row.getByText('医疗 5、康复 0').isVisible()).toBe(true);

    // 查看详情 opens the institution's drawer, the map kept
    await hospital.click();
    await details.click();
    await page.getByRole('dialog').getByText(HOSPITAL.uscc).first().waitFor();
    expect(new URL(page.url()).searchParams.get('institution')).toBe(HOSPITAL.id);
    expect(new URL(page.url()).searchParams.get('view')).toBe('map');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // in English: the markers and the controls change their words at once
    await page.getByText('English', { exact: true }).click();
    const mapEn = page.getByRole('region', { name: 'Map of the institutions' });
    await mapEn.waitFor();
    await mapEn.getByRole('button', { name: `${HOSPITAL.name}, 0.8 km` }).click();
    await mapEn.getByRole('button', { name: `Details: ${HOSPITAL.name}` }).waitFor();
    expect(await mapEn.locator('.yy-map-popup').textContent()).toContain(
      'Free beds: 12 medical, 3 rehabilitation (updated 2026-11-30 09:15 CST)',
    );
    await page.keyboard.press('Escape');
    // the photograph in a fresh view (the language is remembered, the map kept in the address)
    await page.reload();
    await mapEn.waitFor();
    await expect.poll(() => page.locator('img.leaflet-tile-loaded').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await mapEn.getByRole('button', { name: `${REHAB.name}, 2.0 km` }).click();
    await mapEn.getByRole('button', { name: `Details: ${REHAB.name}` }).waitFor();
    expect(await mapEn.getByRole('button', { name: 'Zoom in' }).count()).toBe(1);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-directory-map.en');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  describe('without tiles', () => {
    let plain: RunningConsole;
    beforeAll(async () => {
      plain = await serveConsoleOffline({ CONSOLE_MAP_TILES: '', CONSOLE_MAP_ATTRIBUTION: '' });
    });
    afterAll(() => plain.close());

    it('the list alone: no switch, no map, no tile asked for, Leaflet never fetched', async () => {
      const config = (await (await fetch(`${plain.url}/config.json`)).json()) as Record<string, unknown>;
      expect(config.map).toBeUndefined();
      const context = await signedInAsHome();
      const page = await context.newPage();
      const problems = problemsOf(page);
      const searches: URL[] = [];
      const requested: string[] = [];
      page.on('request', (r: Request) => requested.push(r.url()));
      await answerRegistry(page, plain.url, searches);
      const tilesBefore = tileRequests.length;

      await page.goto(`${plain.url}${NEAR_SEARCH}&view=map`);
      await page.getByRole('link', { name: `机构详情：${HOSPITAL.name}` }).waitFor();
      const row = page.getByRole('row').filter({ hasText: HOSPITAL.name });
      expect(await row.getByText('0.8 公里').isVisible()).toBe(true);
      expect(await row.getByText('医疗 12、康复 3').isVisible()).toBe(true);
      expect(await page.getByRole('switch').count()).toBe(0);
      expect(await page.locator('.leaflet-container').count()).toBe(0);
      expect(tileRequests.length).toBe(tilesBefore);
      expect(requested.filter((u) => !u.startsWith(plain.url))).toEqual([]);
      expect(requested.some((u) => u.includes('InstitutionMap'))).toBe(false);
      const violations = await accessibilityViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
