/** The register page against a fake registry (fetch stubbed): what a registrar sees and types. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { App as AntApp } from 'antd';
import { createApiClients } from '../../api/client';
import { TestSessionProvider, type Session } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import { AntdLocale } from '../../app/Root';
import { InstitutionSearchPage } from './InstitutionSearchPage';

const institution = {
  id: '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d3e',
  version: 3,
  name: '福州市鼓楼区颐养院',
  uscc: '91350100M000100Y43',
  medicalInstitutionCode: null,
  category: 'ELDERLY_CARE',
  kind: 'NURSING_HOME',
  hospitalGrade: null,
  ownership: 'PRIVATE',
  nonProfit: true,
  divisionCode: '350102',
  divisionName: '鼓楼区',
  address: '福州市鼓楼区湖东路 1 号',
  location: { lat: 26.08, lng: 119.3 },
  medicalLicence: null,
  elderlyCareFiling: { number: 'YL-2024-001', filedOn: '2024-03-01' },
  medicalInsuranceDesignation: null,
  longTermCareInsuranceDesignation: null,
  beds: { elderly: 120 },
  capabilities: ['NURSING'],
  status: 'ACTIVE',
  statusReason: null,
  registeredAt: '2026-11-30T02:00:00.000Z',
  updatedAt: '2026-11-30T16:30:00.000Z',
};

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
let calls: Request[];
let answer: (req: Request) => Response;

function renderPage(path = '/register') {
  const session: Session = {
    principal: { sub: 'u1', name: '王晓梅', roles: ['registrar'] },
    api: createApiClients({ accessToken: () => 'token-1', language: () => 'zh', onUnauthorized: () => undefined }),
    accessToken: () => 'token-1',
    expired: false,
    markExpired: () => undefined,
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nProvider>
      <AntdLocale>
        <AntApp>
          <QueryClientProvider client={client}>
            <TestSessionProvider session={session}>
              <MemoryRouter initialEntries={[path]}>
                <InstitutionSearchPage mode="register" />
              </MemoryRouter>
            </TestSessionProvider>
          </QueryClientProvider>
        </AntApp>
      </AntdLocale>
    </I18nProvider>,
  );
}

beforeEach(() => {
  calls = [];
  answer = (req) =>
    new URL(req.url).pathname.endsWith(institution.id) ? json(institution) : json({ items: [institution], nextCursor: null });
  vi.stubGlobal('fetch', async (input: Request) => {
    calls.push(input);
    return answer(input);
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the register', () => {
  it('lists institutions with Chinese labels, through /api/registry with the bearer token', async () => {
    renderPage('/register?category=ELDERLY_CARE');
    expect(await screen.findByText('福州市鼓楼区颐养院')).toBeTruthy();
    const row = screen.getByText('福州市鼓楼区颐养院').closest('tr')!;
    expect(within(row).getByText('养老机构')).toBeTruthy();
    expect(within(row).getByText('鼓楼区')).toBeTruthy();
    expect(within(row).getByText('正常')).toBeTruthy();
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/registry/v1/institutions');
    expect(url.searchParams.get('category')).toBe('ELDERLY_CARE');
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
    answer = () =>
      json(
        {
          type: 'urn:yiyang:problem:VALIDATION',
          title: 'Bad Request',
          status: 400,
          code: 'VALIDATION',
          detail: 'invalid query',
          errors: [{ field: 'near', message: 'lat must be within ±90 and lng within ±180' }],
        },
        400,
        'application/problem+json',
      );
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
