/** The register page against a fake registry (fetch stubbed): what a registrar sees and types. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stubApi, type Recorded } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { InstitutionSearchPage } from './InstitutionSearchPage';
import { ID, institution as institutionAs, json, problem } from './testing';

const institution = institutionAs();
let calls: Recorded[];
let answer: (req: Recorded) => Response;

const renderPage = (path = '/register') =>
  renderWithProviders(<InstitutionSearchPage mode="register" />, { path, principal: { sub: 'u1', name: '王晓梅', roles: ['registrar'] } });

beforeEach(() => {
  answer = (req) => (req.path.endsWith(ID) ? json(institution) : json({ items: [institution], nextCursor: null }));
  calls = stubApi((req) => answer(req));
});
afterEach(() => vi.unstubAllGlobals());

// a busy machine renders antd slowly: each test has a minute, it ends as soon as what it waits for shows
describe('the register', { timeout: 60_000 }, () => {
  it('lists institutions with Chinese labels, through /api/registry with the bearer token', async () => {
    renderPage('/register?category=ELDERLY_CARE');
    expect(await screen.findByText('福州市鼓楼区颐养院')).toBeTruthy();
    const row = screen.getByText('福州市鼓楼区颐养院').closest('tr')!;
    expect(within(row).getByText('养老机构')).toBeTruthy();
    expect(within(row).getByText('鼓楼区')).toBeTruthy();
    expect(within(row).getByText('正常')).toBeTruthy();
    expect(calls[0].path).toBe('/api/registry/v1/institutions');
    expect(calls[0].search.get('category')).toBe('ELDERLY_CARE');
    expect(calls[0].headers.get('authorization')).toBe('Bearer token-1');
    expect(calls[0].headers.get('accept-language')).toBe('zh-CN');
  });

  it('opens the details in a drawer, dates in China Standard Time', async () => {
    renderPage();
    await userEvent.click(await screen.findByRole('link', { name: /机构详情：福州市鼓楼区颐养院/ }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('91350100M000100Y43')).toBeTruthy();
    expect(within(drawer).getByText('2026-12-01 00:30')).toBeTruthy();
    expect(within(drawer).getByText('YL-2024-001（备案日期 2024-03-01）')).toBeTruthy();
  });

  it('refuses a division that is not on the GB/T 2260 list before asking the service', async () => {
    renderPage();
    await screen.findByText('福州市鼓楼区颐养院');
    const before = calls.length;
    await userEvent.type(screen.getByLabelText('行政区划'), '3599');
    await userEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('不是有效的行政区划：应为省 2 位、市 4 位或区县 6 位代码')).toBeTruthy();
    expect(calls.length).toBe(before);
  });

  it('shows a refusal of the service as a sentence, next to the field it names', async () => {
    answer = () => problem(400, 'VALIDATION', 'invalid query', [{ field: 'near', message: 'lat must be within ±90 and lng within ±180' }]);
    renderPage('/register?near=26.08,119.30');
    expect(await screen.findByText('提交的信息有误，请检查后重试。')).toBeTruthy();
    // once in the banner, once under the field
    await waitFor(() => expect(screen.getAllByText('“附近（纬度,经度）”：lat must be within ±90 and lng within ±180')).toHaveLength(2));
    expect(document.querySelector('.ant-form-item-explain-error')?.textContent).toContain('lat must be within');
    expect(document.body.textContent).not.toContain('"status"');
  });

  it('keeps what was typed across a sign-in round trip (a draft in this tab)', async () => {
    const first = renderPage();
    await screen.findByText('福州市鼓楼区颐养院');
    await userEvent.type(screen.getByLabelText('行政区划'), '3501');
    first.unmount();
    renderPage();
    await waitFor(() => expect((screen.getByLabelText('行政区划') as HTMLInputElement).value).toBe('3501'));
  });
});
