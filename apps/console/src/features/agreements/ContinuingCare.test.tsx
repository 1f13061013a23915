/**
 * Continuing-care agreements (接续服务合作, ADR 0013) against fake services: the care side (a rehabilitation
 * hospital) files with its medical-admin account, the mode fixed to CONTINUING_CARE, the other party
 * chosen among general, TCM and specialty hospitals only, the mode's requirements beside the form and
 * checked as typed (two-way referral and rehabilitation, nursing or hospice care), the parties named as
 * the care side and the hospital; the hospital countersigns it from its queue like any other agreement.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sha256Hex } from '../../shared/files';
import { fileOf } from '../../test/fakeApi';
import type { FormValues } from './formValues';
import {
  AGREEMENT_ID,
  HOME_ID,
  HOSPITAL_ID,
  INSTITUTIONS,
  agreement,
  fakeServices,
  institution,
  json,
  location,
  renderAgreements,
} from './testing';

afterEach(() => vi.unstubAllGlobals());
configure({ asyncUtilTimeout: 15_000 });

const REHAB_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d40';
const OTHER_REHAB_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d41';
const TCM_ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d42';
const REHAB = institution(REHAB_ID, { name: '福州市第二康复医院', category: 'MEDICAL', kind: 'REHABILITATION_HOSPITAL' });
const ALL = [
  ...INSTITUTIONS,
  REHAB,
  institution(OTHER_REHAB_ID, { name: '鼓楼区康复护理中心', category: 'MEDICAL', kind: 'REHABILITATION_HOSPITAL' }),
  institution(TCM_ID, { name: '福建中医药大学附属人民医院', category: 'MEDICAL', kind: 'TCM_HOSPITAL', hospitalGrade: 'LEVEL_3' }),
];
const careAdmin = { roles: ['medical-admin' as const], institutionId: REHAB_ID, name: '吴康宁' };

const COMPLETE: FormValues = {
  mode: 'CONTINUING_CARE',
  medicalInstitutionId: HOSPITAL_ID,
  term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
  services: [
    { code: 'TWO_WAY_REFERRAL', frequency: null },
    { code: 'REHABILITATION', frequency: null },
  ],
  fees: [],
  duties: { elderlyParty: '接收病情稳定的下转患者\n病情加重时及时上转', medicalParty: '下转时交接病历与康复方案' },
  breachLiability: '违约方承担相应责任',
  staff: [],
};
const typed = (values: FormValues) => sessionStorage.setItem('yiyang.console.draft.agreements.file', JSON.stringify(values));
const errorsShown = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);
const submitButton = () => screen.getByRole('button', { name: /提交对方会签/ });
const SIGNED = fileOf('接续服务合作协议.pdf', 'pdf', '双方盖章的接续服务合作协议');
const SERVICES_RULE = '接续服务合作须包含双向转诊，以及康复、护理或安宁疗护中的至少一项。';

describe('continuing care: the care side files', { timeout: 120_000 }, () => {
  it('a rehabilitation hospital’s medical-admin is offered filing; the form has continuing care only, and hospitals of the right kinds', async () => {
    fakeServices(ALL);
    renderAgreements('/agreements', careAdmin);
    expect(await screen.findByRole('heading', { level: 2, name: '合作协议' })).toBeTruthy();
    // the registry says what the institution is: then filing is offered, and the institution's intro
    const file = await screen.findByRole('button', { name: /发起签约/ });
    expect(screen.getByText(/本机构作为接续服务机构与综合、中医或专科医院签订的接续服务合作协议/)).toBeTruthy();
    // its own drafts among the filters, what waits for its answer first
    expect(screen.getByRole('tab', { name: /草稿/ })).toBeTruthy();
    expect(screen.getByRole('tab', { name: /待我方处理/ }).getAttribute('aria-selected')).toBe('true');
    await userEvent.click(file);
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    expect(screen.getByText(/填写接续服务合作协议并提交，由对方医院会签/)).toBeTruthy();

    // one mode, chosen already
    const radios = screen.getAllByRole('radio');
    expect(radios).toHaveLength(1);
    expect(screen.getByRole('radio', { name: /接续服务合作/ })).toHaveProperty('checked', true);
    // the parties named as the care side and the hospital
    expect(screen.getByLabelText('接续服务机构职责')).toBeTruthy();
    expect(screen.getByLabelText('医院职责')).toBeTruthy();
    expect(screen.queryByLabelText('养老机构职责')).toBeNull();
    // no site, no entrustment terms, staff optional
    expect(screen.queryByLabelText('院内医疗点')).toBeNull();
    expect(screen.getByText('可选：登记医疗机构派驻的医务人员')).toBeTruthy();

    // the other party: general, TCM and specialty hospitals only (never a rehabilitation hospital, a clinic or itself)
    const party = screen.getByLabelText('医院（对方）');
    fireEvent.mouseDown(party);
    expect(await screen.findByTitle('福建医科大学附属协和医院')).toBeTruthy();
    expect(screen.getByTitle('福建中医药大学附属人民医院')).toBeTruthy();
    for (const name of ['鼓楼区康复护理中心', '福州市第二康复医院', '鼓楼区东街街道社区卫生服务中心', '福州市鼓楼区颐养院'])
      expect(document.querySelector(`.ant-select-item[title="${name}"]`)).toBeNull();
    // the kind filter lists the same three kinds
    fireEvent.keyDown(party, { key: 'Escape' });
    fireEvent.mouseDown(screen.getByLabelText('机构类型'));
    expect(await screen.findByTitle('综合医院')).toBeTruthy();
    expect(screen.queryByTitle('康复医院')).toBeNull();

    // the requirements beside the form, the care side met already
    const panel = screen.getByText('接续服务合作的要求').closest('.ant-card') as HTMLElement;
    const careRow = within(panel)
      .getByText('接续服务合作：发起方须为康复医院、护理院或安宁疗护机构（医疗机构或医养结合机构）')
      .closest('li')!;
    expect(within(careRow as HTMLElement).getByText('符合')).toBeTruthy();
    expect(within(panel).getByText('接续服务合作：对方须为综合医院、中医医院或专科医院')).toBeTruthy();
    const servicesRow = within(panel).getByText('接续服务合作：约定双向转诊，以及康复、护理、安宁疗护中的至少一项').closest('li')!;
    expect(within(servicesRow as HTMLElement).getByText('不符合')).toBeTruthy();
    expect(within(panel).queryByText(/嵌入式/)).toBeNull();
  });

  it('asks for two-way referral and rehabilitation, nursing or hospice care, as the service does', async () => {
    const calls = fakeServices(ALL);
    typed({ ...COMPLETE, services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }] });
    renderAgreements('/agreements?new', careAdmin);
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain(SERVICES_RULE));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    await userEvent.click(screen.getByRole('checkbox', { name: '安宁疗护' }));
    await waitFor(() => expect(errorsShown()).not.toContain(SERVICES_RULE));
  });

  it('a hospital of the wrong kind, restored from before, is refused beside the field', async () => {
    fakeServices(ALL);
    typed({ ...COMPLETE, medicalInstitutionId: OTHER_REHAB_ID });
    renderAgreements('/agreements?new', careAdmin);
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(submitButton());
    const field = screen.getByLabelText('医院（对方）').closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('接续服务合作的对方须为综合医院、中医医院或专科医院。')).toBeTruthy();
  });

  it('files as the first party (the care side), uploads the signed text, submits', async () => {
    const filed = (o: Parameters<typeof agreement>[0]) =>
      agreement({
        mode: 'CONTINUING_CARE',
        elderlyInstitutionId: REHAB_ID,
        site: null,
        staff: [],
        services: COMPLETE.services as never,
        ...o,
      });
    const calls = fakeServices(ALL, (r) => {
      if (r.method === 'POST' && r.path === '/api/contract/v1/agreements')
        return json(filed({ status: 'DRAFT', version: 1, attachedDocument: null }), 201);
      if (r.method === 'POST' && r.path.endsWith('/documents')) return json(filed({ status: 'DRAFT', version: 2 }), 201);
      if (r.method === 'POST' && r.path.endsWith('/submit')) return json(filed({ status: 'SUBMITTED', version: 3 }));
      if (r.path === `/api/contract/v1/agreements/${AGREEMENT_ID}`) return json(filed({ status: 'SUBMITTED', version: 3 }));
      return undefined;
    });
    typed(COMPLETE);
    renderAgreements('/agreements?new', careAdmin);
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    fireEvent.change(screen.getByLabelText('上传已签署的协议文本'), { target: { files: [SIGNED] } });
    const digest = await sha256Hex(SIGNED);
    await screen.findByText(`SHA-256：${digest}`);
    await userEvent.click(submitButton());
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${AGREEMENT_ID}`));
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.path.replace(`/${AGREEMENT_ID}`, '/{id}'))).toEqual([
      '/api/contract/v1/agreements',
      '/api/contract/v1/agreements/{id}/documents',
      '/api/contract/v1/agreements/{id}/submit',
    ]);
    expect(posts[0].body).toEqual({
      elderlyInstitutionId: REHAB_ID,
      medicalInstitutionId: HOSPITAL_ID,
      mode: 'CONTINUING_CARE',
      term: COMPLETE.term,
      services: COMPLETE.services,
      fees: [],
      responsibilities: { elderlyParty: ['接收病情稳定的下转患者', '病情加重时及时上转'], medicalParty: ['下转时交接病历与康复方案'] },
      breachLiability: '违约方承担相应责任',
      site: null,
      entrustment: null,
      staff: [],
      document: { fileName: '接续服务合作协议.pdf', sha256: digest },
    });
    // the detail: the parties named as the care side and the hospital, waiting for the hospital
    expect(await screen.findByText('已提交，等待福建医科大学附属协和医院会签。')).toBeTruthy();
    expect(screen.getByText('接续服务机构')).toBeTruthy();
    expect(screen.getByText('福州市第二康复医院 · 康复医院')).toBeTruthy();
  });

  it('the hospital finds it in its queue and checks it against the continuing-care rules', async () => {
    const waiting = agreement({
      mode: 'CONTINUING_CARE',
      elderlyInstitutionId: REHAB_ID,
      site: null,
      staff: [],
      services: COMPLETE.services as never,
    });
    fakeServices(ALL, (r) => {
      if (r.path === '/api/contract/v1/agreements')
        return json({ items: r.search.get('status') === 'SUBMITTED' ? [waiting] : [], nextCursor: null });
      if (r.path === `/api/contract/v1/agreements/${AGREEMENT_ID}`) return json(waiting);
      return undefined;
    });
    renderAgreements('/agreements', { roles: ['medical-admin'], institutionId: HOSPITAL_ID });
    const tab = await screen.findByRole('tab', { name: /待我方处理/ });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    // a general hospital does not file
    expect(screen.queryByRole('button', { name: /发起签约/ })).toBeNull();
    const link = await screen.findByRole('link', { name: '查看协议：福州市第二康复医院' });
    expect(within(link.closest('tr') as HTMLElement).getByText('待我方会签')).toBeTruthy();
    await userEvent.click(link);
    const checklist = await screen.findByRole('table', { name: '会签前核对' });
    expect(
      await within(checklist).findByText('接续服务合作：发起方须为康复医院、护理院或安宁疗护机构（医疗机构或医养结合机构）'),
    ).toBeTruthy();
    await waitFor(() => expect(screen.getByText('全部要求均已满足。')).toBeTruthy());
    expect(screen.getByRole('button', { name: /^会\s*签$/ })).toBeTruthy();
  });

  it('a nursing home is never offered continuing care', async () => {
    fakeServices(ALL);
    renderAgreements('/agreements?new', { roles: ['elderly-admin'], institutionId: HOME_ID });
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    expect(screen.getAllByRole('radio')).toHaveLength(4);
    expect(screen.queryByRole('radio', { name: /接续服务合作/ })).toBeNull();
    expect(screen.getByLabelText('医疗机构（对方）')).toBeTruthy();
  });
});
