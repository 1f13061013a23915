import iconv from 'iconv-lite';
import { codeOf } from '@yiyang/testing/aggregates';
import { decodeCsv, importEncodingOf, parseCsv } from './csv';

describe('decodeCsv', () => {
  const text = '机构名称,地址\n福州市鼓楼区颐养院,"鼓楼区五四路1号"\n';

  it('reads UTF-8 without a BOM as UTF-8', () => {
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
  });

  it('drops the BOM Excel writes with "CSV UTF-8"', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads bytes that are not UTF-8 as GB18030 (what Chinese Excel writes by default), GBK included', () => {
    expect(decodeCsv(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
    // a four-byte GB18030 sequence (a character outside GBK)
    const rare = '𠀀院';
    expect(decodeCsv(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });

  it('reads in the encoding it is told, and refuses bytes that are not text in it', () => {
    const gb = iconv.encode(text, 'gb18030');
    expect(decodeCsv(gb, 'gb18030').text).toBe(text);
    expect(codeOf(() => decodeCsv(gb, 'utf-8'))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    // ASCII is the same in both
    expect(decodeCsv(Buffer.from('name,uscc\n'), 'gb18030')).toEqual({ text: 'name,uscc\n', encoding: 'gb18030' });
  });

  it('refuses UTF-16 (with or without its BOM), binary files and an empty file', () => {
    expect(codeOf(() => decodeCsv(Buffer.from(`\ufeff${text}`, 'utf16le')))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.from(text, 'utf16le')))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.from('a,b\n\u0007,c\n')))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41])))).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(codeOf(() => decodeCsv(Buffer.alloc(0)))).toBe('IMPORT_EMPTY');
  });

  it('names the encodings a registrar may force', () => {
    expect([importEncodingOf('UTF8'), importEncodingOf('utf-8'), importEncodingOf('GBK'), importEncodingOf('gb2312')]).toEqual([
      'utf-8',
      'utf-8',
      'gb18030',
      'gb18030',
    ]);
    expect(importEncodingOf('utf-16')).toBeNull();
  });
});

describe('parseCsv', () => {
  it('splits cells and records, numbering rows as a spreadsheet does', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,\r\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: ['3', ''] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells, one row each', () => {
    expect(parseCsv('name,address\n"颐养院, 北区","五四路""1""号\n二楼"\n"x",y')).toEqual([
      { row: 1, cells: ['name', 'address'] },
      { row: 2, cells: ['颐养院, 北区', '五四路"1"号\n二楼'] },
      { row: 3, cells: ['x', 'y'] },
    ]);
  });

  it('takes LF, CRLF and CR line ends, a last record without one, and skips empty lines and ",,," rows', () => {
    expect(parseCsv('a,b\n1,2\r3,4\r\n,\n\n5,6')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: ['3', '4'] },
      { row: 6, cells: ['5', '6'] },
    ]);
  });

  it('keeps a quote inside an unquoted cell, and an empty quoted cell', () => {
    expect(parseCsv('a 5" b,""\n')).toEqual([{ row: 1, cells: ['a 5" b', ''] }]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/never closed \(line 2\)/);
    expect(codeOf(() => parseCsv('a,b\n"x"y,2\n'))).toBe('IMPORT_MALFORMED_CSV');
  });
});
