/**
 * The administrators' overview against fake services: the filters with their counts, one query per
 * status, the other party by name (one registry read per institution however many rows name it), and
 * the signed document's digest computed in the browser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addDays, chinaToday } from './model';
import { CLINIC_ID, HOME_ID, HOSPITAL_ID, agreement, fakeServices, json, renderAgreements, INSTITUTIONS } from './testing';

afterEach(() => vi.unstubAllGlobals());
configure({ asyncUtilTimeout: 15_000 });

const ids = (n: number) => `7c1d2e3f-0000-4000-8000-00000000000${n}`;

describe('the agreements overview', { timeout: 60_000 }, () => {
  it('a nursing home sees its agreements in force, the counts of each filter, the other party by name', async () => {
    // 20 days from today in China (the list counts China dates; after 16:00 UTC China is a day ahead)
    const soon = addDays(chinaToday(), 20);
    const active = [
      agreement({ id: ids(1), status: 'ACTIVE', mode: 'MULTI_LEVEL', medicalInstitutionId: HOSPITAL_ID }),
      agreement({
        id: ids(2),
        status: 'ACTIVE',
        mode: 'PRIMARY_CARE',
        medicalInstitutionId: CLINIC_ID,
        term: { effectiveFrom: '2026-01-01', effectiveTo: soon },
      }),
      agreement({
        id: ids(3),
        status: 'ACTIVE',
        mode: 'EMBEDDED',
        medicalInstitutionId: HOSPITAL_ID,
        termination: { effectiveOn: soon, reason: '合作调整', bySide: 'medical' },
      }),
    ];
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.path !== '/api/contract/v1/agreements') return undefined;
      const status = r.search.get('status');
      if (r.search.get('expiringWithinDays') === '30') return json({ items: [active[1]], nextCursor: null });
      if (status === 'ACTIVE') return json({ items: active, nextCursor: null });
      if (status === 'DRAFT') return json({ items: [agreement({ id: ids(4), status: 'DRAFT', version: 1 })], nextCursor: null });
      return json({ items: [], nextCursor: null });
    });
    renderAgreements('/agreements');
    expect(await screen.findByRole('heading', { level: 2, name: '合作协议' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /发起签约/ })).toBeTruthy();
    const inForce = screen.getByRole('tab', { name: /生效中/ });
    expect(inForce.getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(inForce.textContent).toContain('3'));
    await waitFor(() => expect(screen.getByRole('tab', { name: /30 天内到期/ }).textContent).toContain('1'));
    await waitFor(() => expect(screen.getByRole('tab', { name: /草稿/ }).textContent).toContain('1'));

    const row = (await screen.findByRole('link', { name: '查看协议：鼓楼区东街街道社区卫生服务中心' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('基层协议合作')).toBeTruthy();
    expect(within(row).getByText('剩 20 天')).toBeTruthy();
    expect(within(row).getByText('生效中')).toBeTruthy();
    expect(screen.getByText(`${soon} 起终止`)).toBeTruthy();
    expect(screen.getAllByRole('link', { name: '查看协议：福建医科大学附属协和医院' })).toHaveLength(2);
    // the hospital is named by two rows and read once
    expect(calls.filter((c) => c.path === `/api/registry/v1/institutions/${HOSPITAL_ID}`)).toHaveLength(1);
    // the API is asked one status at a time
    expect(
      calls
        .filter((c) => c.path === '/api/contract/v1/agreements')
        .map((c) => c.search.get('status') ?? `expiring ${c.search.get('expiringWithinDays')}`),
    ).toEqual(expect.arrayContaining(['ACTIVE', 'SIGNED', 'DRAFT', 'SUBMITTED', 'expiring 30']));

    await userEvent.click(screen.getByRole('link', { name: '查看协议：鼓楼区东街街道社区卫生服务中心' }));
    await waitFor(() => expect(calls.some((c) => c.path === `/api/contract/v1/agreements/${ids(2)}`)).toBe(true));
  });

  it('a hospital opens on what waits for its answer', async () => {
    const waiting = agreement({ id: ids(5), status: 'SUBMITTED', proposedBy: 'elderly' });
    const ours = agreement({ id: ids(6), status: 'SUBMITTED', proposedBy: 'medical', elderlyInstitutionId: HOME_ID });
    fakeServices(INSTITUTIONS, (r) => {
      if (r.path !== '/api/contract/v1/agreements') return undefined;
      return json({ items: r.search.get('status') === 'SUBMITTED' ? [waiting, ours] : [], nextCursor: null });
    });
    renderAgreements('/agreements', { roles: ['medical-admin'], institutionId: HOSPITAL_ID });
    const tab = await screen.findByRole('tab', { name: /待我方处理/ });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('button', { name: /发起签约/ })).toBeNull();
    const rows = await screen.findAllByRole('link', { name: '查看协议：福州市鼓楼区颐养院' });
    // the renewal the hospital proposed itself waits for the other side, not for it
    expect(rows).toHaveLength(1);
    expect(within(rows[0].closest('tr') as HTMLElement).getByText('待我方会签')).toBeTruthy();
  });
});
