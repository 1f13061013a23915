import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@yiyang/kernel';
import { validUscc } from '@yiyang/testing';
import { columnOf, readHeader } from './import-columns';
import { checkImport } from './import-rows';
import { RowError, isoDateOf } from './row-reader';

const at = new Date('2026-11-22T02:00:00Z');
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

const HEADER = [
  '机构名称',
  '统一社会信用代码',
  '机构类别',
  '机构类型',
  '医院等级',
  '所有制',
  '非营利',
  '行政区划代码',
  '地址',
  '纬度',
  '经度',
  '执业许可证号',
  '诊疗科目',
  '许可证有效期起',
  '许可证有效期止',
  '养老机构备案号',
  '备案日期',
  '医保定点编号',
  '医保定点起始日期',
  '医保定点截止日期',
  '服务能力',
  '养老床位',
  '医疗床位',
];

type Row = Partial<Record<(typeof HEADER)[number], string>>;

const home = (overrides: Row = {}): Row => ({
  机构名称: '福州市鼓楼区颐养院',
  统一社会信用代码: validUscc(),
  机构类别: '养老机构',
  机构类型: '养老院',
  所有制: '民营',
  非营利: '是',
  行政区划代码: '350102',
  地址: '福州市鼓楼区五四路1号',
  纬度: '26.08',
  经度: '119.30',
  养老机构备案号: '闽养备350102001',
  备案日期: '2024/3/1',
  服务能力: 'NURSING;DEMENTIA_CARE',
  养老床位: '120',
  ...overrides,
});

const hospitalRow = (overrides: Row = {}): Row => ({
  机构名称: '福州市第一医院',
  统一社会信用代码: validUscc('350103'),
  机构类别: 'MEDICAL',
  机构类型: 'GENERAL_HOSPITAL',
  医院等级: '三级',
  所有制: 'PUBLIC',
  非营利: 'true',
  行政区划代码: '350103',
  地址: '福州市台江区达道路190号',
  纬度: '26.05',
  经度: '119.31',
  执业许可证号: 'PDY00001X350103',
  诊疗科目: '内科、外科、康复医学科',
  许可证有效期起: '2022-01-01',
  许可证有效期止: '2027-12-31',
  医保定点编号: 'YB350103001',
  医保定点起始日期: '2023-01-01',
  医保定点截止日期: '2028-12-31',
  服务能力: 'EMERGENCY,REHABILITATION',
  医疗床位: '800',
  ...overrides,
});

const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: Row[], header = HEADER) =>
  [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))].map((cells) => cells.map(cell).join(',')).join('\r\n');
const check = (text: string | Buffer) => checkImport(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { at, newId });

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};
const brief = (errors: RowError[]) => errors.map((e) => `${e.row} ${e.column ?? '-'} ${e.code}`);

describe('the import header', () => {
  it('knows each column by its Chinese or English name, or both, in any case', () => {
    expect([columnOf('机构名称'), columnOf('name'), columnOf(' NAME '), columnOf('机构名称(name)'), columnOf('机构名称（name）')]).toEqual([
      'name',
      'name',
      'name',
      'name',
      'name',
    ]);
    expect(columnOf('机构名称/uscc')).toBeNull();
    expect(
      readHeader(['name', 'uscc', 'category', 'kind', 'ownership', 'nonProfit', 'divisionCode', 'address', 'lat', 'lng', '', ' ']),
    ).toHaveLength(10);
    expect(columnOf('备注')).toBeNull();
  });

  it('refuses unknown, repeated and missing required columns, naming each', () => {
    const e = refusal(() => readHeader(['name', '机构名称', '备注']));
    expect(e.code).toBe('IMPORT_COLUMNS_INVALID');
    expect(e.errors.map((x) => x.field)).toEqual([
      'header[2]',
      'header[3]',
      'uscc',
      'category',
      'kind',
      'ownership',
      'nonProfit',
      'divisionCode',
      'address',
      'lat',
      'lng',
    ]);
  });
});

describe('checkImport', () => {
  it('reads good rows (Chinese labels or codes, spreadsheet dates, lists) into registrations', () => {
    const result = check(csv([home(), hospitalRow()]));
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(2);
    const [h, m] = result.rows.map((r) => r.institution.snapshot);
    expect(result.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(h).toMatchObject({
      category: 'ELDERLY_CARE',
      kind: 'NURSING_HOME',
      ownership: 'PRIVATE',
      nonProfit: true,
      location: { lat: 26.08, lng: 119.3 },
      elderlyCareFiling: { number: '闽养备350102001', filedOn: '2024-03-01' },
      medicalLicence: null,
      capabilities: ['NURSING', 'DEMENTIA_CARE'],
      beds: { elderly: 120 },
      status: 'ACTIVE',
      version: 1,
    });
    expect(m).toMatchObject({
      hospitalGrade: 'LEVEL_3',
      medicalLicence: { number: 'PDY00001X350103', scope: ['内科', '外科', '康复医学科'], validFrom: '2022-01-01', validTo: '2027-12-31' },
      medicalInsuranceDesignation: { number: 'YB350103001', since: '2023-01-01', validTo: '2028-12-31' },
      longTermCareInsuranceDesignation: null,
      capabilities: ['EMERGENCY', 'REHABILITATION'],
    });
  });

  it('reads a GB18030 file as Excel saves it, names intact', () => {
    const result = check(iconv.encode(csv([home({ 机构名称: '鼓楼区𠀀颐养院' })]), 'gb18030'));
    expect(result.encoding).toBe('gb18030');
    expect(result.rows[0].institution.snapshot.name).toBe('鼓楼区𠀀颐养院');
  });

  it('reports every problem of every bad row with the rules of a single registration, keeping the good rows apart', () => {
    const rows = [
      home(),
      home({ 统一社会信用代码: '91350102MA2XXXXX0A' }), // wrong check character
      home({ 行政区划代码: '359999', 纬度: '119.30', 经度: '26.08' }), // unknown division, swapped coordinates
      home({ 机构类型: '综合医院' }), // not an elderly-care kind
      hospitalRow({ 许可证有效期止: '2026-11-21' }), // lapsed yesterday (China time)
      hospitalRow({ 执业许可证号: '', 诊疗科目: '', 许可证有效期起: '', 许可证有效期止: '' }), // no licence at all
      home({ 机构名称: '', 非营利: 'maybe', 养老床位: '-3', 备案日期: '2024-02-30', 服务能力: 'NURSING;FLYING' }),
      hospitalRow({ 医保定点起始日期: '2024-01-01', 医保定点截止日期: '2023-12-31' }),
      home({ 地址: 'x'.repeat(501) }), // longer than the registration allows
    ];
    const result = check(csv(rows));
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(brief(result.errors).sort()).toEqual(
      [
        '3 uscc USCC_INVALID',
        '4 divisionCode DIVISION_UNKNOWN',
        '4 lat LOCATION_OUTSIDE_CHINA',
        '5 kind KIND_MISMATCH',
        '6 licenceValidTo LICENCE_LAPSED',
        '7 licenceNumber CREDENTIAL_INVALID',
        '8 name REQUIRED',
        '8 nonProfit INVALID_VALUE',
        '8 filedOn INVALID_VALUE',
        '8 capabilities INVALID_VALUE',
        '8 bedsElderly FORMULA_REFUSED',
        '9 medicalInsuranceValidTo CREDENTIAL_INVALID',
        '10 address INVALID_VALUE',
      ].sort(),
    );
    for (const e of result.errors) expect(e.message).toMatch(/\S/);
  });

  it('refuses formula-looking cells (=, +, -, @, tab) rather than storing them', () => {
    const result = check(csv([home({ 机构名称: "=cmd|' /C calc'!A0" }), home({ 地址: '@SUM(1+1)' }), home({ 机构名称: '\t+1' })]));
    expect(brief(result.errors)).toEqual(['2 name FORMULA_REFUSED', '3 address FORMULA_REFUSED', '4 name FORMULA_REFUSED']);
  });

  it('refuses a USCC repeated in the file on its later rows, naming the first', () => {
    const uscc = validUscc();
    const result = check(csv([home({ 统一社会信用代码: uscc }), home(), home({ 统一社会信用代码: uscc.toLowerCase() })]));
    expect(brief(result.errors)).toEqual(['4 uscc DUPLICATE_USCC_IN_FILE']);
    expect(result.errors[0].message).toContain('row 2');
    expect(result.rows).toHaveLength(2);
  });

  it('refuses a row with values beyond the header, and reads missing trailing cells as empty', () => {
    const text = `${csv([home()])},,\r\n${csv([home()]).split('\r\n')[1]},多余\r\n${csv([home()]).split('\r\n')[1].replace(/,+$/, '')}\r\n`;
    const result = check(text);
    expect(brief(result.errors)).toEqual(['3 - WRONG_CELL_COUNT']);
    expect(result.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('refuses an empty file, a header alone, too many rows and unknown columns as a whole', () => {
    expect(refusal(() => check('')).code).toBe('IMPORT_EMPTY');
    expect(refusal(() => check('\r\n,,\r\n')).code).toBe('IMPORT_EMPTY');
    expect(refusal(() => check(csv([]))).code).toBe('IMPORT_EMPTY');
    expect(refusal(() => checkImport(Buffer.from(csv([home(), home(), home()])), { at, newId, maxRows: 2 })).code).toBe(
      'IMPORT_TOO_MANY_ROWS',
    );
    expect(refusal(() => check(csv([home()], [...HEADER, '备注']))).code).toBe('IMPORT_COLUMNS_INVALID');
  });

  it('takes English headers and leaves out optional columns', () => {
    const header = [
      'name',
      'uscc',
      'category',
      'kind',
      'ownership',
      'nonProfit',
      'divisionCode',
      'address',
      'lat',
      'lng',
      'filingNumber',
      'filedOn',
    ];
    const text = [
      header.join(','),
      `颐养院,${validUscc()},ELDERLY_CARE,NURSING_HOME,PRIVATE,false,350102,五四路1号,26.08,119.3,F-1,2024-03-01`,
    ].join('\n');
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.rows[0].institution.snapshot).toMatchObject({ nonProfit: false, capabilities: [], beds: {}, hospitalGrade: null });
  });
});

describe('the template in docs/examples', () => {
  it('is a file the import takes as it is: UTF-8 with BOM, every column, three good rows', () => {
    const bytes = readFileSync(join(__dirname, '../../../../docs/examples/institutions-import.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const result = check(bytes);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.institution.snapshot.category)).toEqual(['ELDERLY_CARE', 'MEDICAL', 'COMBINED']);
  });
});

describe('isoDateOf', () => {
  it('reads the dates spreadsheets write and refuses impossible ones', () => {
    expect(['2024-03-01', '2024/3/1', '2024.3.1', '2024年3月1日', '2024-02-30', '01/03/2024', '2024-3'].map(isoDateOf)).toEqual([
      '2024-03-01',
      '2024-03-01',
      '2024-03-01',
      '2024-03-01',
      null,
      null,
      null,
    ]);
  });
});
