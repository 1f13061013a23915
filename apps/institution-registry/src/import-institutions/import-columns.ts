import { DomainError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';

/**
 * The columns of a bulk import, each known by its English key and its Chinese name. A header cell may
 * be either, or both ("机构名称 (name)", "机构名称/name"); case and spaces do not matter. The order of the
 * columns is free; optional columns may be left out. docs/api/institution-registry.md lists them.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', zh: '机构名称', required: true },
  { key: 'uscc', zh: '统一社会信用代码', required: true },
  { key: 'category', zh: '机构类别', required: true },
  { key: 'kind', zh: '机构类型', required: true },
  { key: 'hospitalGrade', zh: '医院等级', required: false },
  { key: 'ownership', zh: '所有制', required: true },
  { key: 'nonProfit', zh: '非营利', required: true },
  { key: 'medicalInstitutionCode', zh: '医疗机构登记号', required: false },
  { key: 'divisionCode', zh: '行政区划代码', required: true },
  { key: 'address', zh: '地址', required: true },
  { key: 'lat', zh: '纬度', required: true },
  { key: 'lng', zh: '经度', required: true },
  { key: 'licenceNumber', zh: '执业许可证号', required: false },
  { key: 'licenceScope', zh: '诊疗科目', required: false },
  { key: 'licenceValidFrom', zh: '许可证有效期起', required: false },
  { key: 'licenceValidTo', zh: '许可证有效期止', required: false },
  { key: 'filingNumber', zh: '养老机构备案号', required: false },
  { key: 'filedOn', zh: '备案日期', required: false },
  { key: 'medicalInsuranceNumber', zh: '医保定点编号', required: false },
  { key: 'medicalInsuranceSince', zh: '医保定点起始日期', required: false },
  { key: 'medicalInsuranceValidTo', zh: '医保定点截止日期', required: false },
  { key: 'ltcInsuranceNumber', zh: '长护险定点编号', required: false },
  { key: 'ltcInsuranceSince', zh: '长护险定点起始日期', required: false },
  { key: 'ltcInsuranceValidTo', zh: '长护险定点截止日期', required: false },
  { key: 'capabilities', zh: '服务能力', required: false },
  { key: 'bedsElderly', zh: '养老床位', required: false },
  { key: 'bedsMedical', zh: '医疗床位', required: false },
  { key: 'bedsRehabilitation', zh: '康复床位', required: false },
  { key: 'bedsHospice', zh: '安宁疗护床位', required: false },
  { key: 'bedsFamily', zh: '家庭病床', required: false },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

const BY_NAME = new Map<string, ImportColumn>(IMPORT_COLUMNS.flatMap((c) => [[fold(c.key), c.key] as const, [fold(c.zh), c.key] as const]));

/** The column a header cell names, or null: its Chinese or English name, or both ("机构名称(name)"). */
export function columnOf(header: string): ImportColumn | null {
  const parts = [header, ...header.split(/[()（）/|]/u)].map(fold).filter((p) => p !== '');
  const found = new Set(parts.map((p) => BY_NAME.get(p)).filter((c): c is ImportColumn => c !== undefined));
  return found.size === 1 ? [...found][0] : null;
}

/** The header row read into columns by position; an unknown, repeated or missing required column is 422 IMPORT_COLUMNS_INVALID. */
export function readHeader(row: string[]): ImportColumn[] {
  const problems: { field: string; message: string }[] = [];
  const columns: ImportColumn[] = [];
  // empty cells at the header's end (a sheet's used range wider than its columns) name nothing
  let end = row.length;
  while (end > 0 && row[end - 1].trim() === '') end--;
  const cells = row.slice(0, end);
  cells.forEach((cell, i) => {
    const column = columnOf(cell);
    const field = `header[${i + 1}]`;
    if (!column) problems.push({ field, message: `"${cell.slice(0, 50)}" is not a column of the import` });
    else if (columns.includes(column)) problems.push({ field, message: `the column ${column} is named twice` });
    if (column) columns.push(column);
  });
  for (const c of IMPORT_COLUMNS) {
    if (c.required && !columns.includes(c.key))
      problems.push({ field: c.key, message: `the required column ${c.zh} (${c.key}) is missing` });
  }
  if (problems.length) {
    throw new DomainError(
      ErrorCodes.IMPORT_COLUMNS_INVALID,
      'rule',
      `the header row does not match the import's columns: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  return cells.map((cell) => columnOf(cell) as ImportColumn);
}
