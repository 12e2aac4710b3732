import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { csvText, parseCsv } from '../../server/core/csv-tables.js';
import { csvBytes } from '../../server/formats/csv.js';
import { attachment } from '../../server/formats/content-disposition.js';
import { AppError } from '../../server/core/errors.js';

describe('CSV text', () => {
  it('parses back to the same table, whatever the fields hold (quotes, commas, line breaks, spaces)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'あ', '"', ',', '\n', '\r\n', ' ', '①', 'x', '=', "'", '-', '+', '@') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (table) => {
        // a lone empty field on a line is an empty line: give each row a non-empty first field
        const rows = table.map((r) => ['k', ...r]);
        expect(parseCsv(csvText(rows))).toEqual(rows);
      }),
    );
  });

  it('guards texts Excel would run as a formula, and gives them back unchanged', () => {
    const row = ['=HYPERLINK("http://x")', '+1', '-', '@SUM(A1)', "'=kept", '3名'];
    expect(csvText([row])).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-,'@SUM(A1),''=kept,3名\r\n`);
    expect(parseCsv(csvText([row]))).toEqual([row]);
  });

  it('ends every line with CRLF and quotes only what must be quoted', () => {
    expect(csvText([['a', 'b,c', 'd"e', 'f\ng'], ['x', '', ' y', 'z']])).toBe('a,"b,c","d""e","f\ng"\r\nx,," y",z\r\n');
  });
});

describe('CSV bytes', () => {
  it('UTF-8 starts with the byte-order mark', () => {
    expect([...csvBytes([['区', '①']], 'utf-8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('Windows-31J round-trips Japanese text, including NEC special characters', () => {
    const table = [['青葉区', '①②③', '髙橋', '～', 'ｶﾅ', '㈱']];
    expect(parseCsv(iconv.decode(csvBytes(table, 'shift_jis'), 'cp932'))).toEqual(table);
  });

  it('reports characters Windows-31J cannot hold, with line and column, instead of replacing them', () => {
    try {
      csvBytes([['ok'], ['a', '𠮷野家', '🙂']], 'shift_jis');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('NOT_REPRESENTABLE_IN_SHIFT_JIS');
      expect((e as AppError).messageJa).toContain('「𠮷」(U+20BB7、2 行 2 列)');
      expect((e as AppError).message).toContain('line 2 column 3');
    }
  });
});

describe('Content-Disposition', () => {
  it('carries the Japanese name per RFC 5987 and an ASCII fallback', () => {
    const h = attachment("令和8年度_青葉区_計画案 (案)'.xlsx", 'plan-aoba-2026.xlsx');
    expect(h).toBe(`attachment; filename="plan-aoba-2026.xlsx"; filename*=UTF-8''${encodeURIComponent('令和8年度_青葉区_計画案 ').replace(/'/g, '%27')}%28%E6%A1%88%29%27.xlsx`);
    expect(decodeURIComponent(h.split("UTF-8''")[1]!)).toBe("令和8年度_青葉区_計画案 (案)'.xlsx");
  });
});
