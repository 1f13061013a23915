/**
 * A nursing home's moves on an agreement in force, against fake services: renewing (the new term, then
 * the successor opened), terminating (reason and date checked as the service checks them, its refusal
 * under the date), proposing an amendment (only what may change, sent at the version read), and the
 * English words for all of it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addDays, chinaToday } from './model';
import { AGREEMENT_ID, agreement, fakeServices, json, location, problem, renderAgreements, INSTITUTIONS } from './testing';
import { fileOf } from '../../test/fakeApi';

const URL_OF = `/api/contract/v1/agreements/${AGREEMENT_ID}`;
const SUCCESSOR = '7c1d2e3f-0000-4000-8000-0000000000ff';
const today = chinaToday();
const active = agreement({ status: 'ACTIVE', version: 4, term: { effectiveFrom: addDays(today, -300), effectiveTo: addDays(today, 20) } });

afterEach(() => vi.unstubAllGlobals());
configure({ asyncUtilTimeout: 15_000 });

/** Types a date into an Ant Design date picker and confirms it. */
async function typeDate(label: string, date: string) {
  const input = screen.getByLabelText(label);
  await userEvent.click(input);
  await userEvent.clear(input);
  await userEvent.type(input, `${date}{Enter}`);
}

describe('moves on an agreement in force (the nursing home)', { timeout: 60_000 }, () => {
  it('renews: the new term follows the current one, and the successor opens', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST') return json(agreement({ id: SUCCESSOR, status: 'SUBMITTED', predecessorId: AGREEMENT_ID, version: 1 }), 201);
      if (r.path === URL_OF) return json(active);
      if (r.path.endsWith(SUCCESSOR))
        return json(agreement({ id: SUCCESSOR, status: 'SUBMITTED', predecessorId: AGREEMENT_ID, version: 1 }));
      return undefined;
    });
    renderAgreements(`/agreements?agreement=${AGREEMENT_ID}`);
    // ending within 30 days: renewal is the first thing offered
    await userEvent.click(await screen.findByRole('button', { name: /^续\s*签$/ }));
    const dialog = await screen.findByRole('dialog', { name: '续签协议' });
    expect(within(dialog).getByText(`留空则为现协议终止日期的次日（${addDays(today, 21)}）`)).toBeTruthy();
    await typeDate('生效日期', addDays(today, 10));
    await typeDate('终止日期', addDays(today, 400));
    await userEvent.click(within(dialog).getByRole('button', { name: /^续\s*签$/ }));
    expect(await within(dialog).findByText(`新期限须晚于现协议的终止日期 ${addDays(today, 20)}`)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await typeDate('生效日期', addDays(today, 21));
    await userEvent.click(within(dialog).getByRole('button', { name: /^续\s*签$/ }));
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${SUCCESSOR}`));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${URL_OF}/renew`);
    expect(post.body).toEqual({ term: { effectiveFrom: addDays(today, 21), effectiveTo: addDays(today, 400) } });
    expect(post.headers.get('if-match')).toBe('"4"');
    expect(await screen.findByText('这是对原协议的续签，内容与原协议相同、期限顺延。')).toBeTruthy();
  });

  it('terminates with a reason and a date within the term; the service’s refusal sits under the date', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST') return problem(422, 'TERMINATION_AFTER_TERM', 'the agreement ends anyway');
      return r.path === URL_OF ? json(active) : undefined;
    });
    renderAgreements(`/agreements?agreement=${AGREEMENT_ID}`);
    await userEvent.click(await screen.findByRole('button', { name: '终止协议' }));
    const dialog = await screen.findByRole('dialog', { name: '终止协议' });
    expect((within(dialog).getByLabelText('终止生效日期') as HTMLInputElement).value).toBe(today);
    await typeDate('终止生效日期', addDays(today, 60));
    await userEvent.click(within(dialog).getByRole('button', { name: '终止协议' }));
    expect(await within(dialog).findByText(`终止日期不能晚于协议终止日期 ${addDays(today, 20)}；到期后协议自动结束`)).toBeTruthy();
    expect(within(dialog).getByText('请写明原因（至少 2 个字）')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    // a date the browser accepts but the service refuses: its sentence under the date
    await typeDate('终止生效日期', addDays(today, 5));
    await userEvent.type(within(dialog).getByLabelText('原因'), '机构搬迁，合作暂停');
    await userEvent.click(within(dialog).getByRole('button', { name: '终止协议' }));
    const sentence = '终止日期晚于协议终止日期；协议到期后会自动结束。';
    await waitFor(() => expect(within(dialog).getAllByText(sentence)).toHaveLength(2));
    const field = within(dialog).getByLabelText('终止生效日期').closest('.ant-form-item') as HTMLElement;
    expect(within(field).getByText(sentence)).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ reason: '机构搬迁，合作暂停', effectiveOn: addDays(today, 5) });
  });

  it('proposes an amendment: parties, mode and term fixed, the content sent at the version read', async () => {
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST')
        return json({
          ...active,
          version: 5,
          pendingAmendment: { revision: 1, proposedBy: 'elderly', proposedAt: new Date().toISOString(), content: active },
        });
      return r.path === URL_OF ? json(active) : undefined;
    });
    renderAgreements(`/agreements?agreement=${AGREEMENT_ID}`);
    await userEvent.click(await screen.findByRole('button', { name: '提出修订' }));
    await screen.findByRole('heading', { level: 2, name: '提出修订' });
    expect(screen.queryByRole('radio', { name: /嵌入式合作/ })).toBeNull();
    expect(screen.queryByLabelText('生效日期')).toBeNull();
    expect(screen.getByText('福建医科大学附属协和医院')).toBeTruthy();
    const site = screen.getByLabelText('院内医疗点') as HTMLInputElement;
    expect(site.value).toBe('颐养院一楼医务室');
    await userEvent.clear(site);
    await userEvent.type(site, '颐养院二楼护理站');
    await userEvent.click(screen.getByRole('button', { name: '提交修订' }));
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${AGREEMENT_ID}`));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${URL_OF}/amend`);
    expect(post.headers.get('if-match')).toBe('"4"');
    expect(post.body).toMatchObject({
      site: '颐养院二楼护理站',
      services: active.services,
      staff: active.staff,
    });
    // the amendment's paper is uploaded once it is proposed, never declared in the proposal
    expect(post.body).not.toHaveProperty('document');
    expect(Object.keys(post.body as object)).not.toEqual(expect.arrayContaining(['mode']));
    expect(Object.keys(post.body as object)).not.toEqual(expect.arrayContaining(['term']));
  });

  it('an amendment the home proposes: its new signed paper uploaded after the proposal, at the amendment’s version', async () => {
    const pending = {
      ...active,
      version: 5,
      pendingAmendment: {
        revision: 1,
        proposedBy: 'elderly',
        proposedAt: new Date().toISOString(),
        content: active,
        documentVersion: null,
      },
    };
    const calls = fakeServices(INSTITUTIONS, (r) => {
      if (r.method === 'POST' && r.path.endsWith('/documents'))
        return json({ ...pending, version: 6, pendingAmendment: { ...pending.pendingAmendment, documentVersion: 2 } }, 201);
      if (r.method === 'POST') return json(pending);
      return r.path === URL_OF ? json(active) : undefined;
    });
    renderAgreements(`/agreements?agreement=${AGREEMENT_ID}`);
    await userEvent.click(await screen.findByRole('button', { name: '提出修订' }));
    await screen.findByRole('heading', { level: 2, name: '提出修订' });
    const paper = fileOf('修订协议.pdf', 'pdf', '修订后的协议全文');
    fireEvent.change(screen.getByLabelText('上传已签署的协议文本'), { target: { files: [paper] } });
    await screen.findByText('修订协议.pdf');
    await userEvent.click(screen.getByRole('button', { name: '提交修订' }));
    await waitFor(() => expect(location.current).toBe(`/agreements?agreement=${AGREEMENT_ID}`));
    const [amend, upload] = calls.filter((c) => c.method === 'POST');
    expect(amend.path).toBe(`${URL_OF}/amend`);
    expect(amend.body).not.toHaveProperty('document');
    expect(upload.path).toBe(`${URL_OF}/documents`);
    expect(upload.headers.get('if-match')).toBe('"5"');
    expect(upload.headers.get('x-file-name')).toBe(encodeURIComponent('修订协议.pdf'));
    expect(upload.bytes).toEqual(new Uint8Array(await paper.arrayBuffer()));
  });

  it('chooses the signed document: its SHA-256 computed here', async () => {
    fakeServices(INSTITUTIONS);
    renderAgreements('/agreements?new');
    await screen.findByRole('heading', { level: 2, name: '发起签约' });
    const input = screen.getByTestId('agreement-document') as HTMLInputElement;
    // a PDF by its first bytes (a file of another type is refused before it is read further)
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.7\n合作协议全文'], '合作协议.pdf', { type: 'application/pdf' })] } });
    // printf '%%PDF-1.7\n合作协议全文' | sha256sum (UTF-8)
    expect(await screen.findByText('SHA-256：cc02b49c6f6468c8c6f10bfadc11cec4be4c32247107c4b33f25871e43750ee9')).toBeTruthy();
    expect(screen.getByText('合作协议.pdf')).toBeTruthy();
  });

  it('speaks English when asked', async () => {
    localStorage.setItem('yiyang.console.lang', 'en');
    fakeServices(INSTITUTIONS, (r) => (r.path === URL_OF ? json(active) : undefined));
    renderAgreements(`/agreements?agreement=${AGREEMENT_ID}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Embedded cooperation · 福建医科大学附属协和医院' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Renew' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'History' })).toBeTruthy();
    expect(screen.getAllByText('In force').length).toBeGreaterThan(0);
  });
});
