/**
 * A referral's attachments against a fake referral service: the list with who attached each file,
 * a download under the service's name with the token, a new file sent at the referral's version
 * (checked for type first), the printed form, and nothing of the kind for a regulator.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { download, fileOf, json, stubApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { sha256Hex } from '../../shared/files';
import { Attachments, PrintReferralForm } from './Attachments';
import type { Attachment } from './api';
import type { Referral } from './types';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
const ID = 'r0000000-0000-4000-8000-000000000001';
const URL_OF = `/api/referral/v1/referrals/${ID}`;
const referral = (o: Partial<Referral> = {}) =>
  ({ id: ID, version: 4, status: 'ACCEPTED', direction: 'UP', fromInstitutionId: HOME, toInstitutionId: HOSPITAL, ...o }) as Referral;
const ATTACHED: Attachment = {
  id: 'a0000000-0000-4000-8000-000000000001',
  fileName: '血常规报告.pdf',
  mediaType: 'application/pdf',
  size: 52_000,
  sha256: 'b'.repeat(64),
  side: 'sender',
  uploadedAt: '2026-11-30T01:00:00.000Z',
};
const DESK = { roles: ['referral-desk' as const], institutionId: HOSPITAL, name: '郑晓燕' };

afterEach(() => vi.unstubAllGlobals());
configure({ asyncUtilTimeout: 15_000 });

describe('a referral’s attachments', { timeout: 60_000 }, () => {
  it('lists the files with the side that attached them, and downloads one under the service’s name', async () => {
    const calls = stubApi((r) => {
      if (r.path === `${URL_OF}/attachments`) return json({ items: [ATTACHED] });
      if (r.path === `${URL_OF}/attachments/${ATTACHED.id}`)
        return download('%PDF-1.7', { ascii: 'attachment.pdf', utf8: '血常规报告.pdf' });
      return undefined;
    });
    const saved: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:attachment', revokeObjectURL: () => undefined }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderWithProviders(<Attachments referral={referral()} />, { principal: DESK });
    const list = await screen.findByRole('list', { name: '转诊附件列表' });
    expect(within(list).getByText('血常规报告.pdf')).toBeTruthy();
    expect(within(list).getByText('转出方 · 2026-11-30 09:00 · 51 KB')).toBeTruthy();
    await userEvent.click(within(list).getByRole('button', { name: '下载附件：血常规报告.pdf' }));
    await waitFor(() => expect(saved).toEqual(['血常规报告.pdf']));
    expect(calls.find((c) => c.path.endsWith(ATTACHED.id))?.headers.get('authorization')).toBe('Bearer token-1');
    click.mockRestore();
  });

  it('adds a file at the referral’s version, with its SHA-256 and name; a file of another type is refused before sending', async () => {
    const calls = stubApi((r) => {
      if (r.method === 'POST') return json({ ...ATTACHED, id: 'a2', fileName: '出院小结.jpg', side: 'receiver', referralVersion: 5 }, 201);
      if (r.path === `${URL_OF}/attachments`) return json({ items: [] });
      if (r.path === URL_OF) return json(referral({ version: 5 }));
      return undefined;
    });
    renderWithProviders(<Attachments referral={referral()} />, { principal: DESK });
    expect(await screen.findByText('暂无附件。')).toBeTruthy();
    const input = screen.getByLabelText('添加附件');
    fireEvent.change(input, { target: { files: [fileOf('出院小结.docx', 'text')] } });
    expect(await screen.findByText('“出院小结.docx”不是 PDF、JPEG 或 PNG 文件，请选择扫描件或 PDF。')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    const scan = fileOf('出院小结.jpg', 'jpeg', 'scan');
    fireEvent.change(input, { target: { files: [scan] } });
    expect(await screen.findByText('已添加附件“出院小结.jpg”。')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`${URL_OF}/attachments`);
    expect(post.headers.get('if-match')).toBe('"4"');
    expect(post.headers.get('content-type')).toBe('image/jpeg');
    expect(post.headers.get('x-content-sha256')).toBe(await sha256Hex(scan));
    expect(post.headers.get('x-file-name')).toBe(encodeURIComponent('出院小结.jpg'));
  });

  it('a closed referral keeps its files readable but takes no new one', async () => {
    stubApi((r) => (r.path === `${URL_OF}/attachments` ? json({ items: [ATTACHED] }) : undefined));
    renderWithProviders(<Attachments referral={referral({ status: 'COMPLETED' })} />, { principal: DESK });
    expect(await screen.findByText('血常规报告.pdf')).toBeTruthy();
    expect(screen.queryByLabelText('添加附件')).toBeNull();
  });

  it('a regulator reads neither the list nor the files (the service would answer 404)', async () => {
    const calls = stubApi(() => undefined);
    renderWithProviders(<Attachments referral={referral()} />, { principal: { roles: ['regulator'], division: '35' } });
    await waitFor(() => expect(screen.queryByText('转诊附件')).toBeNull());
    expect(calls).toEqual([]);
  });

  it('prints the referral form: the PDF read with the token and opened in a new tab', async () => {
    const calls = stubApi((r) =>
      r.path === `${URL_OF}/form.pdf`
        ? download('%PDF-1.7', { ascii: 'referral-r0000000.pdf', utf8: '双向转诊单-r0000000.pdf' })
        : undefined,
    );
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:form', revokeObjectURL: () => undefined }));
    const opened: string[] = [];
    vi.stubGlobal('open', (url: string) => {
      opened.push(url);
      return {} as Window;
    });
    renderWithProviders(<PrintReferralForm referral={referral()} />, { principal: DESK });
    await userEvent.click(screen.getByRole('button', { name: /打印转诊单/ }));
    await waitFor(() => expect(opened).toEqual(['blob:form']));
    expect(calls[0].headers.get('authorization')).toBe('Bearer token-1');
  });
});
