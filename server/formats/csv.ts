/**
 * CSV bytes: UTF-8 with a byte-order mark (Excel on Japanese Windows then reads it as UTF-8), or
 * Windows-31J (Shift_JIS as Windows writes it) for older tools. A character Windows-31J cannot hold is
 * reported with its line and column — never replaced by "?" in an official record.
 */
import iconv from 'iconv-lite';
import { AppError } from '../core/errors.js';
import { type CsvTable, csvText } from '../core/csv-tables.js';

export type CsvEncoding = 'utf-8' | 'shift_jis';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const MAX_REPORTED = 10;

export function csvBytes(table: CsvTable, encoding: CsvEncoding): Buffer {
  const text = csvText(table);
  if (encoding === 'utf-8') return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
  const bad: { line: number; column: number; char: string }[] = [];
  table.forEach((row, r) =>
    row.forEach((value, c) => {
      for (const ch of value) {
        if (bad.length >= MAX_REPORTED) return;
        if (ch === '\r' || ch === '\n') continue;
        if (iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) bad.push({ line: r + 1, column: c + 1, char: ch });
      }
    }),
  );
  if (bad.length) {
    const list = bad.map((b) => `「${b.char}」(U+${b.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, line ${b.line} column ${b.column})`).join(', ');
    const listJa = bad.map((b) => `「${b.char}」(U+${b.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}、${b.line} 行 ${b.column} 列)`).join('、');
    throw new AppError(422, 'NOT_REPRESENTABLE_IN_SHIFT_JIS', {
      en: `Some characters cannot be written in Shift_JIS (Windows-31J): ${list}. Download as UTF-8 instead (encoding=utf-8), or change the text.`,
      ja: `Shift_JIS(Windows-31J)で表せない文字があります: ${listJa}。UTF-8(encoding=utf-8)で出力するか、文字を直してください。`,
    });
  }
  return iconv.encode(text, 'cp932');
}

export function csvContentType(encoding: CsvEncoding): string {
  return `text/csv; charset=${encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`;
}
