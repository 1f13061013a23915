import { jpeg, pdf, png, zip } from '../test/documents';
import { examineDocument, sniffDocumentType } from './sniff';

const reasonOf = (bytes: Buffer, maxPixels?: number) => {
  const result = examineDocument(bytes, { maxPixels });
  return result.ok ? 'ok' : result.reason;
};

describe('sniffDocumentType', () => {
  it('knows a PDF, a JPEG and a PNG by their bytes', () => {
    expect(sniffDocumentType(pdf())).toBe('application/pdf');
    expect(sniffDocumentType(jpeg())).toBe('image/jpeg');
    expect(sniffDocumentType(png())).toBe('image/png');
  });

  it('reads the dimensions of images', () => {
    expect(examineDocument(png(640, 480))).toEqual({ ok: true, type: 'image/png', width: 640, height: 480 });
    expect(examineDocument(jpeg(1024, 768))).toEqual({ ok: true, type: 'image/jpeg', width: 1024, height: 768 });
  });

  it('refuses the empty file and anything that is not a PDF, JPEG or PNG', () => {
    expect(reasonOf(Buffer.alloc(0))).toBe('empty');
    for (const other of [
      Buffer.from('<html><body>hello</body></html>'),
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      zip(),
      Buffer.from('MZ\x90\x00', 'latin1'),
      Buffer.from('%!PS-Adobe-3.0\n'),
      Buffer.from('just text that says %PDF-1.7 later'),
    ]) {
      expect(sniffDocumentType(other)).toBeNull();
      expect(reasonOf(other)).toBe('unknown-type');
    }
  });

  describe('PDF', () => {
    it('must have a version in its header and end with %%EOF within the last KB', () => {
      expect(reasonOf(Buffer.from('%PDF-\n%%EOF\n'))).toBe('malformed');
      expect(reasonOf(pdf().subarray(0, 40))).toBe('malformed');
      expect(reasonOf(pdf('', { after: 'x'.repeat(2000) }))).toBe('malformed');
      expect(reasonOf(pdf('', { after: '\n\n' }))).toBe('ok');
    });

    it('refuses a PDF carrying a ZIP archive (near its start, or ending like one)', () => {
      expect(reasonOf(pdf(`1 0 obj << /Length 40 >> stream\n${zip().subarray(0, 8).toString('latin1')}\nendstream endobj\n`))).toBe(
        'polyglot',
      );
      const endsLikeZip = Buffer.concat([pdf(), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18), Buffer.from('%%EOF\n')]);
      expect(reasonOf(endsLikeZip)).toBe('polyglot');
    });

    it('refuses a PDF with markup a browser would render at its start', () => {
      expect(reasonOf(pdf('<html><script>alert(1)</script></html>\n'))).toBe('polyglot');
      expect(reasonOf(pdf('<SVG onload=alert(1)>\n'))).toBe('polyglot');
    });
  });

  describe('PNG', () => {
    it('refuses more pixels than the cap (a decompression bomb), and none at all', () => {
      expect(reasonOf(png(10_001, 10_000))).toBe('too-many-pixels');
      expect(reasonOf(png(100_000, 100_000))).toBe('too-many-pixels');
      expect(reasonOf(png(10_000, 10_000))).toBe('ok');
      expect(reasonOf(png(200, 200), 10_000)).toBe('too-many-pixels');
      expect(reasonOf(png(0, 10))).toBe('malformed');
    });

    it('refuses bytes after IEND (an appended payload) and a truncated file', () => {
      expect(reasonOf(png(2, 2, { after: Buffer.from('<script>alert(1)</script>') }))).toBe('malformed');
      expect(reasonOf(png(2, 2, { after: zip() }))).toBe('malformed');
      expect(reasonOf(png().subarray(0, 50))).toBe('malformed');
      expect(reasonOf(png().subarray(0, 8))).toBe('malformed');
    });

    it('refuses a PNG that is also a PDF, a ZIP or HTML', () => {
      expect(reasonOf(png(2, 2, { text: '%PDF-1.7 1 0 obj' }))).toBe('polyglot');
      expect(reasonOf(png(2, 2, { text: 'PK\x03\x04\x14\x00' }))).toBe('polyglot');
      expect(reasonOf(png(2, 2, { text: '<html><script>alert(1)</script>' }))).toBe('polyglot');
      expect(reasonOf(png(2, 2, { text: 'an honest comment' }))).toBe('ok');
    });

    it('must start with IHDR', () => {
      const bytes = png();
      bytes.write('IHDX', 12, 'latin1');
      expect(reasonOf(bytes)).toBe('malformed');
    });
  });

  describe('JPEG', () => {
    it('refuses more pixels than the cap, and a frame without height', () => {
      expect(reasonOf(jpeg(65_535, 65_535))).toBe('too-many-pixels');
      expect(reasonOf(jpeg(12_000, 9_000))).toBe('too-many-pixels');
      expect(reasonOf(jpeg(8_000, 6_000))).toBe('ok');
      expect(reasonOf(jpeg(100, 0))).toBe('malformed');
    });

    it('refuses a JPEG that is also a PDF, a ZIP or HTML', () => {
      expect(reasonOf(jpeg(2, 2, { comment: '%PDF-1.4\n1 0 obj' }))).toBe('polyglot');
      expect(reasonOf(jpeg(2, 2, { comment: '<script>alert(1)</script>' }))).toBe('polyglot');
      expect(reasonOf(jpeg(2, 2, { after: zip() }))).toBe('polyglot');
      expect(reasonOf(jpeg(2, 2, { comment: 'Scanned by 扫描仪'.normalize() }))).toBe('ok');
    });

    it('refuses a truncated JPEG, broken segments, and one whose end-of-image is far from the end', () => {
      expect(reasonOf(jpeg().subarray(0, 10))).toBe('malformed');
      expect(reasonOf(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBe('malformed');
      const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x55, 0x55, 0xff, 0xd9]);
      expect(reasonOf(noFrame)).toBe('malformed');
      expect(reasonOf(jpeg(2, 2, { after: Buffer.alloc(4096, 0x41) }))).toBe('malformed');
      expect(reasonOf(jpeg(2, 2, { scanBytes: 10_000 }))).toBe('ok');
    });
  });
});
