import { StreamableFile } from '@nestjs/common';

/** A cell of an exported table: text, a number, a boolean, a date (written as an ISO instant), or empty. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/** What a spreadsheet would take for a formula: a cell starting with one of these is prefixed with `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as RFC 4180 wants it, made inert for spreadsheets (OWASP "CSV injection"): text that
 * starts like a formula gets a leading apostrophe, so Excel and WPS show it instead of running it.
 * Numbers stay numbers (a negative figure is not text a person typed).
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table as CSV for people: UTF-8 with a byte-order mark (so Excel opens Chinese correctly), CRLF line
 * ends, a header row, every cell through `csvCell`.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * A CSV answer to download: `text/csv; charset=utf-8` with an attachment name (ASCII fallback and the
 * UTF-8 name per RFC 6266/5987, so a Chinese file name survives).
 */
export function csvFile(fileName: string, csv: string): StreamableFile {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new StreamableFile(Buffer.from(csv, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}
