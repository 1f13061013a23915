// the request's DTO (its class-transformer decorators) needs the metadata polyfill, also when no Nest application loaded it
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError as ClassValidationError, validateSync } from 'class-validator';
import {
  CAPABILITIES,
  Capability,
  HOSPITAL_GRADES,
  HospitalGrade,
  INSTITUTION_CATEGORIES,
  INSTITUTION_KINDS,
  InstitutionCategory,
  InstitutionKind,
  OWNERSHIPS,
  Ownership,
} from '@yiyang/contracts';
import { DomainError, FieldError, ValidationError } from '@yiyang/kernel';
import { ErrorCodes, ImportRowCode, ImportRowCodes } from '../domain/error-codes';
import { Designation, Institution, InstitutionDetails } from '../domain/institution';
import { InstitutionDetailsDto } from '../shared/institution-details.dto';
import { CsvRecord, ImportEncoding, decodeCsv, parseCsv } from './csv';
import { ImportColumn, readHeader } from './import-columns';
import { COLUMN_NAMES, LABELS, RowError, RowReader } from './row-reader';

/** At most this many bytes (413 IMPORT_TOO_LARGE) and rows (422 IMPORT_TOO_MANY_ROWS) per file. */
export const IMPORT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 5000 };

/** A row that passed every rule: the institution it registers, built but not yet stored. */
export interface ImportedRow {
  row: number;
  /** what registers it (its id included): a transaction tried again registers it anew from this */
  registration: Registration;
  institution: Institution;
}

/** What `Institution.register` is given for one row. */
export type Registration = Parameters<typeof Institution.register>[0];

/** Where an error of the aggregate or of the request's rules points, as a column and a row code. */
function columnOfField(field: string): { column: ImportColumn | null; code: ImportRowCode } {
  const [head, sub] = field.split('.');
  switch (head) {
    case 'uscc':
      return { column: 'uscc', code: ImportRowCodes.USCC_INVALID };
    case 'divisionCode':
      return { column: 'divisionCode', code: ImportRowCodes.DIVISION_UNKNOWN };
    case 'location':
      return { column: sub === 'lng' ? 'lng' : 'lat', code: sub ? ImportRowCodes.INVALID_VALUE : ImportRowCodes.LOCATION_OUTSIDE_CHINA };
    case 'kind':
    case 'hospitalGrade':
      return { column: head, code: ImportRowCodes.KIND_MISMATCH };
    case 'medicalLicence': {
      const column = { scope: 'licenceScope', validFrom: 'licenceValidFrom', validTo: 'licenceValidTo' } as const;
      return { column: column[sub as keyof typeof column] ?? 'licenceNumber', code: ImportRowCodes.CREDENTIAL_INVALID };
    }
    case 'elderlyCareFiling':
      return { column: sub === 'filedOn' ? 'filedOn' : 'filingNumber', code: ImportRowCodes.CREDENTIAL_INVALID };
    case 'medicalInsuranceDesignation':
    case 'longTermCareInsuranceDesignation': {
      const prefix = head === 'medicalInsuranceDesignation' ? 'medicalInsurance' : 'ltcInsurance';
      const suffix = sub === 'since' ? 'Since' : sub === 'validTo' ? 'ValidTo' : 'Number';
      return { column: `${prefix}${suffix}` as ImportColumn, code: ImportRowCodes.CREDENTIAL_INVALID };
    }
    case 'beds': {
      const column = `beds${(sub ?? '').charAt(0).toUpperCase()}${(sub ?? '').slice(1)}` as ImportColumn;
      return { column: COLUMN_NAMES.has(column) ? column : null, code: ImportRowCodes.INVALID_VALUE };
    }
    default:
      return { column: COLUMN_NAMES.has(head as ImportColumn) ? (head as ImportColumn) : null, code: ImportRowCodes.INVALID_VALUE };
  }
}

function designationOf(r: RowReader, prefix: 'medicalInsurance' | 'ltcInsurance'): Designation | null {
  const [number, since, validTo] = [`${prefix}Number`, `${prefix}Since`, `${prefix}ValidTo`] as ImportColumn[];
  if (!r.anyOf([number, since, validTo])) return null;
  return { number: r.required(number) ?? '', since: r.date(since, true) ?? '', validTo: r.date(validTo, false) };
}

/** The registration one row asks for (uscc, category and details), or null when a cell could not be read. */
function readRow(r: RowReader): ({ uscc: string; category: InstitutionCategory } & InstitutionDetails) | null {
  const name = r.required('name');
  const uscc = r.required('uscc');
  const category = r.code<InstitutionCategory>('category', INSTITUTION_CATEGORIES, LABELS.category);
  const kind = r.code<InstitutionKind>('kind', INSTITUTION_KINDS, LABELS.kind);
  const hospitalGrade = r.code<HospitalGrade>('hospitalGrade', HOSPITAL_GRADES, LABELS.hospitalGrade, true);
  const ownership = r.code<Ownership>('ownership', OWNERSHIPS, LABELS.ownership);
  const nonProfit = r.boolean('nonProfit');
  const divisionCode = r.required('divisionCode');
  const address = r.required('address');
  const lat = r.number('lat');
  const lng = r.number('lng');
  const licenceColumns: ImportColumn[] = ['licenceNumber', 'licenceScope', 'licenceValidFrom', 'licenceValidTo'];
  const medicalLicence = r.anyOf(licenceColumns)
    ? {
        number: r.required('licenceNumber') ?? '',
        scope: r.list('licenceScope'),
        validFrom: r.date('licenceValidFrom', true) ?? '',
        validTo: r.date('licenceValidTo', true) ?? '',
      }
    : null;
  const elderlyCareFiling = r.anyOf(['filingNumber', 'filedOn'])
    ? { number: r.required('filingNumber') ?? '', filedOn: r.date('filedOn', true) ?? '' }
    : null;
  const medicalInsuranceDesignation = designationOf(r, 'medicalInsurance');
  const longTermCareInsuranceDesignation = designationOf(r, 'ltcInsurance');
  const capabilities: Capability[] = [];
  for (const c of r.list('capabilities')) {
    const code = c.toUpperCase().replace(/[\s-]+/g, '_');
    if ((CAPABILITIES as readonly string[]).includes(code)) capabilities.push(code as Capability);
    else r.fail('capabilities', ImportRowCodes.INVALID_VALUE, `"${c.slice(0, 40)}" is not one of ${CAPABILITIES.join(', ')}`);
  }
  const beds = Object.fromEntries(
    (
      [
        ['elderly', r.count('bedsElderly')],
        ['medical', r.count('bedsMedical')],
        ['rehabilitation', r.count('bedsRehabilitation')],
        ['hospice', r.count('bedsHospice')],
        ['family', r.count('bedsFamily')],
      ] as const
    ).filter(([, n]) => n !== undefined),
  );
  if (r.errors.length) return null;
  return {
    uscc: uscc!.toUpperCase(),
    category: category!,
    name: name!,
    medicalInstitutionCode: r.text('medicalInstitutionCode'),
    kind: kind!,
    hospitalGrade,
    ownership: ownership!,
    nonProfit: nonProfit!,
    divisionCode: divisionCode!,
    address: address!,
    location: { lat: lat!, lng: lng! },
    medicalLicence,
    elderlyCareFiling,
    medicalInsuranceDesignation,
    longTermCareInsuranceDesignation,
    capabilities,
    beds,
  };
}

/** The request rules of a single registration (InstitutionDetailsDto: lengths, forms), as field paths. */
function requestProblems(details: InstitutionDetails): FieldError[] {
  const dto = plainToInstance(InstitutionDetailsDto, JSON.parse(JSON.stringify(details)) as object);
  const problems: FieldError[] = [];
  const walk = (errors: ClassValidationError[], prefix: string) => {
    for (const e of errors) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      if (e.constraints) problems.push({ field, message: Object.values(e.constraints).join('; ') });
      walk(e.children ?? [], field);
    }
  };
  walk(validateSync(dto, { forbidUnknownValues: false }), '');
  return problems;
}

/** The USCC in a row's cells, for reporting a duplicate (upper case, trimmed). */
const usccOf = (institution: Institution) => institution.snapshot.uscc;

export interface ImportCheck {
  /** every good row's institution, built at `at` (in file order) */
  rows: ImportedRow[];
  /** every problem of every bad row, in file order */
  errors: RowError[];
  encoding: ImportEncoding;
  /** how many rows of institutions the file has */
  total: number;
}

/**
 * Reads a whole file and checks every row with the rules of a single registration (the request's forms,
 * then the aggregate's: USCC check character, division, kind and category, licence in force, coordinates),
 * then USCCs repeated in the file. Problems of the file itself (encoding, CSV form, header, empty, too many
 * rows) are thrown; problems of rows are collected, all of them, for the caller to report.
 * `newId` gives each institution its id.
 */
export function checkImport(
  bytes: Uint8Array,
  options: { at: Date; newId: () => string; encoding?: ImportEncoding; maxRows?: number },
): ImportCheck {
  const { text, encoding } = decodeCsv(bytes, options.encoding);
  const records = parseCsv(text);
  const [header, ...data] = records;
  if (!header) throw new DomainError(ErrorCodes.IMPORT_EMPTY, 'rule', 'the file has no header row');
  const columns = readHeader(header.cells);
  if (data.length === 0) throw new DomainError(ErrorCodes.IMPORT_EMPTY, 'rule', 'the file has a header row and no institutions');
  const maxRows = options.maxRows ?? IMPORT_LIMITS.rows;
  if (data.length > maxRows) {
    throw new DomainError(ErrorCodes.IMPORT_TOO_MANY_ROWS, 'rule', `the file has ${data.length} rows; at most ${maxRows} per file`);
  }
  const rows: ImportedRow[] = [];
  const errors: RowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const record of data) {
    const result = checkRow(record, columns, options);
    if ('errors' in result) {
      errors.push(...result.errors);
      continue;
    }
    const uscc = usccOf(result.institution);
    const earlier = firstRowOf.get(uscc);
    if (earlier !== undefined) {
      const r = new RowReader(record.row, [], []);
      r.fail('uscc', ImportRowCodes.DUPLICATE_USCC_IN_FILE, `${uscc} is also on row ${earlier}`);
      errors.push(...r.errors);
      continue;
    }
    firstRowOf.set(uscc, record.row);
    rows.push({ row: record.row, registration: result.registration, institution: result.institution });
  }
  return { rows, errors, encoding, total: data.length };
}

function checkRow(
  record: CsvRecord,
  columns: ImportColumn[],
  options: { at: Date; newId: () => string },
): { registration: Registration; institution: Institution } | { errors: RowError[] } {
  const r = new RowReader(record.row, columns, record.cells);
  // trailing empty cells some tools leave out (or add) are no problem; a value beyond the header's columns is
  if (record.cells.slice(columns.length).some((c) => c.trim() !== '')) {
    r.fail(null, ImportRowCodes.WRONG_CELL_COUNT, `has values in ${record.cells.length} cells, the header names ${columns.length} columns`);
    return { errors: r.errors };
  }
  const input = readRow(r);
  if (!input) return { errors: r.errors };
  const { uscc, category, ...details } = input;
  // the aggregate's rules first (they say more: "outside China" rather than "lat must not be greater than 90"),
  // then the request's forms for the columns the aggregate found nothing wrong with
  const registration: Registration = { id: options.newId(), uscc, category, ...details };
  let institution: Institution | null = null;
  try {
    institution = Institution.register(registration, options.at);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const code = err.code === ErrorCodes.LICENCE_LAPSED ? ImportRowCodes.LICENCE_LAPSED : null;
    const problems = err instanceof ValidationError || err.errors.length ? err.errors : [{ field: '', message: err.message }];
    for (const p of problems) {
      const at = columnOfField(p.field);
      r.fail(at.column, code ?? at.code, p.message);
    }
  }
  const reported = new Set(r.errors.map((e) => e.column));
  for (const p of requestProblems(details)) {
    const { column, code } = columnOfField(p.field);
    if (!reported.has(column)) r.fail(column, code, p.message);
  }
  return institution && r.errors.length === 0 ? { registration, institution } : { errors: r.errors };
}
