/**
 * 批量导入 in Debian's Chromium, the registry answered by the test (as signed-in.e2e.ts): a registrar opens
 * the import from the register by keyboard, downloads the template (made in the browser: UTF-8 with a
 * byte-order mark, CRLF, the registry's header), has a workbook refused before anything is sent, sends a
 * file with bad rows and reads the refusal as a table (nothing registered), sends the corrected file and
 * sees how many were registered and the register read again; then the same refusal in English. The stub
 * answers POST /v1/institutions/imports as the registry does: the CSV read (RFC 4180), each row checked
 * (USCC check character, division, coordinates in China, a USCC repeated in the file), all or nothing,
 * 201 with the institutions or 422 IMPORT_ROWS_INVALID listing each problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { isValidDivisionCode } from '@kernel/division';
import { isValidUscc } from '@kernel/uscc';
import type { operations } from '../src/api/registry';
import { HOME_ID, institution as fixture } from '../src/features/agreements/testing';
import { REPO_ROOT } from '../server/settings';
import { accessibilityViolations, json, offlineConsole, problemsOf, quietInbox, screenshot, signedInContext } from './harness';

type ImportAnswer = operations['ImportInstitutionsController_import']['responses'][201]['content']['application/json'];

const app = offlineConsole();

const HEADER = readFileSync(join(REPO_ROOT, 'docs', 'examples', 'institutions-import.csv'), 'utf8')
  .replace(/^\uFEFF/, '')
  .split(/\r?\n/)[0];

/** A file as a registrar fills the template: the header, then rows of the registry's example columns. */
function fileOf(rows: { name: string; uscc: string; division?: string; lat?: string }[]): Buffer {
  const line = (r: (typeof rows)[number]) =>
    [
      r.name,
      r.uscc,
      '养老机构',
      '养老院',
      '',
      '民营',
      '是',
      '',
      r.division ?? '350102',
      `"${r.name}, 北楼"`,
      r.lat ?? '26.08',
      '119.30',
      '',
      '',
      '',
      '',
      `闽养备${r.uscc.slice(-6)}`,
      '2024/3/1',
      ...Array<string>(6).fill(''),
      'NURSING',
      '60',
      '',
      '',
      '',
      '',
    ].join(',');
  return Buffer.from(`\uFEFF${[HEADER, ...rows.map(line)].join('\r\n')}\r\n`, 'utf8');
}

const GOOD = [
  { name: '福州市鼓楼区安泰颐养院', uscc: '52350102MJ00000016' },
  { name: '福州市鼓楼区温泉护理院', uscc: '12350103488000002P', division: '350103' },
];
const BAD = [
  GOOD[0],
  { name: '福州市鼓楼区温泉护理院', uscc: '12350103488000002X', division: '350103' },
  { name: '福州市鼓楼区华大颐养院', uscc: '52350102MJ00000016', division: '359999', lat: '119.30' },
];

// ── the registry's import, as docs/api/institution-registry.md "Bulk import" says it answers ──

/** RFC 4180 records (quoted cells may hold commas), each with its spreadsheet row number. */
function parseCsv(text: string): { row: number; cells: string[] }[] {
  const records: { row: number; cells: string[] }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, i) => {
      const cells = [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
      if (cells.some((c) => c.trim() !== '')) records.push({ row: i + 1, cells });
    });
  return records;
}

interface RowError {
  row: number;
  column: string | null;
  code: string;
  field: string;
  message: string;
}

function answerImport(route: Route, registered: ImportAnswer['items']) {
  const request = route.request();
  expect(request.headers()['content-type']).toBe('text/csv');
  expect(request.headers()['idempotency-key']).toMatch(/^import-[0-9a-f]{32}$/);
  const [header, ...data] = parseCsv(request.postDataBuffer()!.toString('utf8'));
  const at = (key: string) => header.cells.findIndex((c) => c.endsWith(`(${key})`));
  const errors: RowError[] = [];
  const fail = (row: number, column: string, code: string, message: string) =>
    errors.push({ row, column, code, field: `rows[${row}].${column}`, message });
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of data) {
    const uscc = cells[at('uscc')];
    if (!isValidUscc(uscc)) fail(row, 'uscc', 'USCC_INVALID', `统一社会信用代码 (uscc): the check character of ${uscc} is wrong`);
    else if (firstRowOf.has(uscc))
      fail(row, 'uscc', 'DUPLICATE_USCC_IN_FILE', `统一社会信用代码 (uscc): ${uscc} is also on row ${firstRowOf.get(uscc)}`);
    else firstRowOf.set(uscc, row);
    if (!isValidDivisionCode(cells[at('divisionCode')]))
      fail(row, 'divisionCode', 'DIVISION_UNKNOWN', '行政区划代码 (divisionCode): unknown');
    const lat = Number(cells[at('lat')]);
    if (!(lat >= 3 && lat <= 54)) fail(row, 'lat', 'LOCATION_OUTSIDE_CHINA', '纬度 (lat): the location is outside China');
  }
  if (errors.length) {
    const bad = new Set(errors.map((e) => e.row)).size;
    return json(
      route,
      {
        type: 'urn:yiyang:problem:import_rows_invalid',
        title: 'Unprocessable',
        status: 422,
        code: 'IMPORT_ROWS_INVALID',
        detail: `${bad} of ${data.length} rows are refused (${errors.length} problems); nothing was registered: correct them and send the whole file again`,
        errors,
      },
      422,
    );
  }
  const items = data.map(({ row, cells }, i) => ({
    row,
    id: `b1000000-0000-4000-8000-00000000000${i + 1}`,
    version: 1,
    uscc: cells[at('uscc')],
    name: cells[at('name')],
    divisionCode: cells[at('divisionCode')],
    status: 'ACTIVE' as const,
  }));
  registered.push(...items);
  return json(route, { encoding: 'utf-8', count: items.length, items } satisfies ImportAnswer, 201);
}

/** The import's problems table, as text: one array of cells a row. */
async function problemRows(page: Page, label: string): Promise<string[][]> {
  const table = page.getByRole('region', { name: label });
  await table.getByRole('row').nth(1).waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

describe('批量导入', () => {
  it('a registrar downloads the template, sends a file with bad rows, reads why, then imports the corrected one', async () => {
    const context = await signedInContext(app.browser, { roles: ['registrar'], name: '王晓梅' });
    const page = await context.newPage();
    const problems = problemsOf(page);
    const registered: ImportAnswer['items'] = [];
    let sends = 0;
    let searches = 0;
    await quietInbox(page, app.server.url);
    await page.route(`${app.server.url}/api/registry/**`, (route) => {
      const url = new URL(route.request().url());
      expect(route.request().headers().authorization).toMatch(/^Bearer eyJ/);
      if (url.pathname === '/api/registry/v1/institutions/imports' && route.request().method() === 'POST') {
        sends++;
        return answerImport(route, registered);
      }
      if (url.pathname === '/api/registry/v1/institutions') {
        searches++;
        const made = registered.map((r) => fixture(r.id, { name: r.name, uscc: r.uscc, divisionCode: r.divisionCode }));
        return json(route, { items: [fixture(HOME_ID), ...made], nextCursor: null });
      }
      return json(route, { items: [], nextCursor: null });
    });

    await page.goto(`${app.server.url}/register`);
    await page.getByRole('heading', { level: 2, name: '机构登记' }).waitFor();

    // opened by keyboard
    await page.getByRole('button', { name: /批量导入/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '批量导入机构' });
    await dialog.waitFor();
    expect(new URL(page.url()).searchParams.has('import')).toBe(true);

    // the template, made in the browser
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /下载模板/ }).click()]);
    expect(download.suggestedFilename()).toBe('机构批量导入模板.csv');
    const template = readFileSync((await download.path())!);
    expect([...template.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = template.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toMatch(/^福州市鼓楼区示例颐养院,52350102MJ00000016,养老机构,养老院,/);
    expect(lines).toHaveLength(3);

    // a workbook is refused before anything is sent
    const chooser = dialog.getByLabel('选择要导入的 CSV 文件');
    await chooser.setInputFiles({ name: '机构登记表.xlsx', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('PK\x03\x04') });
    await dialog.getByText(/“机构登记表\.xlsx”是 Excel 工作簿，不是 CSV/).waitFor();
    expect(await dialog.getByRole('button', { name: /开始导入/ }).isDisabled()).toBe(true);

    // bad rows: the refusal, row by row, nothing registered
    await chooser.setInputFiles({ name: '福州机构.csv', mimeType: 'text/csv', buffer: fileOf(BAD) });
    await dialog.getByText(/已选择：福州机构\.csv/).waitFor();
    await dialog.getByRole('button', { name: /开始导入/ }).click();
    await dialog.getByText('2 行有问题（共 4 处），没有登记任何机构。请在文件中改正后重新导入整个文件。').waitFor();
    expect(await problemRows(page, '导入问题清单')).toEqual([
      ['3', '统一社会信用代码', '统一社会信用代码有误：应为 18 位，且校验位正确（GB 32100-2015）。'],
      ['4', '统一社会信用代码', '与第 2 行的统一社会信用代码重复。'],
      ['4', '行政区划代码', '不是有效的行政区划代码：应为 6 位数字（GB/T 2260），如 350102。'],
      ['4', '纬度', '经纬度不在中国境内：是否把纬度和经度填反了？'],
    ]);
    expect(registered).toHaveLength(0);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-register-import.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // the corrected file: registered, the register read again
    const searchesBefore = searches;
    await chooser.setInputFiles({ name: '福州机构-改正.csv', mimeType: 'text/csv', buffer: fileOf(GOOD) });
    await dialog.getByText(/已选择：福州机构-改正\.csv/).waitFor();
    await dialog.getByRole('button', { name: /开始导入/ }).click();
    await dialog.getByText('已登记 2 家机构。').waitFor();
    expect(await problemRows(page, '本次登记的机构')).toEqual([
      ['2', '福州市鼓楼区安泰颐养院', '52350102MJ00000016'],
      ['3', '福州市鼓楼区温泉护理院', '12350103488000002P'],
    ]);
    await expect.poll(() => searches).toBeGreaterThan(searchesBefore);
    const doneViolations = await accessibilityViolations(page);
    expect(doneViolations, JSON.stringify(doneViolations, null, 2)).toEqual([]);
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: '机构详情：福州市鼓楼区温泉护理院' }).waitFor();
    expect(new URL(page.url()).searchParams.has('import')).toBe(false);

    // in English
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: /Bulk import/ }).click();
    const english = page.getByRole('dialog', { name: 'Import institutions in bulk' });
    await english.getByLabel('The CSV file to import').setInputFiles({ name: 'fuzhou.csv', mimeType: 'text/csv', buffer: fileOf(BAD) });
    await english.getByText(/Chosen: fuzhou\.csv/).waitFor();
    await english.getByRole('button', { name: /Import$/ }).click();
    await english.getByText(/^2 rows have problems \(4 in all\); no institution was registered/).waitFor();
    expect((await problemRows(page, 'Problems of the import'))[1]).toEqual([
      '4',
      'Unified social credit code (uscc)',
      'The same unified social credit code as row 2.',
    ]);
    // English takes more lines: a taller window shows the whole dialog (a modal does not grow the page)
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-register-import.en');
    const englishViolations = await accessibilityViolations(page);
    expect(englishViolations, JSON.stringify(englishViolations, null, 2)).toEqual([]);

    expect(sends).toBe(3);
    // no script error, no CSP refusal: only Chromium's note of each refused file (the two 422s)
    expect(problems).toEqual(Array(2).fill('Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'));
    await context.close();
  });
});
