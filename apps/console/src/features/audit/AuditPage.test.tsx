/** The audit page against faked services (fetch stubbed, answering as libs/platform's audit endpoints do). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { location, renderWithProviders } from '../../test/render';
import { stubApi, type Recorded } from '../../test/fakeApi';
import type { Principal } from '../../auth/principal';
import { AuditPage } from './AuditPage';
import type { AuditEntry } from './model';
import { answerAudit, auditEntry, type Caller } from './testing';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '7d1e2f30-1111-4222-8333-444455556666';
const NAMES: Record<string, string> = { [HOME]: '福州市鼓楼区乐龄颐养院', [HOSPITAL]: '福建医科大学附属协和医院' };
const PARTIES = [
  { institutionId: HOME, division: '350102' },
  { institutionId: HOSPITAL, division: '350103' },
];

const TRAILS: Record<string, AuditEntry[]> = {
  registry: [
    auditEntry({
      id: '11',
      at: '2026-11-28T06:30:00.000Z',
      type: 'institution',
      resourceId: HOME,
      version: 3,
      action: 'suspended',
      fields: ['status', 'statusReason'],
      reason: '消防检查不合格，停业整顿',
      actor: { id: 'u-r', role: 'registrar', name: '张登记' },
      parties: [PARTIES[0]],
    }),
  ],
  contract: [
    auditEntry({
      id: '21',
      at: '2026-11-22T02:02:00.000Z',
      type: 'agreement',
      resourceId: '5b0e1234-aaaa-4bbb-8ccc-000000000001',
      version: 4,
      action: 'rejected',
      fields: ['history', 'status'],
      reason: '服务半径过远',
      actor: { id: 'u-m', role: 'medical-admin', institutionId: HOSPITAL, name: '王主任' },
      parties: PARTIES,
    }),
  ],
  referral: [],
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

function serve(caller: Caller, { tooLarge = false } = {}): Recorded[] {
  return stubApi((r) => {
    const [, , service, ...rest] = r.path.split('/');
    const path = `/${rest.join('/')}`;
    if (path === '/v1/audit' || path === '/v1/audit.csv') {
      if (tooLarge && path.endsWith('.csv'))
        return json({ type: 'x', title: 'Refused', status: 422, code: 'AUDIT_EXPORT_TOO_LARGE', detail: 'narrow it' }, 422);
      const answer = answerAudit(TRAILS[service] ?? [], caller, path, r.search, service === 'registry' ? ['registrar'] : []);
      return typeof answer.body === 'string'
        ? new Response(answer.body, { status: answer.status, headers: answer.headers })
        : json(answer.body, answer.status);
    }
    if (service === 'registry' && path.startsWith('/v1/institutions/')) {
      const id = path.split('/').pop()!;
      return NAMES[id] ? json({ id, name: NAMES[id] }) : undefined;
    }
    return undefined;
  });
}

const REGULATOR: Partial<Principal> = { sub: 'u-g', name: '林清', roles: ['regulator'], division: '35' };

afterEach(() => vi.unstubAllGlobals());

const asked = (calls: Recorded[], service: string) => calls.filter((c) => c.path === `/api/${service}/v1/audit`);

describe('the audit page', { timeout: 60_000 }, () => {
  it("shows a regulator the registry's trail in words, then the agreements' on the next tab", async () => {
    const calls = serve({ roles: ['regulator'], division: '35' });
    renderWithProviders(<AuditPage />, { path: '/audit', principal: REGULATOR });
    expect(screen.getByRole('heading', { level: 2, name: '审计记录' })).toBeTruthy();
    const row = (await screen.findByText('暂停机构', undefined, { timeout: 10_000 })).closest('tr')!;
    expect(within(row).getByText('张登记')).toBeTruthy();
    expect(within(row).getByText('登记管理员')).toBeTruthy();
    expect(within(row).getByText('2026-11-28 14:30')).toBeTruthy();
    expect(within(row).getByText('状态：正常 → 暂停')).toBeTruthy();
    expect(within(row).getByText('原因：消防检查不合格，停业整顿')).toBeTruthy();
    await within(row).findByText('福州市鼓楼区乐龄颐养院', undefined, { timeout: 10_000 });
    expect(Object.fromEntries(asked(calls, 'registry')[0].search)).toEqual({ limit: '50' });

    await userEvent.click(screen.getByText('合作协议'));
    const agreement = (await screen.findByText('退回协议', undefined, { timeout: 10_000 })).closest('tr')!;
    await within(agreement).findByText('福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院 的合作协议', undefined, { timeout: 10_000 });
    expect(within(agreement).getByText('医疗机构管理员 · 福建医科大学附属协和医院')).toBeTruthy();
    expect(location.current).toBe('/audit?source=agreement');
    expect(asked(calls, 'contract')).toHaveLength(1);
  });

  it('sends the filters in the address to the service, and says when nothing matches', async () => {
    const calls = serve({ roles: ['regulator'], division: '35' });
    renderWithProviders(<AuditPage />, {
      path: `/audit?source=referral&from=2026-11-01&to=2026-11-30&action=accepted&institution=${HOME}&actor=system&bogus=1`,
      principal: REGULATOR,
    });
    await screen.findByText('没有符合条件的审计记录，可放宽日期范围或清除筛选', undefined, { timeout: 10_000 });
    expect(Object.fromEntries(asked(calls, 'referral')[0].search)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      action: 'accepted',
      actor: 'system',
      institution: HOME,
      limit: '50',
    });
    expect(asked(calls, 'registry')).toHaveLength(0);
  });

  it('offers the registrar the registry only, and never asks the other services', async () => {
    const calls = serve({ roles: ['registrar'] });
    renderWithProviders(<AuditPage />, {
      path: '/audit?source=agreement',
      principal: { sub: 'u-r', name: '张登记', roles: ['registrar'] },
    });
    await screen.findByText('暂停机构', undefined, { timeout: 10_000 });
    expect(screen.queryByText('合作协议')).toBeNull();
    expect(screen.getByText('范围：全部机构')).toBeTruthy();
    expect(asked(calls, 'contract')).toHaveLength(0);
  });

  it('opens an entry in a drawer, and narrows the trail to its actor from there', async () => {
    serve({ roles: ['regulator'], division: '35' });
    renderWithProviders(<AuditPage />, { path: '/audit?source=agreement', principal: REGULATOR });
    await userEvent.click(await screen.findByRole('button', { name: /^查看审计记录：王主任：退回协议/ }, { timeout: 10_000 }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('第 4 版')).toBeTruthy();
    expect(within(drawer).getByText('状态：待会签 → 已退回')).toBeTruthy();
    expect(within(drawer).getByText('服务半径过远')).toBeTruthy();
    expect(location.current).toBe('/audit?source=agreement&entry=21');
    await userEvent.click(within(drawer).getByRole('button', { name: '只看此人的操作' }));
    await waitFor(() => expect(location.current).toBe('/audit?source=agreement&actor=u-m'));
  });

  it('shows a refused export as a sentence', async () => {
    serve({ roles: ['regulator'], division: '35' }, { tooLarge: true });
    renderWithProviders(<AuditPage />, { path: '/audit', principal: REGULATOR });
    await screen.findByText('暂停机构', undefined, { timeout: 10_000 });
    await userEvent.click(screen.getByRole('button', { name: /导出 CSV/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('符合条件的记录超过 10,000 条');
  });

  it('shows a refusal of the list as a sentence', async () => {
    serve({ roles: ['elderly-admin'] }); // staff without an institution: the service answers 403
    renderWithProviders(<AuditPage />, { path: '/audit', principal: { sub: 'u-e', roles: ['elderly-admin'], institutionId: HOME } });
    expect((await screen.findByRole('alert', undefined, { timeout: 10_000 })).textContent).toContain('您的角色不能查看这一类审计记录');
  });
});
