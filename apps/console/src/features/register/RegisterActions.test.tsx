/** The registrar's actions in an institution's drawer (sanctions with a reason, accounts) against a fake registry. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Account } from './api';
import { ID, fakeRegistry, institution, json, location, problem, renderRegister } from './testing';

const SLOW = 60_000;
afterEach(() => vi.unstubAllGlobals());

const account = (o: Partial<Account> = {}): Account => ({
  id: 'acc-1',
  username: 'chen.jianguo',
  displayName: '陈建国',
  role: 'elderly-admin',
  institutionId: ID,
  division: null,
  enabled: true,
  mustChangePassword: false,
  createdAt: '2026-11-30T02:00:00.000Z',
  ...o,
});

/** The dialog (drawer or modal) whose title is this (antd gives every title the same id in tests, so not by name). */
const dialogTitled = (title: string) =>
  waitFor(
    () => {
      const found = screen
        .getAllByRole('dialog')
        .find((d) => d.querySelector('.ant-drawer-title, .ant-modal-title')?.textContent === title);
      if (!found) throw new Error(`no dialog "${title}" yet`);
      return found;
    },
    { timeout: 10_000 },
  );
const drawer = () => dialogTitled('福州市鼓楼区颐养院');

describe('the sanctions', () => {
  it(
    'suspends with a reason: the reason is required, the version read goes as If-Match',
    async () => {
      const calls = fakeRegistry(
        () => institution(),
        (r) =>
          r.method === 'POST' && r.path.endsWith('/suspend')
            ? json(institution({ version: 4, status: 'SUSPENDED', statusReason: '消防检查不合格' }))
            : undefined,
      );
      renderRegister(`/register?institution=${ID}`);
      const actions = within(await drawer()).getByRole('group', { name: '对“福州市鼓楼区颐养院”的操作' });
      // an active institution can be edited, suspended or revoked, not reinstated
      expect(within(actions).queryByRole('button', { name: /恢\s*复/ })).toBeNull();
      await userEvent.click(within(actions).getByRole('button', { name: /暂\s*停/ }));
      const dialog = await dialogTitled('暂停机构：福州市鼓楼区颐养院');
      await userEvent.click(within(dialog).getByRole('button', { name: /暂\s*停/ }));
      expect(await within(dialog).findByText('请填写原因（至少 2 个字）')).toBeTruthy();
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
      await userEvent.type(within(dialog).getByLabelText('原因'), '消防检查不合格');
      await userEvent.click(within(dialog).getByRole('button', { name: /暂\s*停/ }));
      await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
      const post = calls.find((c) => c.method === 'POST')!;
      expect(post.path).toBe(`/api/registry/v1/institutions/${ID}/suspend`);
      expect(post.headers.get('if-match')).toBe('"3"');
      expect(post.body).toEqual({ reason: '消防检查不合格' });
      // the drawer shows the institution as now read
      expect(await within(await drawer()).findByText('消防检查不合格')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'offers reinstate (reason optional) for a suspended institution; a 409 offers to reload',
    async () => {
      const calls = fakeRegistry(
        () => institution({ status: 'SUSPENDED', statusReason: '整改中' }),
        (r) => (r.method === 'POST' ? problem(409, 'TRANSITION_NOT_ALLOWED') : undefined),
      );
      renderRegister(`/register?institution=${ID}`);
      const actions = within(await drawer()).getByRole('group');
      expect(within(actions).queryByRole('button', { name: /暂\s*停/ })).toBeNull();
      await userEvent.click(within(actions).getByRole('button', { name: /恢\s*复/ }));
      const dialog = await dialogTitled('恢复机构：福州市鼓楼区颐养院');
      await userEvent.click(within(dialog).getByRole('button', { name: /恢\s*复/ }));
      const alert = await waitFor(() => {
        const a = dialog.querySelector<HTMLElement>('.ant-alert-error');
        if (!a) throw new Error('no banner yet');
        return a;
      });
      expect(alert.textContent).toContain('当前状态下不能执行此操作。');
      expect(calls.find((c) => c.method === 'POST')!.body).toEqual({});
      const reads = calls.filter((c) => c.method === 'GET' && c.path.endsWith(ID)).length;
      await userEvent.click(within(alert).getByRole('button', { name: /重新加载/ }));
      await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path.endsWith(ID)).length).toBe(reads + 1));
    },
    SLOW,
  );

  it(
    'offers nothing for a revoked institution, and opens the edit form for an active one',
    async () => {
      let current = institution({ status: 'REVOKED', statusReason: '吊销' });
      fakeRegistry(() => current);
      const page = renderRegister(`/register?institution=${ID}`);
      expect(await within(await drawer()).findByText('该机构已撤销登记，不能再修改。')).toBeTruthy();
      expect(screen.queryByRole('button', { name: /编\s*辑/ })).toBeNull();
      page.unmount();
      current = institution();
      renderRegister(`/register?institution=${ID}`);
      await userEvent.click(within(await drawer()).getByRole('button', { name: /编\s*辑/ }));
      await waitFor(() => expect(location.current).toBe(`/register?institution=${ID}&edit=`));
      expect(await screen.findByRole('heading', { name: '编辑机构信息：福州市鼓楼区颐养院' })).toBeTruthy();
    },
    SLOW,
  );
});

describe('the accounts', () => {
  it(
    'lists the institution’s accounts and disables one after confirmation',
    async () => {
      let enabled = true;
      const calls = fakeRegistry(
        () => institution(),
        (r) => {
          if (r.path === '/api/registry/v1/accounts') return json({ items: [account({ enabled })], nextCursor: null });
          if (r.path === '/api/registry/v1/accounts/acc-1/disable') {
            enabled = false;
            return json(account({ enabled }));
          }
          return undefined;
        },
      );
      renderRegister(`/register?institution=${ID}`);
      const d = await drawer();
      const row = (await within(d).findByText('chen.jianguo')).closest('tr')!;
      expect(within(row).getByText('养老机构管理员')).toBeTruthy();
      expect(within(row).getByText('启用中')).toBeTruthy();
      expect(calls.find((c) => c.path === '/api/registry/v1/accounts')).toBeTruthy();
      await userEvent.click(within(row).getByRole('button', { name: '停用 陈建国 的账号' }));
      const confirm = await screen.findByText('停用 陈建国 的账号？其登录会话将立即结束。');
      await userEvent.click(within(confirm.closest('.ant-popover')! as HTMLElement).getByRole('button', { name: /停\s*用/ }));
      await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/acc-1/disable'))).toBe(true));
      expect(await within(d).findByText('已停用')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'says so when account management is not available',
    async () => {
      fakeRegistry(
        () => institution(),
        (r) => (r.path === '/api/registry/v1/accounts' ? problem(503, 'SERVICE_UNAVAILABLE') : undefined),
      );
      renderRegister(`/register?institution=${ID}`);
      expect(await within(await drawer()).findByText('账号服务暂不可用（未配置，或身份认证服务没有响应），请稍后重试。')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'creates an administrator’s account (the username checked as typed) and shows the one-time password once',
    async () => {
      const calls = fakeRegistry(
        () => institution(),
        (r) =>
          r.method === 'POST' && r.path === '/api/registry/v1/accounts'
            ? json(
                {
                  ...account({ id: 'acc-2', username: 'li.na', displayName: '李娜', mustChangePassword: true }),
                  temporaryPassword: 'Tmp-8f2k-Q9',
                },
                201,
              )
            : undefined,
      );
      renderRegister(`/register?institution=${ID}`);
      await userEvent.click(within(await drawer()).getByRole('button', { name: /新建管理员账号/ }));
      const dialog = await dialogTitled('为 福州市鼓楼区颐养院 新建账号');
      await userEvent.type(within(dialog).getByLabelText('用户名'), 'Li Na');
      expect(await within(dialog).findByText('用户名应为 3–64 位小写字母、数字、点、连字符或下划线，且以字母或数字开头')).toBeTruthy();
      await userEvent.clear(within(dialog).getByLabelText('用户名'));
      await userEvent.type(within(dialog).getByLabelText('用户名'), 'li.na');
      await userEvent.type(within(dialog).getByLabelText('姓名'), '李娜');
      await userEvent.click(within(dialog).getByRole('button', { name: /创\s*建/ }));
      const shown = await dialogTitled('账号已创建：li.na');
      expect(within(shown).getByText('Tmp-8f2k-Q9')).toBeTruthy();
      expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
        username: 'li.na',
        displayName: '李娜',
        role: 'elderly-admin',
        institutionId: ID,
      });
    },
    SLOW,
  );
});
