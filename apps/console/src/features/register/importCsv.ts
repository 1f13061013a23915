/**
 * The registrar's bulk import (POST /v1/institutions/imports, docs/api/institution-registry.md "Bulk
 * import"), what the browser does before and after the registry: the columns the API reads (its
 * import-columns.ts, mirrored), the template made here (their header and one example row, UTF-8 with a
 * byte-order mark, CRLF, through the CSV helper the statistics export uses), the checks made before a
 * file is sent (a .csv, not empty, at most 5 MB, not a workbook or UTF-16 text), and a refusal's
 * problems (422 IMPORT_ROWS_INVALID / IMPORT_COLUMNS_INVALID) as rows of a table, each a sentence.
 */
import { ApiProblem } from '../../api/problem';
import type { Lang } from '../../i18n/i18n';
import { toCsv, type Cell } from '../oversight/csv';
import type { RegisterMessageKey } from './messages';
import type { RegisterTranslate } from './i18n';

/** The registry's limits (import-rows.ts IMPORT_LIMITS): a larger file is refused before it is sent. */
export const IMPORT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 5000 } as const;

/** What the file input offers (browsers and Windows label a .csv with any of these types). */
export const IMPORT_ACCEPT = '.csv,text/csv,application/csv,application/vnd.ms-excel';

/**
 * The columns in the registry's order, each by its English key (what the API reports) and its Chinese
 * name (what Chinese spreadsheets use): the header cell may be either, or both, as the template writes
 * it ("机构名称(name)"). `en` is the column as the English console names it; `example` the template's row.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', zh: '机构名称', en: 'Name', example: '福州市鼓楼区示例颐养院' },
  { key: 'uscc', zh: '统一社会信用代码', en: 'Unified social credit code', example: '52350102MJ00000016' },
  { key: 'category', zh: '机构类别', en: 'Category', example: '养老机构' },
  { key: 'kind', zh: '机构类型', en: 'Kind', example: '养老院' },
  { key: 'hospitalGrade', zh: '医院等级', en: 'Hospital grade', example: '' },
  { key: 'ownership', zh: '所有制', en: 'Ownership', example: '民营' },
  { key: 'nonProfit', zh: '非营利', en: 'Non-profit', example: '是' },
  { key: 'medicalInstitutionCode', zh: '医疗机构登记号', en: 'Medical institution code', example: '' },
  { key: 'divisionCode', zh: '行政区划代码', en: 'Division code', example: '350102' },
  { key: 'address', zh: '地址', en: 'Address', example: '福州市鼓楼区五四路1号, 北楼' },
  { key: 'lat', zh: '纬度', en: 'Latitude', example: 26.08 },
  { key: 'lng', zh: '经度', en: 'Longitude', example: 119.3 },
  { key: 'licenceNumber', zh: '执业许可证号', en: 'Licence number', example: '' },
  { key: 'licenceScope', zh: '诊疗科目', en: 'Licence scope', example: '' },
  { key: 'licenceValidFrom', zh: '许可证有效期起', en: 'Licence valid from', example: '' },
  { key: 'licenceValidTo', zh: '许可证有效期止', en: 'Licence valid to', example: '' },
  { key: 'filingNumber', zh: '养老机构备案号', en: 'Elderly-care filing number', example: '闽养备350102001' },
  { key: 'filedOn', zh: '备案日期', en: 'Filed on', example: '2024-03-01' },
  { key: 'medicalInsuranceNumber', zh: '医保定点编号', en: 'Medical insurance number', example: '' },
  { key: 'medicalInsuranceSince', zh: '医保定点起始日期', en: 'Medical insurance since', example: '' },
  { key: 'medicalInsuranceValidTo', zh: '医保定点截止日期', en: 'Medical insurance valid to', example: '' },
  { key: 'ltcInsuranceNumber', zh: '长护险定点编号', en: 'Long-term care insurance number', example: 'CH350102001' },
  { key: 'ltcInsuranceSince', zh: '长护险定点起始日期', en: 'Long-term care insurance since', example: '2024-01-01' },
  { key: 'ltcInsuranceValidTo', zh: '长护险定点截止日期', en: 'Long-term care insurance valid to', example: '' },
  { key: 'capabilities', zh: '服务能力', en: 'Capabilities', example: 'NURSING;DEMENTIA_CARE' },
  { key: 'bedsElderly', zh: '养老床位', en: 'Elderly-care beds', example: 120 },
  { key: 'bedsMedical', zh: '医疗床位', en: 'Medical beds', example: '' },
  { key: 'bedsRehabilitation', zh: '康复床位', en: 'Rehabilitation beds', example: '' },
  { key: 'bedsHospice', zh: '安宁疗护床位', en: 'Hospice beds', example: '' },
  { key: 'bedsFamily', zh: '家庭病床', en: 'Family beds', example: '' },
] as const satisfies readonly { key: string; zh: string; en: string; example: Cell }[];

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

const COLUMN = new Map<string, (typeof IMPORT_COLUMNS)[number]>(IMPORT_COLUMNS.map((c) => [c.key, c]));

/** The template: the header the API reads (Chinese and English names) and one example row, as a spreadsheet opens it. */
export function importTemplate(): string {
  return toCsv([IMPORT_COLUMNS.map((c) => `${c.zh}(${c.key})`), IMPORT_COLUMNS.map((c) => c.example)]);
}

/** A column as the console names it: its Chinese name, or in English its name and key (what the template's header shows). */
export function columnLabel(key: string, lang: Lang): string {
  const column = COLUMN.get(key);
  if (!column) return key;
  return lang === 'zh' ? column.zh : `${column.en} (${column.key})`;
}

// ── the file, checked before it is sent ──

export type ImportFileRefusal = 'type' | 'workbook' | 'utf16' | 'empty' | 'size' | 'unreadable';

const REFUSAL_KEYS = {
  type: 'importFileType',
  workbook: 'importFileWorkbook',
  utf16: 'importFileUtf16',
  empty: 'importFileEmpty',
  size: 'importFileSize',
  unreadable: 'importFileUnreadable',
} as const satisfies Record<ImportFileRefusal, RegisterMessageKey>;

export const refusalKey = (refusal: ImportFileRefusal): RegisterMessageKey => REFUSAL_KEYS[refusal];

/**
 * Whether a file may be sent: named .csv, not empty, at most 5 MB, and not what the registry would refuse
 * by its first bytes anyway (an Excel workbook renamed, UTF-16 "Unicode text"). Undefined: it may.
 */
export async function checkImportFile(file: File): Promise<ImportFileRefusal | undefined> {
  if (!/\.csv$/i.test(file.name.trim())) return /\.(xlsx?|et|ods)$/i.test(file.name.trim()) ? 'workbook' : 'type';
  if (file.size === 0) return 'empty';
  if (file.size > IMPORT_LIMITS.bytes) return 'size';
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  } catch {
    return 'unreadable';
  }
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) return 'workbook'; // .xlsx (zip), .xls (OLE)
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'utf16';
  return undefined;
}

/**
 * A key for one chosen file: pressing 导入 again after a lost answer replays the first answer instead of
 * registering twice (Idempotency-Key); choosing the file again is a new import.
 */
export function newImportKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `import-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ── a refusal, row by row ──

/** One problem of a refused file, as the table shows it. */
export interface ImportProblemRow {
  key: string;
  /** the row as a spreadsheet numbers it (the header is row 1) */
  row: number;
  column: string;
  problem: string;
}

/** One problem as the registry lists it (422 IMPORT_ROWS_INVALID `errors`). */
interface RowError {
  row: number;
  column: string | null;
  code: string;
  field: string;
  message: string;
}

const isRowError = (e: unknown): e is RowError =>
  !!e &&
  typeof e === 'object' &&
  typeof (e as RowError).row === 'number' &&
  typeof (e as RowError).code === 'string' &&
  ((e as RowError).column === null || typeof (e as RowError).column === 'string');

const DATE_COLUMNS = new Set<string>([
  'licenceValidFrom',
  'licenceValidTo',
  'filedOn',
  'medicalInsuranceSince',
  'medicalInsuranceValidTo',
  'ltcInsuranceSince',
  'ltcInsuranceValidTo',
]);

/** A value of the wrong form, said for what the column holds. */
function invalidValueKey(column: string | null): RegisterMessageKey {
  if (!column) return 'importInvalid_text';
  if (DATE_COLUMNS.has(column)) return 'importInvalid_date';
  if (column.startsWith('beds')) return 'importInvalid_beds';
  const keys: Partial<Record<string, RegisterMessageKey>> = {
    lat: 'importInvalid_degrees',
    lng: 'importInvalid_degrees',
    nonProfit: 'importInvalid_yesNo',
    category: 'importInvalid_category',
    kind: 'importInvalid_kind',
    hospitalGrade: 'importInvalid_grade',
    ownership: 'importInvalid_ownership',
    capabilities: 'importInvalid_capabilities',
    name: 'importInvalid_name',
    uscc: 'importProblem_USCC_INVALID',
    divisionCode: 'importProblem_DIVISION_UNKNOWN',
  };
  return keys[column] ?? 'importInvalid_text';
}

/** A licence, filing or designation the category needs, said for the group the column belongs to. */
function credentialKey(column: string | null): RegisterMessageKey {
  if (column?.startsWith('licence')) return 'importCredential_licence';
  if (column === 'filingNumber' || column === 'filedOn') return 'importCredential_filing';
  if (column?.startsWith('medicalInsurance') || column?.startsWith('ltcInsurance')) return 'importCredential_designation';
  return 'importProblem_CREDENTIAL_INVALID';
}

/** The sentence for one problem of a row: its code, in the person's words (never the service's English). */
export function rowProblemSentence(e: Pick<RowError, 'code' | 'column' | 'message'>, t: RegisterTranslate): string {
  switch (e.code) {
    case 'REQUIRED':
      return t('importProblem_REQUIRED');
    case 'INVALID_VALUE':
      return t(invalidValueKey(e.column));
    case 'USCC_INVALID':
      return t('importProblem_USCC_INVALID');
    case 'DIVISION_UNKNOWN':
      return t('importProblem_DIVISION_UNKNOWN');
    case 'KIND_MISMATCH':
      return t(e.column === 'hospitalGrade' ? 'importProblem_GRADE_MISMATCH' : 'importProblem_KIND_MISMATCH');
    case 'LOCATION_OUTSIDE_CHINA':
      return t('importProblem_LOCATION_OUTSIDE_CHINA');
    case 'CREDENTIAL_INVALID':
      return t(credentialKey(e.column));
    case 'LICENCE_LAPSED':
      return t('importProblem_LICENCE_LAPSED');
    case 'DUPLICATE_USCC_IN_FILE': {
      // the registry's message names the earlier row: "… is also on row 7"
      const earlier = /\bon row (\d+)/.exec(e.message)?.[1];
      return earlier ? t('importProblem_DUPLICATE_USCC_IN_FILE', { row: earlier }) : t('importProblem_DUPLICATE_USCC_IN_FILE_EARLIER');
    }
    case 'DUPLICATE_USCC':
      return t('importProblem_DUPLICATE_USCC');
    case 'FORMULA_REFUSED':
      return t('importProblem_FORMULA_REFUSED');
    case 'WRONG_CELL_COUNT':
      return t('importProblem_WRONG_CELL_COUNT');
    default:
      return t('importProblem_other');
  }
}

/** A header problem (422 IMPORT_COLUMNS_INVALID): `header[<n>]` names a cell, a column's key a missing one. */
function headerProblem(e: { field: string; message: string }, i: number, t: RegisterTranslate, lang: Lang): ImportProblemRow {
  const cell = /^header\[(\d+)\]$/.exec(e.field);
  if (cell) {
    const unknown = /^"(.*)" is not a column/s.exec(e.message);
    const twice = /the column (\w+) is named twice/.exec(e.message);
    const problem = unknown
      ? t('importHeaderUnknown', { cell: unknown[1] })
      : twice
        ? t('importHeaderTwice', { column: columnLabel(twice[1], lang) })
        : t('importHeaderInvalid');
    return { key: `h${i}`, row: 1, column: t('importHeaderCell', { n: cell[1] }), problem };
  }
  return { key: `h${i}`, row: 1, column: columnLabel(e.field, lang), problem: t('importHeaderMissing') };
}

/** What a refusal of the whole file says about its rows and columns. */
export interface ImportRefusal {
  kind: 'rows' | 'columns';
  problems: ImportProblemRow[];
  /** how many rows are refused (the header, for a column problem) */
  badRows: number;
}

/**
 * A refusal that names rows or header cells, as the table shows it (rows in file order, the columns in
 * the registry's order within a row); undefined for any other problem (the shared ProblemAlert says those).
 */
export function importRefusal(error: unknown, t: RegisterTranslate, lang: Lang): ImportRefusal | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const code = error.problem?.code;
  const errors: unknown[] = error.problem?.errors ?? [];
  if (code === 'IMPORT_COLUMNS_INVALID') {
    const problems = errors
      .filter((e): e is { field: string; message: string } => !!e && typeof (e as { field?: unknown }).field === 'string')
      .map((e, i) => headerProblem({ field: e.field, message: String(e.message ?? '') }, i, t, lang));
    return { kind: 'columns', problems, badRows: 1 };
  }
  if (code !== 'IMPORT_ROWS_INVALID') return undefined;
  const order = (column: string | null) => (column ? IMPORT_COLUMNS.findIndex((c) => c.key === column) : -1);
  const rows = errors.filter(isRowError).sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
  return {
    kind: 'rows',
    badRows: new Set(rows.map((e) => e.row)).size,
    problems: rows.map((e, i) => ({
      key: `r${i}`,
      row: e.row,
      column: e.column ? columnLabel(e.column, lang) : t('importRowWhole'),
      problem: rowProblemSentence(e, t),
    })),
  };
}

/** The problems as a file to work through beside the spreadsheet (same CSV as the template: UTF-8 with BOM). */
export function problemsCsv(problems: ImportProblemRow[], t: RegisterTranslate): string {
  return toCsv([[t('importColRow'), t('importColColumn'), t('importColProblem')], ...problems.map((p) => [p.row, p.column, p.problem])]);
}

/** IMPORT_MALFORMED_CSV names the line in its detail: "… (line 12)". */
export function malformedLine(error: unknown): number | undefined {
  if (!(error instanceof ApiProblem) || error.problem?.code !== 'IMPORT_MALFORMED_CSV') return undefined;
  const line = /\(line (\d+)\)/.exec(error.problem.detail ?? '')?.[1];
  return line ? Number(line) : undefined;
}
