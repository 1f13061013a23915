/**
 * What the agreements' component tests share: the page rendered with a session, a router and a fresh
 * query cache (src/test/render.tsx); the contract and registry services answered by a fake
 * (src/test/fakeApi.ts) that records every request; and institutions and agreements as the services
 * return them.
 */
import type { Principal } from '../../auth/principal';
import { json, problem, stubApi, type Recorded } from '../../test/fakeApi';
import { registeredInstitution } from '../../test/institution';
import { renderWithProviders } from '../../test/render';
import type { DocumentVersion, Institution } from './api';
import { AgreementsPage } from './AgreementsPage';
import { addDays, chinaToday, type Agreement, type HistoryEntry } from './model';

export const HOME_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
export const HOSPITAL_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
export const CLINIC_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d32';
export const AGREEMENT_ID = '7c1d2e3f-0000-4000-8000-000000000001';

export function institution(id: string, o: Partial<Institution> = {}): Institution {
  const n = [HOME_ID, HOSPITAL_ID, CLINIC_ID].indexOf(id);
  return registeredInstitution({
    id,
    name: ['福州市鼓楼区颐养院', '福建医科大学附属协和医院', '鼓楼区东街街道社区卫生服务中心'][n] ?? '某机构',
    category: n === 0 ? 'ELDERLY_CARE' : 'MEDICAL',
    kind: n === 0 ? 'NURSING_HOME' : n === 1 ? 'GENERAL_HOSPITAL' : 'COMMUNITY_HEALTH_CENTER',
    hospitalGrade: n === 1 ? 'LEVEL_3' : null,
    ...o,
  });
}

/** The home, the hospital and the community health centre, as the registry answers them. */
export const INSTITUTIONS: readonly Institution[] = [institution(HOME_ID), institution(HOSPITAL_ID), institution(CLINIC_ID)];

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
    attachedDocument: {
      version: 1,
      fileName: '合作协议.pdf',
      sha256: SHA,
      mediaType: 'application/pdf',
      sizeBytes: 245_760,
      uploadedAt: '2026-11-20T02:01:00.000Z',
    },
    proposedBy: 'elderly',
    predecessorId: null,
    revision: 0,
    pendingAmendment: null,
    termination: null,
    sanctions: [],
    renewals: [],
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:05:00.000Z',
    history: filedAndSubmitted('2026-11-20T02:00:00.000Z', '2026-11-20T02:05:00.000Z', 'u-home'),
    ...o,
  };
}

export { json, problem, type Recorded };
export { location } from '../../test/render';

/** A line of an agreement's history, by an elderly-care administrator unless `actor` says otherwise. */
export function historyLine(
  at: string,
  action: string,
  from: HistoryEntry['from'],
  to: HistoryEntry['to'],
  actor: Partial<HistoryEntry['actor']> = {},
): HistoryEntry {
  return { at, action, from, to, actor: { id: 'u-home', name: null, role: 'elderly-admin', ...actor }, reason: null };
}

/** Filed as a draft at `draftAt` and submitted at `submitAt` by the home's administrator `actorId`. */
export const filedAndSubmitted = (draftAt: string, submitAt: string, actorId: string): HistoryEntry[] => [
  historyLine(draftAt, 'draft', null, 'DRAFT', { id: actorId }),
  historyLine(submitAt, 'submit', 'DRAFT', 'SUBMITTED', { id: actorId }),
];

/** The history line of an upload (version n is the n-th such line). */
export const attachLine: HistoryEntry = historyLine('2026-11-20T02:01:00.000Z', 'attach-document', 'DRAFT', 'DRAFT', { name: '陈建国' });

/** The versions of an agreement's signed document as the service lists them (newest first). */
export function documentVersions(a: Agreement): { agreementId: string; items: DocumentVersion[] } {
  const latest = a.attachedDocument;
  return { agreementId: a.id, items: latest ? [latest] : [] };
}

/**
 * The services, faked: `handle` answers a request (or returns undefined for the defaults: institutions by
 * id from `institutions`, searches list them all, agreement lists empty, an agreement's documents none).
 */
export function fakeServices(institutions: readonly Institution[], handle: (r: Recorded) => Response | undefined = () => undefined) {
  return stubApi(handle, (r) => {
    const registry = /^\/api\/registry\/v1\/institutions\/([^/]+)$/.exec(r.path);
    if (registry) {
      const found = institutions.find((i) => i.id === registry[1]);
      return found ? json(found) : problem(404, 'INSTITUTION_NOT_FOUND');
    }
    if (r.path === '/api/registry/v1/institutions') return json({ items: institutions, nextCursor: null });
    if (r.path === '/api/contract/v1/agreements' && r.method === 'GET') return json({ items: [], nextCursor: null });
    const documents = /^\/api\/contract\/v1\/agreements\/([^/]+)\/documents$/.exec(r.path);
    if (documents && r.method === 'GET') return json({ agreementId: documents[1], items: [] });
    return undefined;
  });
}

export function renderAgreements(path: string, principal: Partial<Principal> = {}) {
  return renderWithProviders(<AgreementsPage />, { path, route: '/agreements', principal: { institutionId: HOME_ID, ...principal } });
}
