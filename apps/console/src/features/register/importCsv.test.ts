/** The bulk import's browser side: the template, the file checks, and a refusal's problems as sentences. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidDivisionCode } from '@kernel/division';
import { isValidUscc } from '@kernel/uscc';
import { ApiProblem } from '../../api/problem';
import { featureTranslator } from '../../i18n/i18n';
import { IMPORT_LIMITS, checkImportFile, importRefusal, importTemplate, malformedLine, newImportKey, problemsCsv } from './importCsv';
import { messages } from './messages';

const zh = featureTranslator(messages, 'zh');
const en = featureTranslator(messages, 'en');

/** The registry's own template (docs/api/institution-registry.md links it). */
const DOCS_TEMPLATE = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'examples', 'institutions-import.csv');

const csvFile = (name: string, bytes: BlobPart[] = ['机构名称,统一社会信用代码\r\n']) => new File(bytes, name, { type: 'text/csv' });

const rowsRefused = (errors: object[]) =>
  new ApiProblem(422, {
    type: 'urn:yiyang:problem:import_rows_invalid',
    title: 'Refused',
    status: 422,
    code: 'IMPORT_ROWS_INVALID',
    detail: '2 of 3 rows are refused (4 problems); nothing was registered',
    errors: errors as { field: string; message: string }[],
  });

describe('the template', () => {
  const text = importTemplate();

  it('is UTF-8 with a byte-order mark, CRLF line ends, the header and one example row', () => {
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(3); // header, example, and the empty string after the last CRLF
    expect(lines[2]).toBe('');
    expect(lines[0].split(',')).toHaveLength(30);
  });

  it('has the header of the registry’s own example, column for column', () => {
    const docs = readFileSync(DOCS_TEMPLATE, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    expect(text.slice(1).split('\r\n')[0]).toBe(docs);
  });

  it('has an example row the registry would take: a valid USCC and division, the address quoted for its comma', () => {
    const example = text.slice(1).split('\r\n')[1];
    expect(example).toContain('"福州市鼓楼区五四路1号, 北楼"');
    const cells = example.replace('"福州市鼓楼区五四路1号, 北楼"', 'ADDRESS').split(',');
    expect(cells).toHaveLength(30);
    expect(isValidUscc(cells[1])).toBe(true);
    expect(isValidDivisionCode(cells[8])).toBe(true);
    expect(cells.slice(0, 4)).toEqual(['福州市鼓楼区示例颐养院', '52350102MJ00000016', '养老机构', '养老院']);
    // no cell a spreadsheet would take for a formula
    expect(cells.every((c) => !/^[=+\-@]/.test(c))).toBe(true);
  });
});

describe('the file, checked before it is sent', () => {
  it('takes a .csv (any case) of at most 5 MB', async () => {
    expect(await checkImportFile(csvFile('机构.csv'))).toBeUndefined();
    expect(await checkImportFile(csvFile('JIGOU.CSV'))).toBeUndefined();
    expect(await checkImportFile(csvFile('limit.csv', [new Uint8Array(IMPORT_LIMITS.bytes).fill(0x41)]))).toBeUndefined();
  });

  it('refuses another name, an empty file, and one over 5 MB', async () => {
    expect(await checkImportFile(csvFile('机构.txt'))).toBe('type');
    expect(await checkImportFile(csvFile('机构登记.xlsx'))).toBe('workbook');
    expect(await checkImportFile(csvFile('empty.csv', []))).toBe('empty');
    expect(await checkImportFile(csvFile('big.csv', [new Uint8Array(IMPORT_LIMITS.bytes + 1).fill(0x41)]))).toBe('size');
  });

  it('refuses by its first bytes a workbook named .csv and UTF-16 text', async () => {
    expect(await checkImportFile(csvFile('renamed.csv', [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])]))).toBe('workbook');
    expect(await checkImportFile(csvFile('old.csv', [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1])]))).toBe('workbook');
    expect(await checkImportFile(csvFile('unicode.csv', [new Uint8Array([0xff, 0xfe, 0x3a, 0x67])]))).toBe('utf16');
  });

  it('gives each chosen file its own Idempotency-Key', () => {
    const a = newImportKey();
    expect(a).toMatch(/^import-[0-9a-f]{32}$/);
    expect(newImportKey()).not.toBe(a);
  });
});

describe('a refusal, row by row', () => {
  const refused = rowsRefused([
    { row: 3, column: 'kind', code: 'KIND_MISMATCH', field: 'rows[3].kind', message: '机构类型 (kind): does not fit' },
    {
      row: 2,
      column: 'filedOn',
      code: 'INVALID_VALUE',
      field: 'rows[2].filedOn',
      message: '备案日期 (filedOn): "2024-13-01" is not a date',
    },
    { row: 2, column: 'uscc', code: 'USCC_INVALID', field: 'rows[2].uscc', message: '…' },
    { row: 3, column: 'hospitalGrade', code: 'KIND_MISMATCH', field: 'rows[3].hospitalGrade', message: '…' },
    {
      row: 5,
      column: 'uscc',
      code: 'DUPLICATE_USCC_IN_FILE',
      field: 'rows[5].uscc',
      message: '统一社会信用代码 (uscc): 52350102MJ00000016 is also on row 2',
    },
    { row: 6, column: null, code: 'WRONG_CELL_COUNT', field: 'rows[6]', message: 'row: has values in 31 cells' },
    { row: 7, column: 'lat', code: 'INVALID_VALUE', field: 'rows[7].lat', message: '…' },
    { row: 7, column: 'licenceValidTo', code: 'CREDENTIAL_INVALID', field: 'rows[7].licenceValidTo', message: '…' },
    { row: 8, column: 'address', code: 'SOMETHING_NEW', field: 'rows[8].address', message: '…' },
  ]);

  it('lists every problem in file order, the columns in the registry’s order, each a sentence of its code', () => {
    const refusal = importRefusal(refused, zh, 'zh')!;
    expect(refusal.kind).toBe('rows');
    expect(refusal.badRows).toBe(6);
    expect(refusal.problems.map((p) => [p.row, p.column, p.problem])).toEqual([
      [2, '统一社会信用代码', '统一社会信用代码有误：应为 18 位，且校验位正确（GB 32100-2015）。'],
      [2, '备案日期', '不是日期：请写成 2024-03-01 或 2024/3/1。'],
      [3, '机构类型', '机构类型与机构类别不符。'],
      [3, '医院等级', '只有医院才有医院等级，请留空。'],
      [5, '统一社会信用代码', '与第 2 行的统一社会信用代码重复。'],
      [6, '整行', '这一行的值比表头的列多：含逗号的内容是否没有加引号？'],
      [7, '纬度', '不是经纬度：请写十进制度数，如 26.08。'],
      [7, '许可证有效期止', expect.stringContaining('医疗机构执业许可证不完整') as unknown],
      [8, '地址', '这一项不符合登记规则。'],
    ]);
  });

  it('says it in English too, the column with its key as the template names it', () => {
    const refusal = importRefusal(refused, en, 'en')!;
    expect(refusal.problems[0]).toMatchObject({ row: 2, column: 'Unified social credit code (uscc)' });
    expect(refusal.problems[4].problem).toBe('The same unified social credit code as row 2.');
  });

  it('names the header cells of a header that does not match (row 1)', () => {
    const header = new ApiProblem(422, {
      code: 'IMPORT_COLUMNS_INVALID',
      status: 422,
      detail: 'the header row does not match',
      errors: [
        { field: 'header[3]', message: '"机构电话" is not a column of the import' },
        { field: 'header[7]', message: 'the column name is named twice' },
        { field: 'divisionCode', message: 'the required column 行政区划代码 (divisionCode) is missing' },
      ],
    });
    const refusal = importRefusal(header, zh, 'zh')!;
    expect(refusal.kind).toBe('columns');
    expect(refusal.problems.map((p) => [p.row, p.column, p.problem])).toEqual([
      [1, '表头第 3 列', '“机构电话”不是导入的列名，请使用模板的表头。'],
      [1, '表头第 7 列', '与前面的列重复：都是“机构名称”。'],
      [1, '行政区划代码', '缺少这一必填列。'],
    ]);
  });

  it('leaves any other problem to the console’s problem sentences', () => {
    expect(importRefusal(new ApiProblem(422, { code: 'IMPORT_EMPTY', status: 422, detail: '' }), zh, 'zh')).toBeUndefined();
    expect(importRefusal(new ApiProblem(413, { code: 'IMPORT_TOO_LARGE', status: 413, detail: '' }), zh, 'zh')).toBeUndefined();
    expect(importRefusal(new Error('offline'), zh, 'zh')).toBeUndefined();
  });

  it('writes the problems as a CSV to work through (UTF-8 with BOM)', () => {
    const csv = problemsCsv(importRefusal(refused, zh, 'zh')!.problems, zh);
    const lines = csv.slice(1).split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('行号,列,问题');
    expect(lines[1]).toBe('2,统一社会信用代码,统一社会信用代码有误：应为 18 位，且校验位正确（GB 32100-2015）。');
  });

  it('reads the line of a malformed file from its detail', () => {
    const malformed = (detail: string) => new ApiProblem(422, { code: 'IMPORT_MALFORMED_CSV', status: 422, detail });
    expect(malformedLine(malformed('the file is not well-formed CSV: an unclosed quote (line 12)'))).toBe(12);
    expect(malformedLine(malformed('not well-formed'))).toBeUndefined();
    expect(malformedLine(rowsRefused([]))).toBeUndefined();
  });
});
