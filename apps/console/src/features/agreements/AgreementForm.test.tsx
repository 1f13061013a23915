/**
 * The filing form against fake services: what each cooperation mode requires (EMBEDDED the site,
 * ENTRUSTED its legal terms, both dispatched staff; PRIMARY_CARE and MULTI_LEVEL their kind of medical
 * party), the term's order, the frequencies, what is sent (the generated API's body, If-Match, an
 * Idempotency-Key), and a refusal of the service shown next to the field it names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { sha256Hex } from '../../shared/files';
import { fileOf } from '../../test/fakeApi';
import type { FormValues } from './formValues';
import {
  AGREEMENT_ID,
  CLINIC_ID,
  HOME_ID,
  HOSPITAL_ID,
  SHA,
  agreement,
  fakeServices,
  json,
  location,
  problem,
  renderAgreements,
  type Recorded,
  INSTITUTIONS,
} from './testing';

/** A filing typed so far, as the form keeps it in this tab (what a sign-in round trip brings back). */
function typed(values: FormValues) {
  sessionStorage.setItem('yiyang.console.draft.agreements.file', JSON.stringify(values));
}

const COMPLETE: FormValues = {
  mode: 'MULTI_LEVEL',
  medicalInstitutionId: HOSPITAL_ID,
  term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
  services: [
    { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
    { code: 'TWO_WAY_REFERRAL', frequency: null },
  ],
  fees: [{ item: '巡诊', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
  duties: { elderlyParty: '提供场地\n配合巡诊', medicalParty: '每周巡诊' },
  breachLiability: '违约方承担相应责任',
  staff: [],
  document: { fileName: '合作协议.pdf', sha256: SHA },
};

/** The signed agreement chosen in the form (a real PDF header: the type is read from the bytes). */
const SIGNED = fileOf('合作协议.pdf', 'pdf', '甲乙双方盖章的协议全文');
async function chooseDocument(file: File = SIGNED) {
  fireEvent.change(screen.getByLabelText('上传已签署的协议文本'), { target: { files: [file] } });
  if (file.type === 'application/pdf') await screen.findByText(`SHA-256：${await sha256Hex(file)}`);
}
/** The form as typed before (a complete filing), the signed document chosen again. */
async function openWithDocument() {
  typed(COMPLETE);
  renderAgreements('/agreements?new');
  await screen.findByRole('heading', { level: 2, name: '发起签约' });
  await chooseDocument();
}
const documentField = () => screen.getByLabelText('上传已签署的协议文本').closest('.ant-form-item') as HTMLElement;

const submitButton = () => screen.getByRole('button', { name: /提交对方会签/ });
const errorsShown = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);

afterEach(() => vi.unstubAllGlobals());
// a busy shared machine: give the page a few seconds to answer
configure({ asyncUtilTimeout: 15_000 });

// a whole form in jsdom on a shared two-core machine: seconds, not milliseconds
describe('filing an agreement: what each mode requires', { timeout: 120_000 }, () => {
  it('asks for the mode, the medical institution, the term, the services, the responsibilities, the breach liability and the document', async () => {
    const calls = fakeServices(INSTITUTIONS);
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(submitButton());
    await waitFor(() =>
      expect(errorsShown()).toEqual(
        expect.arrayContaining([
          '请选择合作模式',
          '请选择对方医疗机构',
          '请选择生效日期',
          '请选择终止日期',
          '请至少选择一项服务',
          '请至少写明一条职责',
          '请写明违约责任',
          '请选择已签署的协议文本',
        ]),
      ),
    );
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('EMBEDDED (嵌入式): shows and requires the site, and dispatched staff with a practising certificate', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, mode: undefined });
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    expect(screen.queryByLabelText('院内医疗点')).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: /嵌入式合作/ }));
    expect(await screen.findByLabelText('院内医疗点')).toBeTruthy();
    expect(screen.getByText(/嵌入式、托管式须至少派驻一名持执业证书的医务人员/)).toBeTruthy();
    // the panel beside the form lists what the mode requires
    const panel = screen.getByText('嵌入式合作的要求').closest('.ant-card') as HTMLElement;
    expect(within(panel).getByText('嵌入式：写明院内医疗点（医务室、护理站或家庭医生工作室）')).toBeTruthy();
    await userEvent.click(submitButton());
    await waitFor(() =>
      expect(errorsShown()).toEqual(
        expect.arrayContaining(['嵌入式协议须写明院内医疗点', '嵌入式、托管式协议须至少派驻一名持执业证书的医务人员。']),
      ),
    );

    await userEvent.type(screen.getByLabelText('院内医疗点'), '颐养院一楼医务室');
    await userEvent.click(screen.getByRole('button', { name: /添加派驻人员/ }));
    await userEvent.type(screen.getByLabelText('第 1 名派驻人员的姓名'), '李医生');
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain('请填写执业证书编号'));
    expect(errorsShown()).not.toContain('嵌入式协议须写明院内医疗点');
  });

  it('ENTRUSTED (托管式): requires rights and obligations, legal liability and dispute resolution, and staff', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, mode: 'ENTRUSTED' });
    renderAgreements('/agreements?new');
    await screen.findByLabelText('权利与义务');
    expect(screen.queryByLabelText('院内医疗点')).toBeNull();
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown().filter((e) => e === '托管式协议须写明此项')).toHaveLength(3));
    expect(errorsShown()).toContain('嵌入式、托管式协议须至少派驻一名持执业证书的医务人员。');
  });

  it('PRIMARY_CARE (基层): offers primary-care institutions only, and refuses a hospital chosen under another mode', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, mode: 'PRIMARY_CARE', medicalInstitutionId: undefined });
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    const party = screen.getByLabelText('医疗机构（对方）');
    fireEvent.mouseDown(party);
    expect(await screen.findByTitle('鼓楼区东街街道社区卫生服务中心')).toBeTruthy();
    expect(document.querySelector('.ant-select-item[title="福建医科大学附属协和医院"]')).toBeNull();
    fireEvent.keyDown(party, { key: 'Escape' });

    // a hospital, chosen under MULTI_LEVEL, then the mode changed back
    await userEvent.click(screen.getByRole('radio', { name: /多层次医疗服务合作/ }));
    fireEvent.mouseDown(party);
    await userEvent.click(await screen.findByTitle('福建医科大学附属协和医院'));
    await userEvent.click(screen.getByRole('radio', { name: /基层协议合作/ }));
    await userEvent.click(submitButton());
    const refusal = '基层协议合作的医疗方须为社区卫生服务中心（站）、乡镇卫生院或村卫生室。';
    await waitFor(() => expect(errorsShown()).toContain(refusal));
    fireEvent.mouseDown(party);
    await userEvent.click(await screen.findByTitle('鼓楼区东街街道社区卫生服务中心'));
    await waitFor(() => expect(errorsShown()).not.toContain(refusal));
  });

  it('MULTI_LEVEL (多层次): a community health centre is refused, a hospital accepted', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, mode: 'MULTI_LEVEL', medicalInstitutionId: CLINIC_ID });
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain('多层次合作的医疗方须为医院（综合、中医、专科、康复、护理）或安宁疗护中心。'));
  });

  it('the term must end after it begins', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, term: { effectiveFrom: '2027-11-30', effectiveTo: '2026-12-01' } });
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain('终止日期须晚于生效日期'));
  });

  it('regular visits, health management and family doctors need a frequency; others do not', async () => {
    const calls = fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, services: [] });
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    await userEvent.click(screen.getByRole('checkbox', { name: '双向转诊' }));
    expect(screen.queryByLabelText('双向转诊的频次')).toBeNull();
    await userEvent.click(screen.getByRole('checkbox', { name: '定期巡诊' }));
    await userEvent.click(screen.getByRole('checkbox', { name: '家庭医生签约' }));
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain('请选择“定期巡诊”的频次；请选择“家庭医生签约”的频次'));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    fireEvent.mouseDown(screen.getByLabelText('定期巡诊的频次'));
    await userEvent.click(await screen.findByTitle('每周'));
    await userEvent.click(screen.getByRole('checkbox', { name: '家庭医生签约' }));
    await waitFor(() => expect(errorsShown().some((e) => e?.includes('频次'))).toBe(false));
  });

  it('files the draft, uploads the signed document at its version, then submits: bodies, headers and order', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST' && r.path === '/api/contract/v1/agreements')
        return json(
          agreement({ id: AGREEMENT_ID, status: 'DRAFT', version: 1, mode: 'MULTI_LEVEL', site: null, staff: [], attachedDocument: null }),
          201,
        );
      if (r.method === 'POST' && r.path.endsWith('/documents'))
        return json(agreement({ status: 'DRAFT', version: 2, mode: 'MULTI_LEVEL', site: null, staff: [] }), 201);
      if (r.method === 'POST' && r.path.endsWith('/submit'))
        return json(agreement({ status: 'SUBMITTED', version: 3, mode: 'MULTI_LEVEL' }));
      if (r.path === `/api/contract/v1/agreements/${AGREEMENT_ID}`) return json(agreement({ mode: 'MULTI_LEVEL' }));
      return undefined;
    });
    await openWithDocument();
    const digest = await sha256Hex(SIGNED);
    await userEvent.click(submitButton());
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${AGREEMENT_ID}`));
    const [file, upload, submit] = calls.filter((c) => c.method === 'POST');
    expect(file.path).toBe('/api/contract/v1/agreements');
    expect(file.body).toEqual({
      elderlyInstitutionId: HOME_ID,
      medicalInstitutionId: HOSPITAL_ID,
      mode: 'MULTI_LEVEL',
      term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
      services: [
        { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
        { code: 'TWO_WAY_REFERRAL', frequency: null },
      ],
      fees: [{ item: '巡诊', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
      responsibilities: { elderlyParty: ['提供场地', '配合巡诊'], medicalParty: ['每周巡诊'] },
      breachLiability: '违约方承担相应责任',
      site: null,
      entrustment: null,
      staff: [],
      // declared as well while the service still asks for it: the uploaded file's own name and hash
      document: { fileName: '合作协议.pdf', sha256: digest },
    });
    expect(file.headers.get('idempotency-key')).toMatch(/^file-/);
    // the file itself, as the raw body, at the draft's version
    expect(upload.path).toBe(`/api/contract/v1/agreements/${AGREEMENT_ID}/documents`);
    expect(upload.headers.get('if-match')).toBe('"1"');
    expect(upload.headers.get('content-type')).toBe('application/pdf');
    expect(upload.headers.get('x-content-sha256')).toBe(digest);
    expect(upload.headers.get('x-file-name')).toBe(encodeURIComponent('合作协议.pdf'));
    expect(upload.headers.get('authorization')).toBe('Bearer token-1');
    expect(upload.headers.get('idempotency-key')).toBe(`document-${AGREEMENT_ID}-v1-${digest.slice(0, 16)}`);
    expect(upload.bytes).toEqual(new Uint8Array(await SIGNED.arrayBuffer()));
    // then the submission, at the version the upload answered
    expect(submit.path).toBe(`/api/contract/v1/agreements/${AGREEMENT_ID}/submit`);
    expect(submit.headers.get('if-match')).toBe('"2"');
    // the typed filing is no longer kept
    expect(sessionStorage.getItem('yiyang.console.draft.agreements.file')).toBeNull();
  });

  it('brings back what was typed (a sign-in round trip), and starts over when asked', async () => {
    fakeServices(INSTITUTIONS);
    typed({ ...COMPLETE, mode: 'EMBEDDED', site: '一楼医务室' });
    renderAgreements('/agreements?new');
    expect(await screen.findByText('已恢复您上次未提交的内容。')).toBeTruthy();
    expect((screen.getByLabelText('院内医疗点') as HTMLInputElement).value).toBe('一楼医务室');
    await userEvent.click(screen.getByRole('button', { name: '清空重填' }));
    await waitFor(() => expect(screen.queryByLabelText('院内医疗点')).toBeNull());
    expect(screen.queryByText('已恢复您上次未提交的内容。')).toBeNull();
    expect((screen.getByRole('checkbox', { name: '定期巡诊' }) as HTMLInputElement).checked).toBe(false);
    expect(sessionStorage.getItem('yiyang.console.draft.agreements.file')).toBeNull();
  });

  it('shows a refusal of the service as a sentence next to the field it names', async () => {
    fakeServices(INSTITUTIONS, (r: Recorded) => {
      if (r.method === 'POST' && r.path === '/api/contract/v1/agreements')
        return problem(422, 'OVERLAPPING_AGREEMENT', 'the two institutions already have an ACTIVE or SIGNED agreement');
      return undefined;
    });
    await openWithDocument();
    await userEvent.click(submitButton());
    const sentence = '双方已有期限重叠的生效或已签署协议，请续签原协议。';
    await waitFor(() => expect(screen.getAllByText(sentence)).toHaveLength(2));
    const field = screen.getByLabelText('医疗机构（对方）').closest('.ant-form-item') as HTMLElement;
    expect(within(field).getByText(sentence)).toBeTruthy();
    expect(document.body.textContent).not.toContain('ACTIVE or SIGNED');
  });

  it('puts the service’s field errors under their fields (term.effectiveTo, services.0.frequency)', async () => {
    fakeServices(INSTITUTIONS, (r) =>
      r.method === 'POST'
        ? problem(400, 'VALIDATION_FAILED', 'invalid', [
            { field: 'term.effectiveTo', message: 'must be after effectiveFrom' },
            { field: 'services.0.frequency', message: 'is required for REGULAR_VISITS' },
          ])
        : undefined,
    );
    await openWithDocument();
    await userEvent.click(submitButton());
    await waitFor(() =>
      expect(errorsShown()).toEqual(
        expect.arrayContaining(['“终止日期”：must be after effectiveFrom', '“频次”：is required for REGULAR_VISITS']),
      ),
    );
  });

  it('refuses a file that is not a PDF, JPEG or PNG, or is over 20 MB, before sending anything; a restored filing asks for the file again', async () => {
    const calls = fakeServices(INSTITUTIONS);
    typed(COMPLETE);
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    // the tab's storage keeps the name, never the file
    await userEvent.click(submitButton());
    await waitFor(() => expect(within(documentField()).getByText('浏览器不能保留上次选择的文件，请重新选择已签署的协议文本')).toBeTruthy());

    // a Word file renamed .pdf is not a PDF: its bytes decide
    await chooseDocument(fileOf('协议.pdf', 'text', 'PK\u0003\u0004 word'));
    expect(await within(documentField()).findByText('“协议.pdf”不是 PDF、JPEG 或 PNG 文件，请选择扫描件或 PDF。')).toBeTruthy();
    const big = fileOf('扫描件.png', 'png');
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    await chooseDocument(big);
    expect(await within(documentField()).findByText('“扫描件.png”有 21.0 MB，超过 20 MB 的上限，请压缩或分页扫描后再选择。')).toBeTruthy();
    await userEvent.click(submitButton());
    await waitFor(() => expect(errorsShown()).toContain('“扫描件.png”有 21.0 MB，超过 20 MB 的上限，请压缩或分页扫描后再选择。'));
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('an upload the service refuses is shown at the document field; pressing again edits the same draft, uploads and submits', async () => {
    let uploads = 0;
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST' && r.path === '/api/contract/v1/agreements')
        return json(agreement({ status: 'DRAFT', version: 1, mode: 'MULTI_LEVEL', attachedDocument: null }), 201);
      if (r.method === 'PATCH') return json(agreement({ status: 'DRAFT', version: 2, mode: 'MULTI_LEVEL', attachedDocument: null }));
      if (r.method === 'POST' && r.path.endsWith('/documents')) {
        uploads += 1;
        return uploads === 1
          ? problem(400, 'DOCUMENT_REFUSED', 'the file is malformed')
          : json(agreement({ status: 'DRAFT', version: 3, mode: 'MULTI_LEVEL' }), 201);
      }
      if (r.method === 'POST' && r.path.endsWith('/submit'))
        return json(agreement({ status: 'SUBMITTED', version: 4, mode: 'MULTI_LEVEL' }));
      if (r.path === `/api/contract/v1/agreements/${AGREEMENT_ID}`) return json(agreement({ mode: 'MULTI_LEVEL' }));
      return undefined;
    });
    await openWithDocument();
    await userEvent.click(submitButton());
    const sentence = '草稿已保存，但协议文本未能上传：文件已损坏或含有不允许的内容，请重新导出或扫描后再上传。';
    expect(await within(documentField()).findByText(sentence)).toBeTruthy();
    expect(document.body.textContent).not.toContain('the file is malformed');
    expect(location.current).toBe('/agreements?new');

    await chooseDocument();
    await userEvent.click(submitButton());
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${AGREEMENT_ID}`));
    const changes = calls
      .filter((c) => c.method !== 'GET')
      .map((c) => `${c.method} ${c.path.replace(`/${AGREEMENT_ID}`, '/{id}')} ${c.headers.get('if-match') ?? ''}`);
    expect(changes).toEqual([
      'POST /api/contract/v1/agreements ',
      'POST /api/contract/v1/agreements/{id}/documents "1"',
      'PATCH /api/contract/v1/agreements/{id} "1"',
      'POST /api/contract/v1/agreements/{id}/documents "2"',
      'POST /api/contract/v1/agreements/{id}/submit "3"',
    ]);
  });
});
