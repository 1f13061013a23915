/**
 * What an uploaded document really is, from its bytes alone (never its name or the Content-Type the
 * client sent): a PDF, a JPEG or a PNG, well-formed enough to find its end, not also something else
 * (a polyglot: a file that a PDF reader, an unzipper or a browser would read as another format), and
 * not an image whose pixels would exhaust the memory of whoever decodes it (a decompression bomb).
 * Pure functions over a Buffer.
 */

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const DOCUMENT_TYPES: readonly DocumentType[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** The file name extension each type is stored and downloaded with. */
export const DOCUMENT_EXTENSIONS: Readonly<Record<DocumentType, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};

/** 100 megapixels: a scan of an A4 page at 600 dpi is about 35. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export type RefusalReason = 'empty' | 'unknown-type' | 'malformed' | 'polyglot' | 'too-many-pixels';

export type Examination =
  { ok: true; type: DocumentType; width?: number; height?: number } | { ok: false; reason: RefusalReason; detail: string };

export interface SniffOptions {
  /** images with more pixels than this are refused (width × height) */
  maxPixels?: number;
}

/** PDF readers look for the header within the first 1024 bytes; browsers sniff markup in the first 512. */
const HEAD_BYTES = 1024;
/** A PDF's %%EOF (and a JPEG's end-of-image marker) must be this close to the end. */
const TAIL_BYTES = 1024;
/** A ZIP's end-of-central-directory record sits within the last 22 + 65,535 (its comment) bytes. */
const ZIP_TAIL_BYTES = 22 + 65_535;
/** A PDF carrying a ZIP (a JAR, an Office file) near its start. */
const PDF_ZIP_HEAD_BYTES = 64 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const ZIP_LOCAL_FILE = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_END_OF_DIRECTORY = Buffer.from('PK\x05\x06', 'latin1');
const PDF_HEADER = Buffer.from('%PDF', 'latin1');
const PDF_EOF = Buffer.from('%%EOF', 'latin1');
/** Markup a browser (or an HTML-sniffing proxy) would render or run. */
const MARKUP = ['<script', '<html', '<!doctype html', '<body', '<iframe', '<svg', '<?php'];

const refuse = (reason: RefusalReason, detail: string): Examination => ({ ok: false, reason, detail });

/** The document's type from its bytes, or null when it is none of PDF, JPEG and PNG, or is not safe to keep (see examineDocument). */
export function sniffDocumentType(bytes: Buffer, options: SniffOptions = {}): DocumentType | null {
  const result = examineDocument(bytes, options);
  return result.ok ? result.type : null;
}

/** Like sniffDocumentType, with the reason for a refusal (a sentence fit for the uploader). */
export function examineDocument(bytes: Buffer, options: SniffOptions = {}): Examination {
  if (bytes.length === 0) return refuse('empty', 'the file is empty');
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let result: Examination;
  if (startsWith(bytes, PDF_HEADER)) result = examinePdf(bytes);
  else if (startsWith(bytes, PNG_SIGNATURE)) result = examinePng(bytes, maxPixels);
  else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) result = examineJpeg(bytes, maxPixels);
  else return refuse('unknown-type', 'the file is not a PDF, JPEG or PNG');
  if (!result.ok) return result;
  return polyglotCheck(bytes, result.type) ?? result;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** Another format hiding in the same bytes, as a refusal; null when there is none. */
function polyglotCheck(bytes: Buffer, type: DocumentType): Examination | null {
  const head = bytes.subarray(0, HEAD_BYTES);
  if (type !== 'application/pdf' && head.includes(PDF_HEADER)) {
    return refuse('polyglot', 'the image also carries a PDF header (a PDF reader would open it as a PDF)');
  }
  if (bytes.subarray(0, type === 'application/pdf' ? PDF_ZIP_HEAD_BYTES : HEAD_BYTES).includes(ZIP_LOCAL_FILE)) {
    return refuse('polyglot', 'the file also carries a ZIP archive near its start');
  }
  if (bytes.subarray(Math.max(0, bytes.length - ZIP_TAIL_BYTES)).includes(ZIP_END_OF_DIRECTORY)) {
    return refuse('polyglot', 'the file also ends like a ZIP archive (an unzipper would open it)');
  }
  const text = head.toString('latin1').toLowerCase();
  const markup = MARKUP.find((tag) => text.includes(tag));
  if (markup) return refuse('polyglot', `the file carries markup (${markup}…) a browser could render`);
  return null;
}

function examinePdf(bytes: Buffer): Examination {
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return refuse('malformed', 'the PDF header has no version');
  if (!bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).includes(PDF_EOF)) {
    return refuse('malformed', 'the PDF does not end with %%EOF (truncated, or something is appended to it)');
  }
  return { ok: true, type: 'application/pdf' };
}

function pixelCheck(type: DocumentType, width: number, height: number, maxPixels: number): Examination {
  if (width === 0 || height === 0) return refuse('malformed', `the image declares no pixels (${width} × ${height})`);
  if (width * height > maxPixels) {
    return refuse('too-many-pixels', `the image is ${width} × ${height} pixels, more than the ${maxPixels / 1e6} megapixels accepted`);
  }
  return { ok: true, type, width, height };
}

/** The chunks from IHDR to IEND, which must end the file (nothing appended). */
function examinePng(bytes: Buffer, maxPixels: number): Examination {
  let offset = PNG_SIGNATURE.length;
  let size: { width: number; height: number } | undefined;
  let sawData = false;
  for (let chunks = 0; offset + 12 <= bytes.length; chunks++) {
    if (chunks > 100_000) return refuse('malformed', 'the PNG has too many chunks');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length)
      return refuse('malformed', `the PNG chunk ${JSON.stringify(type)} runs past the end of the file`);
    if (!/^[A-Za-z]{4}$/.test(type)) return refuse('malformed', 'the PNG has a chunk with an invalid type');
    if (chunks === 0) {
      if (type !== 'IHDR' || length !== 13) return refuse('malformed', 'the PNG does not start with its IHDR header');
      size = { width: bytes.readUInt32BE(offset + 8), height: bytes.readUInt32BE(offset + 12) };
      const sized = pixelCheck('image/png', size.width, size.height, maxPixels);
      if (!sized.ok) return sized;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (end !== bytes.length || !bytes.subarray(offset).equals(PNG_IEND)) {
        return refuse('malformed', 'the PNG has bytes after its IEND chunk');
      }
      if (!sawData || !size) return refuse('malformed', 'the PNG has no image data');
      return { ok: true, type: 'image/png', ...size };
    }
    offset = end;
  }
  return refuse('malformed', 'the PNG has no IEND chunk (truncated)');
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic…): not DHT (C4), JPG (C8) or DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** The segments up to the first scan: its frame's dimensions; then an end-of-image marker near the end. */
function examineJpeg(bytes: Buffer, maxPixels: number): Examination {
  let offset = 2;
  let frame: { width: number; height: number } | undefined;
  for (let segments = 0; ; segments++) {
    if (segments > 10_000) return refuse('malformed', 'the JPEG has too many segments');
    if (offset >= bytes.length || bytes[offset] !== 0xff) return refuse('malformed', 'the JPEG is truncated or its segments are broken');
    while (offset < bytes.length && bytes[offset] === 0xff) offset++; // fill bytes
    const marker = bytes[offset++];
    if (marker === undefined || marker === 0xd9 || marker === 0xd8) return refuse('malformed', 'the JPEG ends before its image data');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    if (offset + 2 > bytes.length) return refuse('malformed', 'the JPEG is truncated');
    const length = bytes.readUInt16BE(offset);
    if (length < 2 || offset + length > bytes.length)
      return refuse('malformed', 'the JPEG has a segment that runs past the end of the file');
    if (isStartOfFrame(marker) && !frame) {
      if (length < 8) return refuse('malformed', 'the JPEG frame header is too short');
      frame = { height: bytes.readUInt16BE(offset + 3), width: bytes.readUInt16BE(offset + 5) };
      const sized = pixelCheck('image/jpeg', frame.width, frame.height, maxPixels);
      if (!sized.ok) return sized;
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset += length;
  }
  if (!frame) return refuse('malformed', 'the JPEG has no frame header before its image data');
  const tail = bytes.subarray(Math.max(offset, bytes.length - TAIL_BYTES));
  if (!tail.includes(Buffer.from([0xff, 0xd9]))) {
    return refuse('malformed', 'the JPEG does not end with its end-of-image marker (truncated, or something is appended to it)');
  }
  return { ok: true, type: 'image/jpeg', ...frame };
}
