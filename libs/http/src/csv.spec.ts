import { csvCell, csvFile, toCsv } from './csv';

describe('CSV for people', () => {
  it('starts with a byte-order mark, ends lines with CRLF and quotes what needs quoting', () => {
    const csv = toCsv(
      ['机构', 'n'],
      [
        ['福州"协和",医院', 3],
        ['第二行\n续', null],
      ],
    );
    expect(csv).toBe('\uFEFF机构,n\r\n"福州""协和"",医院",3\r\n"第二行\n续",\r\n');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('makes %j inert', (text) => {
    expect(csvCell(text).replace(/^"/, '').startsWith(`'`)).toBe(true);
  });

  it('keeps numbers (negative ones too), booleans and instants as they are', () => {
    expect([csvCell(-3), csvCell(0.25), csvCell(true), csvCell(new Date('2026-11-30T00:00:00Z')), csvCell(Number.NaN)]).toEqual([
      '-3',
      '0.25',
      'true',
      '2026-11-30T00:00:00.000Z',
      '',
    ]);
  });

  it('names the download in ASCII and in UTF-8', () => {
    const headers = csvFile('统计 2026.csv', 'a').getHeaders();
    expect(headers.type).toBe('text/csv; charset=utf-8');
    expect(headers.disposition).toBe(`attachment; filename="__ 2026.csv"; filename*=UTF-8''${encodeURIComponent('统计 2026.csv')}`);
  });
});
