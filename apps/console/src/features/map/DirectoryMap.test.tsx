/**
 * The directory with and without map tiles, against a fake registry: no tiles, no switch (and nothing
 * fetched but the search); with tiles, the switch puts the list's institutions on a Leaflet map (jsdom
 * draws no tiles, but the markers, their words and their popups are there).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rememberConsoleConfig } from '../../auth/oidc';
import { json, stubApi, type Recorded } from '../../test/fakeApi';
import { location, renderWithProviders } from '../../test/render';
import { InstitutionSearchPage } from '../register/InstitutionSearchPage';
import { CLINIC, HOME, HOSPITAL, NOWHERE, TILES } from './testing';

const OIDC = { authority: 'http://127.0.0.1:8180/realms/yiyang', clientId: 'yiyang-console', scope: 'openid profile' };
let calls: Recorded[];

const renderDirectory = (path: string) =>
  renderWithProviders(<InstitutionSearchPage mode="directory" />, { path, principal: { roles: ['elderly-admin'], institutionId: 'h-1' } });

beforeEach(() => {
  calls = stubApi((req) =>
    req.path.endsWith(HOSPITAL.id) ? json(HOSPITAL) : json({ items: [HOSPITAL, CLINIC, NOWHERE], nextCursor: null }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  rememberConsoleConfig(undefined);
});

describe('the directory and its map', { timeout: 60_000 }, () => {
  it('without tiles: the list alone, with distances and free beds, no switch and no map', async () => {
    rememberConsoleConfig({ oidc: OIDC });
    renderDirectory(`/institutions?near=${HOME}&view=map`);
    const row = (await screen.findByText(HOSPITAL.name)).closest('tr')!;
    expect(within(row).getByText('0.8 公里')).toBeTruthy();
    expect(within(row).getByText('医疗 12、康复 3')).toBeTruthy();
    expect(within(screen.getByText(NOWHERE.name).closest('tr')!).getByText('—')).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('region', { name: '机构分布地图' })).toBeNull();
    expect(calls.every((c) => c.path === '/api/registry/v1/institutions')).toBe(true);
  });

  it('with tiles: the switch shows the list on a map, a marker for each institution with a place and one for the search centre', async () => {
    rememberConsoleConfig({ oidc: OIDC, map: TILES });
    renderDirectory(`/institutions?near=${HOME}&radiusKm=5`);
    await screen.findByText(HOSPITAL.name);
    expect(screen.queryByRole('region', { name: '机构分布地图' })).toBeNull();

    await userEvent.click(screen.getByRole('switch', { name: '在地图上显示' }));
    expect(location.current).toContain('view=map');
    const map = await screen.findByRole('region', { name: '机构分布地图' }, { timeout: 20_000 });
    expect(within(map).getByRole('button', { name: `${HOSPITAL.name}，0.8 公里` })).toBeTruthy();
    expect(within(map).getByRole('button', { name: `${CLINIC.name}，1.5 公里` })).toBeTruthy();
    expect(within(map).getByRole('button', { name: '查询中心' })).toBeTruthy();
    expect(within(map).queryByRole('button', { name: new RegExp(NOWHERE.name) })).toBeNull();
    expect(screen.getByText(/地图上标出已加载的 2 家机构/)).toBeTruthy();
    expect(within(map).getByRole('button', { name: '放大' })).toBeTruthy();
    // the attribution as written, not as markup
    expect(map.querySelector('.leaflet-control-attribution')!.textContent).toContain('© 测试瓦片 <审图号>');
    // the list is still there, below
    expect(screen.getByRole('link', { name: `机构详情：${CLINIC.name}` })).toBeTruthy();

    await userEvent.click(within(map).getByRole('button', { name: `${HOSPITAL.name}，0.8 公里` }));
    const details = await within(map).findByRole('button', { name: `查看详情：${HOSPITAL.name}` });
    const popup = details.closest('.yy-map-popup')!;
    expect(popup.textContent).toContain('距查询中心 0.8 公里');
    expect(popup.textContent).toContain('空余床位：医疗 12、康复 3（2026-11-30 09:15 更新）');
    expect(popup.textContent).toContain('服务能力：急诊急救、老年医学科、康复');
    // by keyboard: two pointer clicks within 200 ms are a double click to Leaflet in jsdom (no pointerType),
    // and jsdom has no layout to place one; a keyboard's click is no tap
    details.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(location.current).toContain(`institution=${HOSPITAL.id}`));
    expect(location.current).toContain('view=map');
  });

  it("the register (a registrar's list) has no map even with tiles", async () => {
    rememberConsoleConfig({ oidc: OIDC, map: TILES });
    renderWithProviders(<InstitutionSearchPage mode="register" />, { path: '/register', principal: { roles: ['registrar'] } });
    await screen.findByText(HOSPITAL.name);
    expect(screen.queryByRole('switch')).toBeNull();
  });
});
