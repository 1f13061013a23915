import iconv from 'iconv-lite';
import { DomainError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';

/**
 * Reading a registrar's CSV file, without any framework: the bytes decoded (UTF-8 with or without BOM, or
 * GB18030/GBK, what Excel and WPS write in China by default) and split into records by an RFC 4180 parser
 * (quoted cells with commas, quotes and line breaks inside; CRLF, LF or CR line ends).
 */

export const IMPORT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** `?encoding=` as a registrar may write it; GBK and GB2312 are subsets of GB18030. */
export function importEncodingOf(value: string): ImportEncoding | null {
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'utf-8' || v === 'utf8') return 'utf-8';
  if (v === 'gb18030' || v === 'gbk' || v === 'gb2312' || v === 'cp936') return 'gb18030';
  return null;
}

const unsupported = (detail: string) =>
  new DomainError(ErrorCodes.IMPORT_ENCODING_UNSUPPORTED, 'rule', `${detail}; save the sheet as "CSV UTF-8" or plain "CSV" (GB18030)`);

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Control characters that never occur in a spreadsheet's text (tab, LF and CR do). */
const BINARY_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The file's text and the encoding it was read in. Valid UTF-8 is UTF-8 (a BOM is dropped), anything else
 * GB18030, unless `forced`. UTF-16/UTF-32 (by their BOM or NUL bytes), binary files (an .xlsx, an image)
 * and bytes that are not text in the encoding are refused (422 IMPORT_ENCODING_UNSUPPORTED); an empty
 * file is 422 IMPORT_EMPTY.
 */
export function decodeCsv(bytes: Uint8Array, forced?: ImportEncoding): { text: string; encoding: ImportEncoding } {
  if (bytes.length === 0) throw new DomainError(ErrorCodes.IMPORT_EMPTY, 'rule', 'the file is empty');
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw unsupported('the file is UTF-16 or UTF-32 ("Unicode text")');
  }
  if (bytes.includes(0)) throw unsupported('the file is not text (it has NUL bytes: UTF-16, or a workbook such as .xlsx rather than CSV)');
  const bom = startsWith(bytes, UTF8_BOM);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  let text: string | null = null;
  let encoding: ImportEncoding;
  if (forced !== 'gb18030') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      if (forced === 'utf-8' || bom) throw unsupported('the file is not valid UTF-8');
    }
  }
  if (text !== null) encoding = 'utf-8';
  else {
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
    // iconv-lite writes U+FFFD for a byte sequence GB18030 does not have
    if (text.includes('\uFFFD')) throw unsupported('the file is neither UTF-8 nor GB18030 text');
    encoding = 'gb18030';
  }
  if (BINARY_CHARACTER.test(text)) throw unsupported('the file has control characters: it is not a CSV text file');
  return { text, encoding };
}

/** A record of the file: its cells, and its row number as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * Splits CSV text into records (RFC 4180): cells separated by commas; a cell in double quotes may hold
 * commas, line breaks and doubled quotes (""); a quote inside an unquoted cell is kept as it is (as Excel
 * does). Records whose cells are all empty (the ",,,," lines spreadsheets leave) are skipped but still
 * counted in the row numbers. An unclosed quote, or text after a closing quote, is 422 IMPORT_MALFORMED_CSV.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let row = 1;
  let quoted = false;
  let afterQuote = false;
  let quoteStartedOnLine = 0;
  let line = 1;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.some((c) => c.trim() !== '')) records.push({ row, cells });
    row++;
    cells = [];
  };
  const malformed = (detail: string) =>
    new DomainError(ErrorCodes.IMPORT_MALFORMED_CSV, 'rule', `the file is not well-formed CSV: ${detail} (line ${line})`);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === ',') endCell();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else if (afterQuote) {
      throw malformed('text after the closing quote of a cell');
    } else if (c === '"' && cell === '') {
      quoted = true;
      quoteStartedOnLine = line;
    } else cell += c;
  }
  if (quoted) {
    line = quoteStartedOnLine;
    throw malformed('a quoted cell is never closed');
  }
  if (cell !== '' || cells.length > 0 || afterQuote) endRecord();
  return records;
}
