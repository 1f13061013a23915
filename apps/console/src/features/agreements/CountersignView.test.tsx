/**
 * The medical institution's view of an agreement awaiting its countersignature, against fake services:
 * the mode's rules side by side with the content, names instead of ids (one registry read per
 * institution), countersigning and rejecting at the version read (If-Match), a 409 offering to reload,
 * an amendment to answer, and the history in China Standard Time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { download, fileOf } from '../../test/fakeApi';
import {
  AGREEMENT_ID,
  HOME_ID,
  HOSPITAL_ID,
  agreement,
  attachLine,
  documentVersions,
  fakeServices,
  json,
  problem,
  renderAgreements,
  type Recorded,
  INSTITUTIONS,
} from './testing';

const HOSPITAL_ADMIN = { roles: ['medical-admin' as const], institutionId: HOSPITAL_ID, name: '林医生' };
const PATH = `/agreements?agreement=${AGREEMENT_ID}`;
const AGREEMENT_URL = `/api/contract/v1/agreements/${AGREEMENT_ID}`;

afterEach(() => vi.unstubAllGlobals());
// a busy shared machine: give the page a few seconds to answer
configure({ asyncUtilTimeout: 15_000 });

/** The row of the checklist for a rule: [rule, what the agreement says, verdict]. */
function checklistRow(rule: string): string[] {
  const table = screen.getByRole('table', { name: '会签前核对' });
  const row = within(table).getByText(rule).closest('tr') as HTMLElement;
  return [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
}

describe('countersigning (the medical institution)', { timeout: 60_000 }, () => {
  it('shows the mode’s rules beside the content, with names instead of ids', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) =>
      r.path === AGREEMENT_URL
        ? json(agreement({ staff: [{ name: '李医生', practisingCertificateNumber: '110350100000123', multiSiteFiled: false }] }))
        : undefined,
    );
    renderAgreements(PATH, HOSPITAL_ADMIN);
    expect(await screen.findByRole('heading', { level: 2, name: '嵌入式合作 · 福州市鼓楼区颐养院' })).toBeTruthy();
    expect(screen.getByText('福州市鼓楼区颐养院已提交此协议，请核对内容与要求后会签或退回。')).toBeTruthy();
    // the requirements tab is open for the party about to countersign
    await screen.findByText('全部要求均已满足。');
    expect(checklistRow('嵌入式：写明院内医疗点（医务室、护理站或家庭医生工作室）')).toEqual([
      '嵌入式：写明院内医疗点（医务室、护理站或家庭医生工作室）',
      '颐养院一楼医务室',
      '符合',
    ]);
    expect(checklistRow('医疗方须为医疗机构或医养结合机构')).toEqual(['医疗方须为医疗机构或医养结合机构', '综合医院', '符合']);
    expect(checklistRow('定期巡诊、健康管理、家庭医生签约写明频次')[1]).toBe('定期巡诊（每周）');
    expect(checklistRow('派驻人员均已办理多机构执业备案（未备案将产生监管提示）').slice(1)).toEqual(['1 人未备案', '建议']);
    expect(checklistRow('合作期限尚未结束')[2]).toBe('符合');
    // each institution read once, however often it is named
    const reads = calls.filter((c) => c.path.startsWith('/api/registry/v1/institutions/')).map((c) => c.path);
    expect(reads.sort()).toEqual([`/api/registry/v1/institutions/${HOME_ID}`, `/api/registry/v1/institutions/${HOSPITAL_ID}`]);
  });

  it('marks an unmet rule and warns before countersigning; countersigns at the version read', async () => {
    let current = agreement({ site: null });
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST' && r.path === `${AGREEMENT_URL}/countersign`) {
        current = agreement({ site: null, status: 'SIGNED', version: 3 });
        return json(current);
      }
      return r.path === AGREEMENT_URL ? json(current) : undefined;
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    await screen.findByRole('table', { name: '会签前核对' });
    expect(checklistRow('嵌入式：写明院内医疗点（医务室、护理站或家庭医生工作室）').slice(1)).toEqual(['未填写', '不符合']);
    expect(await screen.findByText('有 1 项要求未满足，会签可能被拒绝。')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: /^会\s*签$/ }));
    const dialog = await screen.findByRole('dialog', { name: '会签此协议？' });
    expect(within(dialog).getByText('仍有 1 项要求未满足，确定会签吗？')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: /^会\s*签$/ }));
    await screen.findByText('协议已会签。');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${AGREEMENT_URL}/countersign`);
    expect(post.headers.get('if-match')).toBe('"2"');
    expect(post.headers.get('idempotency-key')).toBe(`countersign-${AGREEMENT_ID}-v2`);
    await waitFor(() => expect(screen.getAllByText('已签署待生效').length).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: /^会\s*签$/ })).toBeNull();
  });

  it('rejects only with a reason, sent as the service takes it', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST') return json(agreement({ status: 'REJECTED', version: 3 }));
      return r.path === AGREEMENT_URL ? json(agreement()) : undefined;
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    await userEvent.click(await screen.findByRole('button', { name: /^退\s*回$/ }));
    const dialog = await screen.findByRole('dialog', { name: '退回协议' });
    await userEvent.click(within(dialog).getByRole('button', { name: /^退\s*回$/ }));
    expect(await within(dialog).findByText('请写明原因（至少 2 个字）')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.type(within(dialog).getByLabelText('原因'), '派驻人员资质材料不全');
    await userEvent.click(within(dialog).getByRole('button', { name: /^退\s*回$/ }));
    await screen.findByText('协议已退回。');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${AGREEMENT_URL}/reject`);
    expect(post.body).toEqual({ reason: '派驻人员资质材料不全' });
    expect(post.headers.get('if-match')).toBe('"2"');
  });

  it('a 409 (the agreement moved meanwhile) is a sentence with a reload', async () => {
    let reads = 0;
    fakeServices(INSTITUTIONS, (r: Recorded) => {
      if (r.method === 'POST') return problem(409, 'STALE_VERSION', 'the resource is at version 3, not 2; read it again and retry');
      if (r.path === AGREEMENT_URL) {
        reads += 1;
        return json(reads === 1 ? agreement() : agreement({ version: 3, status: 'REJECTED' }));
      }
      return undefined;
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    await userEvent.click(await screen.findByRole('button', { name: /^会\s*签$/ }));
    const dialog = await screen.findByRole('dialog', { name: '会签此协议？' });
    await userEvent.click(within(dialog).getByRole('button', { name: /^会\s*签$/ }));
    expect(await within(dialog).findByText('协议在您查看后已有变化，请重新加载后再操作。')).toBeTruthy();
    expect(document.body.textContent).not.toContain('read it again');
    await userEvent.click(within(dialog).getByRole('button', { name: '重新加载' }));
    await waitFor(() => expect(reads).toBe(2));
    // only the countersigning side rejects: the hospital reads it as its own act
    await screen.findByText('本方已退回此协议。');
    expect(screen.queryByRole('button', { name: /^会\s*签$/ })).toBeNull();
  });

  it('the filing party sees it awaiting the other party, with no countersign of its own', async () => {
    fakeServices(INSTITUTIONS, (r) => (r.path === AGREEMENT_URL ? json(agreement()) : undefined));
    renderAgreements(PATH, { roles: ['elderly-admin'], institutionId: HOME_ID });
    expect(await screen.findByRole('heading', { level: 2, name: '嵌入式合作 · 福建医科大学附属协和医院' })).toBeTruthy();
    expect(screen.getByText('已提交，等待福建医科大学附属协和医院会签。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^会\s*签$/ })).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: '历史记录' }));
    const timeline = (await screen.findByRole('tabpanel', { name: '历史记录' })).querySelector('.ant-timeline') as HTMLElement;
    // 02:05 UTC is 10:05 in China, newest first
    expect([...timeline.querySelectorAll('time')].map((e) => e.textContent)).toEqual(['2026-11-20 10:05', '2026-11-20 10:00']);
    expect(within(timeline).getByText('提交')).toBeTruthy();
    expect(within(timeline).getByText(/草稿 → 待会签/)).toBeTruthy();
  });

  it('answers an amendment the other party proposed: what changes, side by side, then countersigned', async () => {
    const active = agreement({
      status: 'ACTIVE',
      version: 5,
      pendingAmendment: {
        revision: 1,
        proposedBy: 'elderly',
        proposedAt: '2027-01-05T03:00:00.000Z',
        documentVersion: null,
        content: { ...agreement(), site: '颐养院二楼护理站', entrustment: null, staff: agreement().staff },
      },
    });
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST') return json({ ...active, version: 6, revision: 1, site: '颐养院二楼护理站', pendingAmendment: null });
      return r.path === AGREEMENT_URL ? json(active) : undefined;
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    const card = (await screen.findByText('待会签的修订（第 1 版）')).closest('.ant-card') as HTMLElement;
    expect(await within(card).findByText('福州市鼓楼区颐养院于 2027-01-05 11:00 提出修订，请核对后会签或退回。')).toBeTruthy();
    const changed = within(card).getByRole('table', { name: '修订更改的内容' });
    const row = within(changed).getByText('院内医疗点').closest('tr') as HTMLElement;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['院内医疗点', '颐养院一楼医务室', '颐养院二楼护理站']);
    expect(within(changed).getAllByRole('row')).toHaveLength(2);
    await userEvent.click(within(card).getByRole('button', { name: '会签修订' }));
    const dialog = await screen.findByRole('dialog', { name: '会签此修订？' });
    await userEvent.click(within(dialog).getByRole('button', { name: '会签修订' }));
    await screen.findByText('修订已会签并生效。');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${AGREEMENT_URL}/amendment/countersign`);
    expect(post.headers.get('if-match')).toBe('"5"');
  });

  it('cannot countersign before the signed document is uploaded: the button is disabled with a sentence', async () => {
    fakeServices(INSTITUTIONS, (r) => (r.path === AGREEMENT_URL ? json(agreement({ attachedDocument: null })) : undefined));
    renderAgreements(PATH, HOSPITAL_ADMIN);
    expect(await screen.findByText('发起方尚未上传已签署的协议文本，上传后才能会签。')).toBeTruthy();
    expect((screen.getByRole('button', { name: /^会\s*签$/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('尚未上传已签署的协议文本。')).toBeTruthy();
    // the other party reads; only the filing party uploads
    expect(screen.queryByLabelText('上传已签署的协议文本')).toBeNull();
  });

  it('shows the signed document’s versions and downloads one with the token, under the service’s name', async () => {
    const signed = agreement({ history: [...agreement().history!, attachLine] });
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.path === AGREEMENT_URL) return json(signed);
      if (r.path === `${AGREEMENT_URL}/documents`) return json(documentVersions(signed));
      if (r.path === `${AGREEMENT_URL}/documents/1`) return download('%PDF-1.7', { ascii: 'document.pdf', utf8: '合作协议（盖章版）.pdf' });
      return undefined;
    });
    const saved: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:document', revokeObjectURL: () => undefined }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    const table = await screen.findByRole('table', { name: '签署文本的各版本' });
    const row = (await within(table).findByText('合作协议.pdf')).closest('tr') as HTMLElement;
    expect([...row.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)).toEqual([
      '第 1 版',
      '2026-11-20 10:01',
      '合作协议.pdf',
      '240 KB',
      '陈建国',
    ]);
    expect((screen.getByRole('button', { name: /^会\s*签$/ }) as HTMLButtonElement).disabled).toBe(false);
    await userEvent.click(within(row).getByRole('button', { name: '下载第 1 版：合作协议.pdf' }));
    await waitFor(() => expect(saved).toEqual(['合作协议（盖章版）.pdf blob:document']));
    const read = calls.find((c) => c.path === `${AGREEMENT_URL}/documents/1`)!;
    expect(read.headers.get('authorization')).toBe('Bearer token-1');
    click.mockRestore();
  });

  it('prints the summary: the PDF read with the token and opened in a new tab', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.path === AGREEMENT_URL) return json(agreement());
      if (r.path === `${AGREEMENT_URL}/summary.pdf`)
        return download('%PDF-1.7', { ascii: 'agreement-summary-7c1d2e3f.pdf', utf8: '协议摘要-7c1d2e3f.pdf' });
      return undefined;
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:summary', revokeObjectURL: () => undefined }));
    const opened: string[] = [];
    vi.stubGlobal('open', (url: string) => {
      opened.push(url);
      return {} as Window;
    });
    renderAgreements(PATH, HOSPITAL_ADMIN);
    await userEvent.click(await screen.findByRole('button', { name: /打印协议摘要/ }));
    await waitFor(() => expect(opened).toEqual(['blob:summary']));
    expect(calls.find((c) => c.path === `${AGREEMENT_URL}/summary.pdf`)?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('the filing party uploads a new version of a SUBMITTED agreement at the version read', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST' && r.path === `${AGREEMENT_URL}/documents`)
        return json(agreement({ version: 3, attachedDocument: { ...agreement().attachedDocument!, version: 2 } }), 201);
      return r.path === AGREEMENT_URL ? json(agreement()) : undefined;
    });
    renderAgreements(PATH, { roles: ['elderly-admin'], institutionId: HOME_ID });
    const input = await screen.findByLabelText('上传已签署的协议文本');
    fireEvent.change(input, { target: { files: [fileOf('补充签章页.png', 'png')] } });
    expect(await screen.findByText('已上传签署文本（第 2 版）。')).toBeTruthy();
    const upload = calls.find((c) => c.method === 'POST')!;
    expect(upload.path).toBe(`${AGREEMENT_URL}/documents`);
    expect(upload.headers.get('if-match')).toBe('"2"');
    expect(upload.headers.get('content-type')).toBe('image/png');
    expect(upload.headers.get('x-file-name')).toBe(encodeURIComponent('补充签章页.png'));
  });
});
