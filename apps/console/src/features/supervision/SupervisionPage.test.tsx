/** The regulator's lists against fake contract and referral services (fetch stubbed): filters in the address, rows, drawers, refusals. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { location, renderWithProviders } from '../../test/render';
import { SupervisionPage } from './SupervisionPage';
import { NAMES, agreementItem, agreementRead, referralItem, referralRead } from './testing';

const AGREEMENT = agreementItem({ id: 'ag000000-0000-4000-8000-000000000001' });
const REFERRAL = referralItem({ id: 're000000-0000-4000-8000-000000000001', status: 'REJECTED', rejectionReason: 'CAPACITY_FULL' });

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, code: string) => json({ type: 'about:blank', title: code, status, code, detail: code }, status);
let calls: URL[];
let tokens: Map<string, string | null>;
let answer: (url: URL) => Response | undefined;

function renderPage(path = '/supervision') {
  return renderWithProviders(<SupervisionPage />, { path, principal: { sub: 'u1', name: '林监管', roles: ['regulator'], division: '35' } });
}

beforeEach(() => {
  calls = [];
  tokens = new Map();
  answer = () => undefined;
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    calls.push(url);
    tokens.set(url.pathname, input.headers.get('authorization'));
    const special = answer(url);
    if (special) return special;
    if (url.pathname === '/api/contract/v1/agreements') return json({ items: [AGREEMENT], nextCursor: null });
    if (url.pathname === `/api/contract/v1/agreements/${AGREEMENT.id}`)
      return json(
        agreementRead(AGREEMENT, [
          {
            at: '2025-12-10T02:30:00.000Z',
            action: 'submit',
            from: 'DRAFT',
            to: 'SUBMITTED',
            actor: { id: 'u-e', role: 'elderly-admin', name: '陈建国' },
            reason: null,
          },
          {
            at: '2025-12-12T03:00:00.000Z',
            action: 'countersign',
            from: 'SUBMITTED',
            to: 'SIGNED',
            actor: { id: 'u-m', role: 'medical-admin', name: '李医生' },
            reason: null,
          },
        ]),
      );
    if (url.pathname === '/api/referral/v1/referrals') return json({ items: [REFERRAL], nextCursor: null });
    if (url.pathname === `/api/referral/v1/referrals/${REFERRAL.id}`)
      return json(
        referralRead(REFERRAL, [
          {
            at: '2026-11-30T02:00:00.000Z',
            action: 'request',
            from: null,
            to: 'REQUESTED',
            actor: { id: 'u-e', role: 'elderly-admin', name: '陈建国' },
            code: null,
          },
          {
            at: '2026-11-30T02:20:00.000Z',
            action: 'reject',
            from: 'RECEIVED',
            to: 'REJECTED',
            actor: { id: 'u-d', role: 'referral-desk', name: '赵护士' },
            code: 'CAPACITY_FULL',
          },
        ]),
      );
    const id = url.pathname.split('/').pop()!;
    return NAMES[id] ? json({ id, name: NAMES[id] }) : problem(404, 'INSTITUTION_NOT_FOUND');
  });
});

afterEach(() => vi.unstubAllGlobals());

const lastCall = (path: string) => calls.filter((u) => u.pathname === path).at(-1);

// the first render in jsdom loads antd's table, tabs, select and drawer
describe('the supervision page', { timeout: 60_000 }, () => {
  it('lists the agreements with both parties by name, the mode and status in words and CST times', async () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 2, name: '辖区协议与转诊' })).toBeTruthy();
    const row = (await screen.findByText('多层次医疗服务合作', undefined, { timeout: 10_000 })).closest('tr')!;
    expect(within(row).getByText('福州市鼓楼区乐龄颐养院')).toBeTruthy();
    expect(within(row).getByText('福建医科大学附属协和医院')).toBeTruthy();
    expect(within(row).getByText('生效中')).toBeTruthy();
    expect(within(row).getByText('2026-01-01 至 2026-12-31')).toBeTruthy();
    expect(within(row).getByText('2025-12-10 10:30')).toBeTruthy();
    expect(Object.fromEntries(lastCall('/api/contract/v1/agreements')!.searchParams)).toEqual({ limit: '50' });
    expect(screen.getByText('已显示 1 份协议')).toBeTruthy();
  });

  it('sends the filters in the address to the contract service, leaving out what it would refuse', async () => {
    renderPage('/supervision?status=SUBMITTED&mode=EMBEDDED&division=3501&from=2026-01-01&expiring=30&bogus=1&institution=nope');
    await screen.findByText('多层次医疗服务合作', undefined, { timeout: 10_000 });
    expect(Object.fromEntries(lastCall('/api/contract/v1/agreements')!.searchParams)).toEqual({
      limit: '50',
      status: 'SUBMITTED',
      mode: 'EMBEDDED',
      division: '3501',
      from: '2026-01-01',
      expiringWithinDays: '30',
    });
  });

  it('keeps a chosen filter in the address', async () => {
    renderPage();
    await screen.findByText('多层次医疗服务合作', undefined, { timeout: 10_000 });
    await userEvent.click(screen.getByLabelText('状态'));
    await userEvent.click(await screen.findByTitle('待会签'));
    await waitFor(() => expect(location.current).toBe('/supervision?status=SUBMITTED'));
    await waitFor(() => expect(lastCall('/api/contract/v1/agreements')!.searchParams.get('status')).toBe('SUBMITTED'));
  });

  it('opens an agreement in a drawer with its history', async () => {
    renderPage();
    await userEvent.click(
      await screen.findByLabelText('查看协议：福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院', undefined, { timeout: 10_000 }),
    );
    expect(location.current).toBe(`/supervision?agreement=${AGREEMENT.id}`);
    const drawer = (await screen.findByText(/^(协议|转诊)详情$/)).closest<HTMLElement>('.ant-drawer')!;
    await within(drawer).findByText(AGREEMENT.id, undefined, { timeout: 10_000 });
    expect(within(drawer).getByText('初始文本')).toBeTruthy();
    expect(within(drawer).getAllByText('福建医科大学附属协和医院').length).toBeGreaterThan(0);
    expect(within(drawer).getByText('2025-12-12 11:00')).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: /会签|终止|续签/ })).toBeNull();
  });

  it('lists the referrals with the resident masked and opens one', async () => {
    renderPage('/supervision?tab=referrals&status=REJECTED,EXPIRED&priority=URGENT');
    const row = (await screen.findByText('王** · 女 · 1941 年生', undefined, { timeout: 10_000 })).closest('tr')!;
    expect(within(row).getByText('疑似脑卒中')).toBeTruthy();
    expect(within(row).getByText('已拒绝')).toBeTruthy();
    expect(within(row).getByText('2026-11-30 10:00')).toBeTruthy();
    expect(Object.fromEntries(lastCall('/api/referral/v1/referrals')!.searchParams)).toEqual({
      status: 'REJECTED,EXPIRED',
      priority: 'URGENT',
      limit: '50',
    });
    await userEvent.click(within(row).getByLabelText(/^查看转诊/));
    const drawer = (await screen.findByText(/^(协议|转诊)详情$/)).closest<HTMLElement>('.ant-drawer')!;
    await within(drawer).findByText('350102********1229', undefined, { timeout: 10_000 });
    expect(within(drawer).getByText('床位已满')).toBeTruthy();
    expect(within(drawer).getByText(/拒绝 · 已拒绝 · 转诊服务台 赵护士 · 床位已满/)).toBeTruthy();
    expect(within(drawer).getByText('城镇职工基本医疗保险')).toBeTruthy();
  });

  it('switching tabs keeps only what means the same on both', async () => {
    renderPage(`/supervision?status=ACTIVE&division=3501`);
    await screen.findByText('多层次医疗服务合作', undefined, { timeout: 10_000 });
    await userEvent.click(screen.getByRole('tab', { name: '转诊' }));
    await waitFor(() => expect(location.current).toBe('/supervision?tab=referrals&division=3501'));
    await screen.findByText('王** · 女 · 1941 年生', undefined, { timeout: 10_000 });
    expect(Object.fromEntries(lastCall('/api/referral/v1/referrals')!.searchParams)).toEqual({ division: '3501', limit: '50' });
  });

  it('shows a refusal as a sentence', async () => {
    answer = (url) => (url.pathname === '/api/referral/v1/referrals' ? problem(404, 'OUTSIDE_JURISDICTION') : undefined);
    renderPage('/supervision?tab=referrals&division=3502');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('该区划不在您的管辖范围内。'), { timeout: 10_000 });
  });

  it('exports the same filters with the token, and says why when the service refuses', async () => {
    answer = (url) => (url.pathname === '/api/contract/v1/agreements.csv' ? problem(422, 'EXPORT_TOO_LARGE') : undefined);
    renderPage('/supervision?status=ACTIVE');
    await screen.findByText('多层次医疗服务合作', undefined, { timeout: 10_000 });
    await userEvent.click(screen.getByRole('button', { name: /导出 CSV/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('符合条件的记录超过 10,000 条'));
    expect(lastCall('/api/contract/v1/agreements.csv')!.search).toBe('?status=ACTIVE');
    expect(tokens.get('/api/contract/v1/agreements.csv')).toBe('Bearer token-1');
  });
});
