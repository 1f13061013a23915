/** What may be sent (type by the first bytes, size), its SHA-256, and the names downloads are saved under. */
import { describe, expect, it } from 'vitest';
import { fileOf } from '../test/fakeApi';
import { checkFile, fileNameFromDisposition, formatBytes, sha256Hex, sniffMediaType } from './files';

const bytes = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('files', () => {
  it.each([
    ['a PDF', '%PDF-1.7', 'application/pdf'],
    ['a JPEG', '\xff\xd8\xff\xe0', 'image/jpeg'],
    ['a PNG', '\x89PNG\r\n\x1a\n', 'image/png'],
    ['a ZIP (a .docx)', 'PK\x03\x04', undefined],
    ['HTML', '<html>', undefined],
    ['nothing', '', undefined],
  ])('reads the type of %s from its first bytes', (_, head, type) => {
    expect(sniffMediaType(bytes(head))).toBe(type);
  });

  it.each([
    ['a PDF named .png', fileOf('scan.png', 'pdf'), { ok: true, mediaType: 'application/pdf' }],
    ['a text file named .pdf', fileOf('协议.pdf', 'text', 'plain words'), { ok: false, refusal: 'type' }],
    ['an empty file', new File([], 'empty.pdf', { type: 'application/pdf' }), { ok: false, refusal: 'empty' }],
  ])('checks %s before anything is sent', async (_, file, verdict) => {
    expect(await checkFile(file)).toMatchObject(verdict);
  });

  it('refuses more than 20 MB without reading it', async () => {
    const big = fileOf('big.pdf', 'pdf');
    Object.defineProperty(big, 'size', { value: 20 * 1024 * 1024 + 1 });
    expect(await checkFile(big)).toEqual({ ok: false, refusal: 'size' });
  });

  it('identifies a file by its SHA-256, computed here', async () => {
    const file = new File(['合作协议全文'], '合作协议.pdf', { type: 'application/pdf' });
    // printf 合作协议全文 | sha256sum (UTF-8)
    expect(await sha256Hex(file)).toBe('f2493dd5072d147384a76b8eb141265578c4117f4fff76fe087f32f70cdbec7c');
  });

  it.each([
    [`attachment; filename="summary.pdf"; filename*=UTF-8''%E5%8D%8F%E8%AE%AE%E6%91%98%E8%A6%81.pdf`, '协议摘要.pdf'],
    [`attachment; filename="referral-3f9c2b7e.pdf"`, 'referral-3f9c2b7e.pdf'],
    [`attachment; filename=plain.png`, 'plain.png'],
    [`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.pdf'],
    [`attachment`, 'fallback.pdf'],
    [null, 'fallback.pdf'],
  ])('saves %s as %s', (header, name) => {
    expect(fileNameFromDisposition(header, 'fallback.pdf')).toBe(name);
  });

  it.each([
    [512, '512 B'],
    [245_760, '240 KB'],
    [21 * 1024 * 1024, '21.0 MB'],
  ])('writes %i bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
