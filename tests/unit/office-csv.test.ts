/** The registry CSV adapter: encodings, RFC 4180 quoting, the formula guard, header and cell reading. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { Office } from '../../schemas/types.js';
import { decodeCsv, encodeCsv, mapRow, officesToCsv, parseCsv, readHeader } from '../../server/formats/office-csv.js';

const office: Office = { id: 'o1', wardId: 'aoba', name: '相談室 "あおば", 本店', kind: 'designated', staffCount: 1, fte: 0.8, onePerson: true, servesChildren: false, openedOn: '2025-10-01', closedOn: null, closure: null, contactRole: '=HYPERLINK("x")', contactPhone: '+81-22-000-0000', version: 3, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: null };
const kindName = () => ({ ja: '指定特定相談支援事業所' });

describe('writing', () => {
  const csv = officesToCsv([office], kindName);
  it('quotes cells with commas and quotes, ends lines with CRLF and guards formulas', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toBe(`o1,"相談室 ""あおば"", 本店",指定特定相談支援事業所,1,0.8,1,0,2025-10-01,,,"'=HYPERLINK(""x"")",+81-22-000-0000,3`);
  });
  it('puts a BOM before UTF-8 and writes Shift_JIS without one', () => {
    expect([...encodeCsv(csv, 'utf-8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sjis = encodeCsv(csv, 'shift_jis');
    expect(sjis[0]).not.toBe(0xef);
    expect(iconv.decode(sjis, 'Shift_JIS')).toBe(csv);
  });
  it('refuses a character Shift_JIS cannot hold, by line and position, instead of writing "?"', () => {
    const text = officesToCsv([{ ...office, name: '相談室𠮷野' }], kindName);
    expect(() => encodeCsv(text, 'shift_jis')).toThrow(/「𠮷」\(U\+20BB7, line 2 character \d+\)/);
    expect(encodeCsv(text, 'utf-8').toString('utf8')).toContain('相談室𠮷野');
  });
  it('reads its own output back to the same fields', () => {
    const { text, encoding } = decodeCsv(encodeCsv(csv, 'shift_jis'));
    expect(encoding).toBe('shift_jis');
    const { rows } = parseCsv(text, 10);
    const { keys, problems } = readHeader(rows[0]!.cells);
    expect(problems).toEqual([]);
    const m = mapRow(keys, rows[1]!.cells, (c) => (c === '指定特定相談支援事業所' ? 'designated' : undefined));
    expect(m).toEqual({ id: 'o1', version: 3, problems: [], fields: { name: office.name, kind: 'designated', staffCount: 1, fte: 0.8, onePerson: true, servesChildren: false, openedOn: '2025-10-01', closedOn: null, closure: null, contactRole: '=HYPERLINK("x")', contactPhone: '+81-22-000-0000' } });
  });
});

describe('reading', () => {
  it('tells UTF-8 (with or without BOM) from Shift_JIS', () => {
    expect(decodeCsv(Buffer.from('\uFEFF名前', 'utf8'))).toEqual({ text: '名前', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from('名前', 'utf8'))).toEqual({ text: '名前', encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode('名前', 'Shift_JIS'))).toEqual({ text: '名前', encoding: 'shift_jis' });
  });
  it('parses quoted line breaks and counts lines; skips blank lines', () => {
    const { rows } = parseCsv('a,b\r\n"x\r\ny",2\r\n\r\nz,3', 10);
    expect(rows).toEqual([{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x\r\ny', '2'] }, { line: 5, cells: ['z', '3'] }]);
  });
  it('reports an unclosed quote and stops at the row cap', () => {
    expect(parseCsv('a\r\n"open\r\n', 10).unclosedQuoteAt).toBe(2);
    expect(parseCsv('h\n' + 'x\n'.repeat(20), 5).tooMany).toBe(true);
    expect(parseCsv('h\n' + 'x\n'.repeat(5), 5).tooMany).toBe(false);
  });
  it('accepts English headers and reports unknown and missing columns', () => {
    expect(readHeader(['name', 'kind', 'phone']).keys).toEqual(['name', 'kind', 'contactPhone']);
    expect(readHeader(['名前']).problems.map((p) => p.messageJa)).toEqual(['不明な列「名前」です', '列「事業所名」がありません', '列「種別」がありません']);
  });
  it('reads yes/no, dates with slashes and names the column of a bad cell', () => {
    const keys = ['name', 'kind', 'onePerson', 'openedOn', 'staffCount'];
    expect(mapRow(keys, ['a', 'designated', 'はい', '2020/4/1', ''], (k) => k).fields).toMatchObject({ onePerson: true, openedOn: '2020-04-01', staffCount: null });
    const bad = mapRow(keys, ['a', 'designated', 'たぶん', '2020-02-30', '1.5'], (k) => k);
    expect(bad.problems.map((p) => p.column)).toEqual(['一人事業所', '開設日', '相談支援専門員数']);
  });
});
