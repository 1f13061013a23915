/** The findings list against a fake notification service and registry (fetch stubbed): filters, names, the drawer. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { FindingsPage } from './FindingsPage';
import type { Finding } from './model';
import { outsideAgreementFinding } from './testing';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
const NAMES: Record<string, string> = { [HOME]: '福州市鼓楼区颐养院', [HOSPITAL]: '福建医科大学附属协和医院' };

const finding: Finding = outsideAgreementFinding('f0000000-0000-4000-8000-000000000001', HOME, HOSPITAL);

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
let calls: URL[];

function renderPage(path = '/findings') {
  return renderWithProviders(<FindingsPage />, { path, principal: { sub: 'u1', name: '林监管', roles: ['regulator'], division: '35' } });
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    calls.push(url);
    if (url.pathname === '/api/notification/v1/compliance/findings') return json({ items: [finding], nextCursor: null });
    if (url.pathname === `/api/notification/v1/compliance/findings/${finding.id}`) return json(finding);
    if (url.pathname.startsWith('/api/notification/v1/compliance/findings/'))
      return json(
        { type: 'about:blank', title: 'Not Found', status: 404, code: 'FINDING_NOT_FOUND', detail: 'no such finding' },
        404,
        'application/problem+json',
      );
    const id = url.pathname.split('/').pop()!;
    return NAMES[id] ? json({ id, name: NAMES[id] }) : json({ type: 'about:blank', title: 'x', status: 404, code: 'X', detail: '' }, 404);
  });
});

afterEach(() => vi.unstubAllGlobals());

// the first render in jsdom loads antd's table, select and drawer
describe('the findings page', { timeout: 30_000 }, () => {
  it('lists findings with the rule in words, the institutions by name and the time in China Standard Time', async () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 2, name: '合规发现' })).toBeTruthy();
    const row = (await screen.findByText('无协议发起转诊', undefined, { timeout: 10_000 })).closest('tr')!;
    await within(row).findByText('福州市鼓楼区颐养院', { exact: false }, { timeout: 10_000 });
    expect(within(row).getByText('接收机构：福建医科大学附属协和医院')).toBeTruthy();
    expect(within(row).getByText('待整改')).toBeTruthy();
    expect(within(row).getByText('2026-11-30 10:05')).toBeTruthy();
    const list = calls.find((u) => u.pathname.endsWith('/v1/compliance/findings'))!;
    expect(list.searchParams.get('limit')).toBe('50');
    expect(list.searchParams.has('division')).toBe(false);
  });

  it('sends the filters in the address to the service', async () => {
    renderPage('/findings?rule=DISTANT_AGREEMENT&status=OPEN&division=3501&bogus=1');
    await screen.findByText('无协议发起转诊', undefined, { timeout: 10_000 });
    const list = calls.find((u) => u.pathname.endsWith('/v1/compliance/findings'))!;
    expect(Object.fromEntries(list.searchParams)).toEqual({ limit: '50', rule: 'DISTANT_AGREEMENT', status: 'OPEN', division: '3501' });
  });

  it('ignores a division outside the jurisdiction rather than asking for it', async () => {
    renderPage('/findings?division=3601');
    await screen.findByText('无协议发起转诊', undefined, { timeout: 10_000 });
    expect(calls.find((u) => u.pathname.endsWith('/v1/compliance/findings'))!.searchParams.has('division')).toBe(false);
  });

  it('opens a finding in a drawer with what the rule checks', async () => {
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: '查看合规发现：无协议发起转诊' }, { timeout: 10_000 }));
    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('被拒转诊次数', undefined, { timeout: 10_000 });
    expect(within(drawer).getByText(/双方签订覆盖转诊的协议后解除/)).toBeTruthy();
    expect(within(drawer).getByText('未解决')).toBeTruthy();
    expect(within(drawer).getByText(finding.id)).toBeTruthy();
  });

  it('says so in words when a finding is not there', async () => {
    renderPage('/findings?finding=f0000000-0000-4000-8000-000000000009');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('该合规发现不存在，或不在您的管辖范围内。'));
  });
});
