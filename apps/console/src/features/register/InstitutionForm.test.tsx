/** Registering and editing an institution against a fake registry (fetch stubbed): what a registrar types and sees. */
import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { usccCheckCharacter } from '@kernel/uscc';
import type { FormValues } from './model';
import { ID, fakeRegistry, institution, json, location, problem, renderRegister } from './testing';

const SLOW = 60_000;
afterEach(() => vi.unstubAllGlobals());

/** The error under the form item labelled so (antd puts it in the item's explain area). */
function errorsOf(label: string): string {
  const item = screen.getByLabelText(label).closest('.ant-form-item');
  const shown = [...(item?.querySelectorAll('.ant-form-item-explain-error') ?? [])].filter((e) => !/-leave/.test(e.className));
  return shown.map((e) => e.textContent).join('');
}

/** The page's banner (the form items' errors are alerts too). */
async function banner(): Promise<HTMLElement> {
  return waitFor(() => {
    const alert = document.querySelector<HTMLElement>('.ant-alert-error');
    if (!alert) throw new Error('no banner yet');
    return alert;
  });
}

const FIRST17 = '91350100M000200Y4';
const USCC = FIRST17 + usccCheckCharacter(FIRST17);

/** A complete registration, as a draft this tab kept (a session ran out mid-form). */
const complete: FormValues = {
  uscc: USCC,
  category: 'ELDERLY_CARE',
  name: '福州市台江区康乐园',
  kind: 'NURSING_HOME',
  ownership: 'PRIVATE',
  nonProfit: true,
  division: ['35', '3501', '350103'],
  address: '福州市台江区工业路 2 号',
  location: { lat: 26.06, lng: 119.31 },
  elderlyCareFiling: { number: 'YL-2026-002', filedOn: '2026-01-05' },
  capabilities: ['NURSING', 'DEMENTIA_CARE'],
  beds: { elderly: 80 },
};

describe('registering an institution', () => {
  it(
    'checks the USCC as it is typed, with the GB 32100-2015 check character',
    async () => {
      const calls = fakeRegistry(() => institution());
      renderRegister('/register?new');
      const uscc = await screen.findByLabelText('统一社会信用代码');
      await userEvent.type(uscc, FIRST17.toLowerCase());
      await waitFor(() => expect(errorsOf('统一社会信用代码')).toBe('统一社会信用代码应为 18 位'));
      // typed in lower case, held in capitals
      expect((uscc as HTMLInputElement).value).toBe(FIRST17);
      const wrong = usccCheckCharacter(FIRST17) === '0' ? '1' : '0';
      await userEvent.type(uscc, wrong);
      await waitFor(() => expect(errorsOf('统一社会信用代码')).toBe('统一社会信用代码校验位不正确，请核对'));
      await userEvent.type(uscc, `{Backspace}${usccCheckCharacter(FIRST17)}`);
      await waitFor(() => expect(errorsOf('统一社会信用代码')).toBe(''));
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'requires the division (and the rest) before asking the service',
    async () => {
      const calls = fakeRegistry(() => institution());
      renderRegister('/register?new');
      await userEvent.click(await screen.findByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(errorsOf('行政区划')).toBe('请选择行政区划'));
      expect(errorsOf('机构名称')).toBe('请输入机构名称（2–200 个字）');
      expect(errorsOf('机构类别')).toBe('请选择机构类别');
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'picks the division province → city → county from the GB/T 2260 list, by typing its name',
    async () => {
      fakeRegistry(() => institution());
      renderRegister('/register?new');
      const division = await screen.findByLabelText('行政区划');
      await userEvent.click(division);
      await userEvent.type(division, '台江');
      const option = await screen.findByText(
        (_, el) => el?.classList.contains('ant-cascader-menu-item-content') === true && /福建省.*福州市.*台江区/.test(el.textContent ?? ''),
        undefined,
        { timeout: 10_000 },
      );
      await userEvent.click(option);
      await userEvent.click(screen.getByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(errorsOf('机构名称')).not.toBe(''));
      expect(errorsOf('行政区划')).toBe('');
      expect(JSON.parse(sessionStorage.getItem('yiyang.console.draft.register.new')!).values.division).toEqual(['35', '3501', '350103']);
    },
    SLOW,
  );

  it(
    'sends the registration and shows a refusal next to the field it names (a draft restored after sign-in)',
    async () => {
      sessionStorage.setItem('yiyang.console.draft.register.new', JSON.stringify({ values: complete }));
      const calls = fakeRegistry(
        () => institution(),
        (r) =>
          r.method === 'POST' && r.path === '/api/registry/v1/institutions'
            ? problem(400, 'VALIDATION_FAILED', 'invalid body', [
                { field: 'elderlyCareFiling.filedOn', message: 'must be a date YYYY-MM-DD' },
              ])
            : undefined,
      );
      renderRegister('/register?new');
      expect(await screen.findByText('已恢复您上次未提交的内容。')).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: /提交登记/ }));
      const alert = await banner();
      expect(alert.textContent).toContain('提交的信息有误，请检查后重试。');
      await waitFor(() => expect(errorsOf('备案日期')).toBe('“养老机构备案”：must be a date YYYY-MM-DD'));
      const post = calls.find((c) => c.method === 'POST')!;
      expect(post.body).toMatchObject({
        uscc: USCC,
        category: 'ELDERLY_CARE',
        kind: 'NURSING_HOME',
        hospitalGrade: null,
        divisionCode: '350103',
        location: { lat: 26.06, lng: 119.31 },
        medicalLicence: null,
        elderlyCareFiling: { number: 'YL-2026-002', filedOn: '2026-01-05' },
        medicalInsuranceDesignation: null,
        capabilities: ['NURSING', 'DEMENTIA_CARE'],
        beds: { elderly: 80 },
      });
      expect(document.body.textContent).not.toContain('"status"');
    },
    SLOW,
  );

  it(
    'never registers on Enter in a field (confirming a date or a name is not 提交登记)',
    async () => {
      sessionStorage.setItem('yiyang.console.draft.register.new', JSON.stringify({ values: complete }));
      const calls = fakeRegistry(() => institution());
      renderRegister('/register?new');
      expect(await screen.findByText('已恢复您上次未提交的内容。')).toBeTruthy();
      await userEvent.type(screen.getByLabelText('机构名称'), '{Enter}');
      await userEvent.type(screen.getByLabelText('备案日期'), '{Enter}');
      // the button still sends it
      await userEvent.click(screen.getByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    },
    SLOW,
  );

  it(
    'puts a duplicate USCC under the USCC; once registered, opens it and forgets the draft',
    async () => {
      sessionStorage.setItem('yiyang.console.draft.register.new', JSON.stringify({ values: complete }));
      let duplicate = true;
      fakeRegistry(
        () => institution(),
        (r) => {
          if (r.method !== 'POST') return undefined;
          if (duplicate) return problem(409, 'DUPLICATE_USCC');
          return json(institution({ name: complete.name!, version: 1 }), 201);
        },
      );
      renderRegister('/register?new');
      await userEvent.click(await screen.findByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(errorsOf('统一社会信用代码')).toBe('该统一社会信用代码已登记。'));
      // a conflict over a USCC is not a stale version: nothing to reload
      expect(within(await banner()).queryByRole('button', { name: /重新加载/ })).toBeNull();
      duplicate = false;
      await userEvent.click(screen.getByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(location.current).toBe(`/register?institution=${ID}`));
      expect(sessionStorage.getItem('yiyang.console.draft.register.new')).toBeNull();
    },
    SLOW,
  );

  it(
    'asks for the practice licence of a medical institution, and a grade only of a hospital',
    async () => {
      fakeRegistry(() => institution());
      renderRegister('/register?new');
      await userEvent.click(await screen.findByLabelText('机构类别'));
      await userEvent.click(await screen.findByTitle('医疗机构'));
      expect(await screen.findByText('医疗机构执业许可证（医疗机构和医养结合机构必填）')).toBeTruthy();
      expect(screen.queryByText('养老机构备案（养老机构和医养结合机构必填）')).toBeNull();
      expect(screen.queryByLabelText('医院等级')).toBeNull();
      await userEvent.click(screen.getByLabelText('机构类型'));
      await userEvent.click(await screen.findByTitle('综合医院'));
      expect(await screen.findByLabelText('医院等级')).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: /提交登记/ }));
      await waitFor(() => expect(errorsOf('许可证登记号')).toBe('请输入编号'));
      expect(errorsOf('诊疗科目')).toBe('请至少填写一个诊疗科目');
    },
    SLOW,
  );
  it(
    'discards a restored draft on request: the form is empty again',
    async () => {
      sessionStorage.setItem('yiyang.console.draft.register.new', JSON.stringify({ values: complete }));
      fakeRegistry(() => institution());
      renderRegister('/register?new');
      await waitFor(() => expect((screen.getByLabelText('机构名称') as HTMLInputElement).value).toBe('福州市台江区康乐园'));
      await userEvent.click(screen.getByRole('button', { name: /放弃草稿/ }));
      await waitFor(() => expect((screen.getByLabelText('机构名称') as HTMLInputElement).value).toBe(''));
      expect((screen.getByLabelText('统一社会信用代码') as HTMLInputElement).value).toBe('');
      expect(screen.queryByText('已恢复您上次未提交的内容。')).toBeNull();
      expect(sessionStorage.getItem('yiyang.console.draft.register.new')).toBeNull();
    },
    SLOW,
  );
});

describe('editing an institution', () => {
  it(
    'sends only what changed at the version read; a stale version offers to reload',
    async () => {
      let current = institution();
      const calls = fakeRegistry(
        () => current,
        (r) => (r.method === 'PATCH' ? problem(409, 'STALE_VERSION') : undefined),
      );
      renderRegister(`/register?institution=${ID}&edit`);
      const name = await screen.findByLabelText('机构名称');
      expect(screen.getByText(/第 3 版/)).toBeTruthy();
      expect((screen.getByLabelText('统一社会信用代码') as HTMLInputElement).disabled).toBe(true);
      await userEvent.clear(name);
      await userEvent.type(name, '福州市鼓楼区颐养院（新院）');
      // meanwhile someone else saved version 4
      current = institution({ version: 4, name: '福州市鼓楼区颐养护理院' });
      await userEvent.click(screen.getByRole('button', { name: /保存修改/ }));
      const alert = await banner();
      expect(alert.textContent).toContain('此记录已被他人更新，请刷新后再操作。');
      const patch = calls.find((c) => c.method === 'PATCH')!;
      expect(patch.path).toBe(`/api/registry/v1/institutions/${ID}`);
      expect(patch.headers.get('if-match')).toBe('"3"');
      expect(patch.body).toEqual({ name: '福州市鼓楼区颐养院（新院）' });
      await userEvent.click(within(alert).getByRole('button', { name: /重新加载/ }));
      await waitFor(() => expect((screen.getByLabelText('机构名称') as HTMLInputElement).value).toBe('福州市鼓楼区颐养护理院'));
      expect(screen.getByText(/第 4 版/)).toBeTruthy();
      expect(document.querySelector('.ant-alert-error')).toBeNull();
    },
    SLOW,
  );

  it(
    'says when nothing changed instead of sending an empty change',
    async () => {
      const calls = fakeRegistry(() => institution());
      renderRegister(`/register?institution=${ID}&edit`);
      await screen.findByLabelText('机构名称');
      await userEvent.click(screen.getByRole('button', { name: /保存修改/ }));
      expect(await screen.findByText('没有需要保存的改动', undefined, { timeout: 10_000 })).toBeTruthy();
      expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    },
    SLOW,
  );
});
