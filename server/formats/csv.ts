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
  const bad: Unrepresentable[] = [];
  table.forEach((row, r) => row.forEach((value, c) => collect(value, r + 1, c + 1, bad)));
  if (bad.length) throw notRepresentable(bad, 'column', '列');
  return iconv.encode(text, 'cp932');
}

/**
 * CSV text already laid out (e.g. the office registry's): the same encodings and the same refusal, a
 * character Windows-31J cannot hold named with its line and its position in the line.
 */
export function encodeCsvText(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
  const bad: Unrepresentable[] = [];
  text.split('\r\n').forEach((line, l) => collect(line, l + 1, null, bad));
  if (bad.length) throw notRepresentable(bad, 'character', '文字目');
  return iconv.encode(text, 'cp932');
}

interface Unrepresentable {
  line: number;
  at: number;
  char: string;
}

/** `column`: the cell's column, or null to name each character's position in `value` (a whole line). */
function collect(value: string, line: number, column: number | null, bad: Unrepresentable[]): void {
  let i = 0;
  for (const ch of value) {
    if (bad.length >= MAX_REPORTED) return;
    if (ch !== '\r' && ch !== '\n' && iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) bad.push({ line, at: column ?? i + 1, char: ch });
    i++;
  }
}

function notRepresentable(bad: Unrepresentable[], unitEn: string, unitJa: string): AppError {
  const code = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const list = bad.map((b) => `「${b.char}」(${code(b.char)}, line ${b.line} ${unitEn} ${b.at})`).join(', ');
  const listJa = bad.map((b) => `「${b.char}」(${code(b.char)}、${b.line} 行 ${b.at} ${unitJa})`).join('、');
  return new AppError(422, 'NOT_REPRESENTABLE_IN_SHIFT_JIS', {
    en: `Some characters cannot be written in Shift_JIS (Windows-31J): ${list}. Download as UTF-8 instead (encoding=utf-8), or change the text.`,
    ja: `Shift_JIS(Windows-31J)で表せない文字があります: ${listJa}。UTF-8(encoding=utf-8)で出力するか、文字を直してください。`,
  });
}

export function csvContentType(encoding: CsvEncoding): string {
  return `text/csv; charset=${encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`;
}
