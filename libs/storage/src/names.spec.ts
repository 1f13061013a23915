import { FALLBACK_FILE_NAME, MAX_FILE_NAME_BYTES, contentDisposition, fileNameFor, safeFileName } from './names';

describe('safeFileName', () => {
  it('keeps an ordinary name, Chinese included', () => {
    expect(safeFileName('合作协议（签字版）.pdf')).toBe('合作协议（签字版）.pdf');
    expect(safeFileName('referral form 2026-11.PNG')).toBe('referral form 2026-11.PNG');
  });

  it('strips folders of every kind', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\system32\\cmd.exe')).toBe('cmd.exe');
    expect(safeFileName('/var/lib/secret.pdf')).toBe('secret.pdf');
    expect(safeFileName('C:\\Users\\王芳\\Desktop\\转诊单.jpg')).toBe('转诊单.jpg');
    expect(safeFileName('a／..／..／b.pdf')).toBe('b.pdf');
    expect(safeFileName('scan.pdf/')).toBe(FALLBACK_FILE_NAME);
  });

  it('drops control characters, NULs and invisible reordering characters', () => {
    expect(safeFileName('report\u0000.pdf')).toBe('report.pdf');
    expect(safeFileName('a\r\nb\tc.pdf')).toBe('abc.pdf');
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('zero\u200Bwidth.png')).toBe('zerowidth.png');
  });

  it('neither starts nor ends with dots or spaces, and replaces characters Windows refuses', () => {
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('  scan .pdf.  ')).toBe('scan .pdf');
    expect(safeFileName('a<b>c:d"e|f?g*.pdf')).toBe('a_b_c_d_e_f_g_.pdf');
    expect(safeFileName('CON.pdf')).toBe('_CON.pdf');
  });

  it("falls back to 'document' when nothing sensible is left", () => {
    for (const nothing of ['', '   ', '..', '.', '/', '\u0000\u0001', null, undefined, '...___']) {
      expect(safeFileName(nothing)).toBe(FALLBACK_FILE_NAME);
    }
  });

  it('limits the length in UTF-8 bytes, keeping the extension and whole characters', () => {
    const long = `${'协'.repeat(200)}.pdf`;
    const safe = safeFileName(long);
    expect(Buffer.byteLength(safe, 'utf8')).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(safe).toMatch(/^协+\.pdf$/);
    expect(safeFileName('x'.repeat(1000)).length).toBe(MAX_FILE_NAME_BYTES);
  });
});

describe('fileNameFor', () => {
  it('gives the extension of the real type', () => {
    expect(fileNameFor('合作协议.pdf', 'application/pdf')).toBe('合作协议.pdf');
    expect(fileNameFor('scan.html', 'image/png')).toBe('scan.html.png');
    expect(fileNameFor('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
    expect(fileNameFor(undefined, 'application/pdf')).toBe('document.pdf');
  });
});

describe('contentDisposition', () => {
  it('has an ASCII filename and the real name as filename* (RFC 6266, RFC 5987)', () => {
    expect(contentDisposition('合作协议.pdf')).toBe(
      `attachment; filename="document.pdf"; filename*=UTF-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf`,
    );
    expect(contentDisposition('report 1.pdf', 'inline')).toBe(`inline; filename="report 1.pdf"; filename*=UTF-8''report%201.pdf`);
  });

  it('cannot be broken out of by quotes, semicolons, CR/LF or folders', () => {
    const header = contentDisposition('../a"; filename=evil.exe\r\nSet-Cookie: x=1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(contentDisposition("it's (final).pdf")).toContain(`filename*=UTF-8''it%27s%20%28final%29.pdf`);
  });

  it('mixes ASCII and Chinese', () => {
    expect(contentDisposition('转诊单-2026.pdf')).toBe(
      `attachment; filename="___-2026.pdf"; filename*=UTF-8''%E8%BD%AC%E8%AF%8A%E5%8D%95-2026.pdf`,
    );
  });
});
