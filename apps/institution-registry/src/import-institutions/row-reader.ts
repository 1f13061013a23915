/**
 * Reading one row's cells of a bulk import (no framework): codes or their Chinese labels, yes/no, numbers,
 * spreadsheet dates, lists, formula-looking cells refused; every problem collected, not just the first.
 */
import { FieldError } from '@yiyang/kernel';
import { ImportRowCode, ImportRowCodes } from '../domain/error-codes';
import { IMPORT_COLUMNS, ImportColumn } from './import-columns';

/** One bad cell (or row) of a file, as the 422 IMPORT_ROWS_INVALID lists it. */
export interface RowError extends FieldError {
  /** the row as a spreadsheet numbers it (the header is row 1) */
  row: number;
  /** the column's English key (null: the row as a whole) */
  column: ImportColumn | null;
  code: ImportRowCode;
}

export const LABELS: Record<string, Record<string, string>> = {
  category: {
    医疗机构: 'MEDICAL',
    医疗: 'MEDICAL',
    养老机构: 'ELDERLY_CARE',
    养老: 'ELDERLY_CARE',
    医养结合机构: 'COMBINED',
    医养结合: 'COMBINED',
  },
  kind: {
    综合医院: 'GENERAL_HOSPITAL',
    中医医院: 'TCM_HOSPITAL',
    专科医院: 'SPECIALTY_HOSPITAL',
    康复医院: 'REHABILITATION_HOSPITAL',
    护理院: 'NURSING_HOSPITAL',
    护理中心: 'NURSING_HOSPITAL',
    安宁疗护中心: 'HOSPICE',
    社区卫生服务中心: 'COMMUNITY_HEALTH_CENTER',
    社区卫生服务站: 'COMMUNITY_HEALTH_CENTER',
    乡镇卫生院: 'TOWNSHIP_HEALTH_CENTER',
    村卫生室: 'VILLAGE_CLINIC',
    养老院: 'NURSING_HOME',
    养老机构: 'NURSING_HOME',
    敬老院: 'WELFARE_HOME',
    农村幸福院: 'RURAL_HAPPINESS_HOME',
  },
  hospitalGrade: { 一级: 'LEVEL_1', 二级: 'LEVEL_2', 三级: 'LEVEL_3' },
  ownership: { 公立: 'PUBLIC', 公办: 'PUBLIC', 民营: 'PRIVATE', 民办: 'PRIVATE', 私立: 'PRIVATE', 社会办: 'PRIVATE' },
};

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '非营利']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '营利']);
/** Lists in one cell (licence scope, capabilities): separated by ; ； 、 , ， or | */
const LIST_SEPARATOR = /[;；、,，|]/u;
/** A cell a spreadsheet would run as a formula (CSV injection): refused, so it is never stored to be exported later. */
const FORMULA = /^[=+\-@\t\r]/;

export const COLUMN_NAMES = new Map<ImportColumn, string>(IMPORT_COLUMNS.map((c) => [c.key, c.zh]));

/** Each column as a report names it: "统一社会信用代码 (uscc)". */
export const COLUMN_LABELS = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, `${c.zh} (${c.key})`])) as Record<ImportColumn, string>;

/** A calendar date as spreadsheets write it (2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日), as YYYY-MM-DD; null when not a real date. */
export function isoDateOf(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** One row's cells read into an institution's registration, collecting what is wrong instead of stopping at the first. */
export class RowReader {
  readonly errors: RowError[] = [];
  private readonly cells = new Map<ImportColumn, string>();

  constructor(
    readonly row: number,
    columns: ImportColumn[],
    raw: string[],
  ) {
    columns.forEach((column, i) => {
      const value = raw[i] ?? '';
      if (FORMULA.test(value) || FORMULA.test(value.trim())) {
        this.fail(column, ImportRowCodes.FORMULA_REFUSED, 'starts with =, +, -, @, a tab or a carriage return (a spreadsheet formula)');
        this.cells.set(column, '');
      } else this.cells.set(column, value.trim());
    });
  }

  fail(column: ImportColumn | null, code: ImportRowCode, message: string): void {
    const name = column ? COLUMN_LABELS[column] : 'row';
    this.errors.push({
      row: this.row,
      column,
      code,
      field: `rows[${this.row}]${column ? `.${column}` : ''}`,
      message: `${name}: ${message}`,
    });
  }

  private failed(column: ImportColumn): boolean {
    return this.errors.some((e) => e.column === column);
  }

  text(column: ImportColumn): string | null {
    const value = this.cells.get(column) ?? '';
    return value === '' ? null : value;
  }

  required(column: ImportColumn): string | null {
    const value = this.text(column);
    if (value === null && !this.failed(column)) this.fail(column, ImportRowCodes.REQUIRED, 'is required');
    return value;
  }

  /** A code of `allowed`, written as the code (any case) or its Chinese label. */
  code<T extends string>(column: ImportColumn, allowed: readonly T[], labels: Record<string, string> = {}, optional = false): T | null {
    const value = optional ? this.text(column) : this.required(column);
    if (value === null) return null;
    const code = labels[value] ?? value.toUpperCase().replace(/[\s-]+/g, '_');
    if ((allowed as readonly string[]).includes(code)) return code as T;
    this.fail(column, ImportRowCodes.INVALID_VALUE, `"${value.slice(0, 40)}" is not one of ${allowed.join(', ')}`);
    return null;
  }

  boolean(column: ImportColumn): boolean | null {
    const value = this.required(column);
    if (value === null) return null;
    if (TRUE.has(value.toLowerCase())) return true;
    if (FALSE.has(value.toLowerCase())) return false;
    this.fail(column, ImportRowCodes.INVALID_VALUE, 'must be 是/否 (true/false)');
    return null;
  }

  number(column: ImportColumn): number | null {
    const value = this.required(column);
    if (value === null) return null;
    const n = /^\d{1,3}(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isFinite(n)) return n;
    this.fail(column, ImportRowCodes.INVALID_VALUE, 'must be a decimal number of degrees, e.g. 26.08');
    return null;
  }

  count(column: ImportColumn): number | undefined {
    const value = this.text(column);
    if (value === null) return undefined;
    if (/^\d{1,6}$/.test(value)) return Number(value);
    this.fail(column, ImportRowCodes.INVALID_VALUE, 'must be a whole number of beds');
    return undefined;
  }

  date(column: ImportColumn, required: boolean): string | null {
    const value = required ? this.required(column) : this.text(column);
    if (value === null) return null;
    const iso = isoDateOf(value);
    if (!iso) this.fail(column, ImportRowCodes.INVALID_VALUE, `"${value.slice(0, 40)}" is not a date YYYY-MM-DD`);
    return iso;
  }

  list(column: ImportColumn): string[] {
    const value = this.text(column);
    return value === null
      ? []
      : value
          .split(LIST_SEPARATOR)
          .map((v) => v.trim())
          .filter((v) => v !== '');
  }

  /** A group of columns (a licence, a filing, a designation): null when all are empty, else each required. */
  anyOf(columns: ImportColumn[]): boolean {
    return columns.some((c) => this.text(c) !== null || this.failed(c));
  }
}
