/**
 * What the agreements' component tests share: the page rendered with a session, a router and a fresh
 * query cache; the contract and registry services answered by a fake (fetch stubbed) that records every
 * request; and institutions and agreements as the services return them.
 */
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { App as AntApp } from 'antd';
import { vi } from 'vitest';
import { AntdLocale } from '../../app/Root';
import { createApiClients } from '../../api/client';
import type { Principal } from '../../auth/principal';
import { TestSessionProvider, type Session } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import type { Institution } from './api';
import { AgreementsPage } from './AgreementsPage';
import { addDays, chinaToday, type Agreement } from './model';

export const HOME_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
export const HOSPITAL_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
export const CLINIC_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d32';
export const AGREEMENT_ID = '7c1d2e3f-0000-4000-8000-000000000001';

export function institution(id: string, o: Partial<Institution> = {}): Institution {
  const n = [HOME_ID, HOSPITAL_ID, CLINIC_ID].indexOf(id);
  return {
    id,
    version: 2,
    name: ['福州市鼓楼区颐养院', '福建医科大学附属协和医院', '鼓楼区东街街道社区卫生服务中心'][n] ?? '某机构',
    uscc: '91350100M000100Y43',
    medicalInstitutionCode: null,
    category: n === 0 ? 'ELDERLY_CARE' : 'MEDICAL',
    kind: n === 0 ? 'NURSING_HOME' : n === 1 ? 'GENERAL_HOSPITAL' : 'COMMUNITY_HEALTH_CENTER',
    hospitalGrade: n === 1 ? 'LEVEL_3' : null,
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350102',
    divisionName: '鼓楼区',
    address: '福州市鼓楼区湖东路 1 号',
    location: { lat: 26.08, lng: 119.3 },
    medicalLicence: null,
    elderlyCareFiling: null,
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    beds: {},
    capabilities: [],
    status: 'ACTIVE',
    statusReason: null,
    registeredAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-30T16:30:00.000Z',
    ...o,
  } as Institution;
}

export const SHA = 'a'.repeat(64);

export function agreement(o: Partial<Agreement> = {}): Agreement {
  return {
    id: AGREEMENT_ID,
    version: 2,
    status: 'SUBMITTED',
    mode: 'EMBEDDED',
    elderlyInstitutionId: HOME_ID,
    medicalInstitutionId: HOSPITAL_ID,
    copiedFrom: null,
    elderlyInstitutionName: null,
    medicalInstitutionName: null,
    services: [
      { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
      { code: 'TWO_WAY_REFERRAL', frequency: null },
    ],
    fees: [{ item: '巡诊', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
    responsibilities: { elderlyParty: ['提供医疗点用房'], medicalParty: ['每周派医生巡诊'] },
    breachLiability: '违约方承担相应责任',
    // a term that has not ended, whenever the tests run
    term: { effectiveFrom: addDays(chinaToday(), 1), effectiveTo: addDays(chinaToday(), 365) },
    site: '颐养院一楼医务室',
    entrustment: null,
    staff: [{ name: '李医生', practisingCertificateNumber: '110350100000123', multiSiteFiled: true }],
    document: { fileName: '合作协议.pdf', sha256: SHA },
    proposedBy: 'elderly',
    predecessorId: null,
    revision: 0,
    pendingAmendment: null,
    termination: null,
    sanctions: [],
    renewals: [],
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:05:00.000Z',
    history: [
      {
        at: '2026-11-20T02:00:00.000Z',
        action: 'draft',
        from: null,
        to: 'DRAFT',
        actor: { id: 'u-home', name: null, role: 'elderly-admin' },
        reason: null,
      },
      {
        at: '2026-11-20T02:05:00.000Z',
        action: 'submit',
        from: 'DRAFT',
        to: 'SUBMITTED',
        actor: { id: 'u-home', name: null, role: 'elderly-admin' },
        reason: null,
      },
    ],
    ...o,
  };
}

export interface Recorded {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

export const problem = (status: number, code: string, detail = code, errors?: { field: string; message: string }[]) =>
  json({ type: `urn:yiyang:problem:${code.toLowerCase()}`, title: 'Refused', status, code, detail, ...(errors ? { errors } : {}) }, status);

/**
 * The services, faked: `handle` answers a request (or returns undefined for the defaults: institutions by
 * id from `institutions`, searches list them all, agreement lists empty).
 */
export function fakeServices(institutions: Institution[], handle: (r: Recorded) => Response | undefined = () => undefined) {
  const calls: Recorded[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    const text = input.method === 'GET' ? '' : await input.clone().text();
    const r: Recorded = {
      method: input.method,
      path: url.pathname,
      search: url.searchParams,
      headers: input.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(r);
    const answer = handle(r);
    if (answer) return answer;
    const registry = /^\/api\/registry\/v1\/institutions\/([^/]+)$/.exec(url.pathname);
    if (registry) {
      const found = institutions.find((i) => i.id === registry[1]);
      return found ? json(found) : problem(404, 'INSTITUTION_NOT_FOUND');
    }
    if (url.pathname === '/api/registry/v1/institutions') return json({ items: institutions, nextCursor: null });
    if (url.pathname === '/api/contract/v1/agreements' && input.method === 'GET') return json({ items: [], nextCursor: null });
    return problem(404, 'NOT_FOUND');
  });
  return calls;
}

export function session(principal: Partial<Principal>): Session {
  return {
    principal: { sub: 'u-1', name: '陈建国', roles: ['elderly-admin'], institutionId: HOME_ID, ...principal },
    api: createApiClients({ accessToken: () => 'token-1', language: () => 'zh', onUnauthorized: () => undefined }),
    accessToken: () => 'token-1',
    expired: false,
    markExpired: () => undefined,
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
}

/** Where the page went: the router's location, for the tests to read. */
export const location = { current: '' };
function WhereAmI() {
  const l = useLocation();
  location.current = `${l.pathname}${l.search}`;
  return null;
}

export function renderAgreements(path: string, principal: Partial<Principal> = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nProvider>
      <AntdLocale>
        <AntApp>
          <QueryClientProvider client={client}>
            <TestSessionProvider session={session(principal)}>
              <MemoryRouter initialEntries={[path]}>
                <Routes>
                  <Route
                    path="/agreements"
                    element={
                      <>
                        <WhereAmI />
                        <AgreementsPage />
                      </>
                    }
                  />
                </Routes>
              </MemoryRouter>
            </TestSessionProvider>
          </QueryClientProvider>
        </AntApp>
      </AntdLocale>
    </I18nProvider>,
  );
}
