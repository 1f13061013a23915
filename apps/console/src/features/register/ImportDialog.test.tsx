/**
 * 批量导入 on the register page against a fake registry: the file checked before anything is sent, the
 * CSV sent as it is (text/csv, an Idempotency-Key), a refusal as a table of rows, columns and sentences,
 * and a success that reads the register again and links each new institution.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImportAnswer } from './api';
import { fakeRegistry, institution, json, location, problem, renderRegister } from './testing';

afterEach(() => vi.unstubAllGlobals());

const CSV = '\uFEFF机构名称,统一社会信用代码\r\n福州市示例养老院,52350102MJ00000016\r\n';
const csv = (name = '机构.csv', text = CSV) => new File([text], name, { type: 'text/csv' });

/** The dialog, once the register page has opened it. */
const dialog = () => screen.findByRole('dialog', {}, { timeout: 10_000 });
const chooser = () => screen.getByLabelText('选择要导入的 CSV 文件');
const submit = () => screen.getByRole('button', { name: /开始导入/ });
const imports = <T extends { method: string; path: string }>(calls: T[]) =>
  calls.filter((c) => c.method === 'POST' && c.path === '/api/registry/v1/institutions/imports');

const REGISTERED: ImportAnswer = {
  encoding: 'utf-8',
  count: 2,
  items: [
    {
      row: 2,
      id: 'a1000000-0000-4000-8000-000000000001',
      version: 1,
      uscc: '52350102MJ00000016',
      name: '福州市示例养老院',
      divisionCode: '350102',
      status: 'ACTIVE',
    },
    {
      row: 3,
      id: 'a1000000-0000-4000-8000-000000000002',
      version: 1,
      uscc: '12350103488000002P',
      name: '福州市示例医院',
      divisionCode: '350103',
      status: 'ACTIVE',
    },
  ],
};

/** The registry's 422 IMPORT_ROWS_INVALID: each problem with its row, column and code. */
const ROW_ERRORS = [
  { row: 2, column: 'uscc', code: 'USCC_INVALID', field: 'rows[2].uscc', message: '统一社会信用代码 (uscc): wrong check character' },
  {
    row: 4,
    column: 'uscc',
    code: 'DUPLICATE_USCC_IN_FILE',
    field: 'rows[4].uscc',
    message: '统一社会信用代码 (uscc): X is also on row 3',
  },
  { row: 4, column: 'lat', code: 'LOCATION_OUTSIDE_CHINA', field: 'rows[4].lat', message: 'outside China' },
];

const rowsRefused = () => problem(422, 'IMPORT_ROWS_INVALID', '2 of 3 rows are refused (3 problems); nothing was registered', ROW_ERRORS);

// a busy machine renders antd slowly: each test has a minute, it ends as soon as what it waits for shows
describe('批量导入', { timeout: 60_000 }, () => {
  it('opens from the register beside 登记机构, kept in the address; cancel closes it', async () => {
    fakeRegistry(() => institution());
    renderRegister('/register');
    await userEvent.click(await screen.findByRole('button', { name: /批量导入/ }));
    const open = await dialog();
    expect(location.current).toBe('/register?import=');
    expect(within(open).getByText('批量导入机构')).toBeTruthy();
    expect(within(open).getByRole('button', { name: /下载模板/ })).toBeTruthy();
    expect(submit()).toHaveProperty('disabled', true);
    await userEvent.click(within(open).getByRole('button', { name: /取\s*消/ }));
    await waitFor(() => expect(location.current).toBe('/register'));
  });

  it('checks the file before sending it: not a CSV, too large, a workbook; nothing is sent', async () => {
    const calls = fakeRegistry(() => institution());
    renderRegister('/register?import');
    await dialog();
    fireEvent.change(chooser(), { target: { files: [csv('机构登记.xlsx')] } });
    expect(await screen.findByText(/“机构登记\.xlsx”是 Excel 工作簿，不是 CSV/)).toBeTruthy();
    expect(submit()).toHaveProperty('disabled', true);

    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41)], '全省机构.csv', { type: 'text/csv' });
    fireEvent.change(chooser(), { target: { files: [big] } });
    expect(await screen.findByText('“全省机构.csv”有 5.0 MB，超过 5 MB 的上限。请分成几个文件分别导入。')).toBeTruthy();

    fireEvent.change(chooser(), { target: { files: [csv('机构.txt')] } });
    expect(await screen.findByText(/“机构\.txt”不是 CSV 文件/)).toBeTruthy();
    expect(submit()).toHaveProperty('disabled', true);
    expect(imports(calls)).toHaveLength(0);
  });

  it('takes a file dropped on it, one at a time', async () => {
    fakeRegistry(() => institution());
    renderRegister('/register?import');
    await dialog();
    const zone = screen.getByRole('group', { name: '导入文件' });
    fireEvent.drop(zone, { dataTransfer: { files: [csv('a.csv'), csv('b.csv')] } });
    expect(await screen.findByText('一次只能导入一个文件，请只拖入一个。')).toBeTruthy();
    fireEvent.drop(zone, { dataTransfer: { files: [csv('福州机构.csv')] } });
    expect(await screen.findByText(/已选择：福州机构\.csv/)).toBeTruthy();
    expect(screen.queryByText('一次只能导入一个文件，请只拖入一个。')).toBeNull();
    expect(submit()).toHaveProperty('disabled', false);
  });

  it('sends the file itself and shows a refusal as a table of row, column and problem; nothing registered', async () => {
    const calls = fakeRegistry(
      () => institution(),
      (r) => (r.method === 'POST' && r.path.endsWith('/imports') ? rowsRefused() : undefined),
    );
    renderRegister('/register?import');
    await dialog();
    fireEvent.change(chooser(), { target: { files: [csv()] } });
    await screen.findByText(/已选择：机构\.csv/);
    await userEvent.click(submit());

    expect(await screen.findByText('2 行有问题（共 3 处），没有登记任何机构。请在文件中改正后重新导入整个文件。')).toBeTruthy();
    const [sent] = imports(calls);
    expect(sent.headers.get('content-type')).toBe('text/csv');
    expect(sent.headers.get('authorization')).toBe('Bearer token-1');
    expect(sent.headers.get('idempotency-key')).toMatch(/^import-[0-9a-f]{32}$/);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(sent.bytes)).toBe(CSV);

    const table = screen.getByRole('region', { name: '导入问题清单' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['2', '统一社会信用代码', '统一社会信用代码有误：应为 18 位，且校验位正确（GB 32100-2015）。'],
      ['4', '统一社会信用代码', '与第 3 行的统一社会信用代码重复。'],
      ['4', '纬度', '经纬度不在中国境内：是否把纬度和经度填反了？'],
    ]);
    expect(screen.getByRole('button', { name: /导出问题清单/ })).toBeTruthy();
    // the same file would be refused again: a corrected one must be chosen
    expect(submit()).toHaveProperty('disabled', true);
    fireEvent.change(chooser(), { target: { files: [csv('机构-改正.csv')] } });
    await waitFor(() => expect(submit()).toHaveProperty('disabled', false));
    expect(screen.queryByRole('region', { name: '导入问题清单' })).toBeNull();
  });

  it('says a problem of the whole file in the import’s words, and a lost answer may be sent again with the same key', async () => {
    let answer = () => problem(503, 'SERVICE_UNAVAILABLE');
    const calls = fakeRegistry(
      () => institution(),
      (r) => (r.method === 'POST' && r.path.endsWith('/imports') ? answer() : undefined),
    );
    renderRegister('/register?import');
    await dialog();
    fireEvent.change(chooser(), { target: { files: [csv()] } });
    await screen.findByText(/已选择：机构\.csv/);
    await userEvent.click(submit());
    await screen.findByRole('button', { name: /重\s*试/ });
    answer = () => problem(422, 'IMPORT_MALFORMED_CSV', 'the file is not well-formed CSV: an unclosed quote (line 12)');
    await userEvent.click(submit());
    expect(await screen.findByText('文件第 12 行附近不是规范的 CSV（如引号没有闭合），没有登记任何机构。')).toBeTruthy();
    const [first, second] = imports(calls);
    expect(second.headers.get('idempotency-key')).toBe(first.headers.get('idempotency-key'));
  });

  it('names the header cells of a header that does not match', async () => {
    fakeRegistry(
      () => institution(),
      (r) =>
        r.method === 'POST' && r.path.endsWith('/imports')
          ? problem(422, 'IMPORT_COLUMNS_INVALID', 'the header row does not match', [
              { field: 'header[2]', message: '"电话" is not a column of the import' },
              { field: 'uscc', message: 'the required column 统一社会信用代码 (uscc) is missing' },
            ])
          : undefined,
    );
    renderRegister('/register?import');
    await dialog();
    fireEvent.change(chooser(), { target: { files: [csv()] } });
    await screen.findByText(/已选择：机构\.csv/);
    await userEvent.click(submit());
    expect(await screen.findByText('表头与导入的列不符，没有登记任何机构。请对照模板改正表头后重新导入。')).toBeTruthy();
    const table = screen.getByRole('region', { name: '导入问题清单' });
    expect(within(table).getByText('表头第 2 列')).toBeTruthy();
    expect(within(table).getByText('“电话”不是导入的列名，请使用模板的表头。')).toBeTruthy();
    expect(within(table).getByText('缺少这一必填列。')).toBeTruthy();
  });

  it('registers: how many, the register read again, each new institution a link', async () => {
    const calls = fakeRegistry(
      () => institution(),
      (r) => (r.method === 'POST' && r.path.endsWith('/imports') ? json(REGISTERED, 201) : undefined),
    );
    renderRegister('/register?import');
    await dialog();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/registry/v1/institutions')).toBe(true));
    const searches = () => calls.filter((c) => c.method === 'GET' && c.path === '/api/registry/v1/institutions').length;
    const before = searches();
    fireEvent.change(chooser(), { target: { files: [csv()] } });
    await screen.findByText(/已选择：机构\.csv/);
    await userEvent.click(submit());

    expect(await screen.findByText('已登记 2 家机构。')).toBeTruthy();
    expect(screen.getByText('文件按 UTF-8 编码读取，登记簿已刷新。')).toBeTruthy();
    await waitFor(() => expect(searches()).toBeGreaterThan(before));
    const list = screen.getByRole('region', { name: '本次登记的机构' });
    expect(within(list).getByText('12350103488000002P')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /开始导入/ })).toBeNull();

    await userEvent.click(within(list).getByRole('button', { name: '查看机构：福州市示例医院' }));
    await waitFor(() => expect(location.current).toBe('/register?institution=a1000000-0000-4000-8000-000000000002'));
  });
});
