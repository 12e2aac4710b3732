/**
 * The office registry as CSV, for spreadsheet users: written as UTF-8 with a BOM and CRLF line ends (Excel
 * opens it as UTF-8) or as Shift_JIS; read from UTF-8 (with or without BOM) or Shift_JIS, told apart by
 * whether the bytes are valid UTF-8. Headers may be the Japanese or the English column names. Parsing
 * only maps cells to fields and reports cells it cannot read; the registry's rules are checked by the
 * service with the same validation as the API.
 */
import iconv from 'iconv-lite';
import type { LocalizedText, Office } from '../../schemas/types.js';
import { type CsvEncoding, encodeCsvText } from './csv.js';

export type { CsvEncoding };
export const MAX_IMPORT_ROWS = 2000;

interface Column {
  key: string;
  ja: string;
  en: string;
}

/** The columns in file order; `id` and `version` let an exported file be edited and imported back. */
export const OFFICE_COLUMNS: readonly Column[] = [
  { key: 'id', ja: 'ID', en: 'id' },
  { key: 'name', ja: '事業所名', en: 'name' },
  { key: 'kind', ja: '種別', en: 'kind' },
  { key: 'staffCount', ja: '相談支援専門員数', en: 'staff' },
  { key: 'fte', ja: '常勤換算', en: 'fte' },
  { key: 'onePerson', ja: '一人事業所', en: 'one-person' },
  { key: 'servesChildren', ja: '障害児対応', en: 'children' },
  { key: 'openedOn', ja: '開設日', en: 'opened' },
  { key: 'closedOn', ja: '休止・廃止日', en: 'closed' },
  { key: 'closure', ja: '休止・廃止の別', en: 'closure' },
  { key: 'contactRole', ja: '連絡先(役職)', en: 'contact role' },
  { key: 'contactPhone', ja: '電話番号', en: 'phone' },
  { key: 'version', ja: '版', en: 'version' },
];

const CLOSURE_WORDS: Record<string, 'suspended' | 'closed'> = { suspended: 'suspended', 休止: 'suspended', closed: 'closed', 廃止: 'closed' };
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'はい', '○', '〇', '◯', 'x', '✓']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'n', 'いいえ', '-', '×']);

// ---------------------------------------------------------------- writing

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
function guard(value: string): string {
  return /^[=@\t\r]/.test(value) || /^[+-][^0-9]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function officesToCsv(offices: Office[], kindName: (kind: string) => LocalizedText | undefined, lang: 'ja' | 'en' = 'ja'): string {
  const lines = [OFFICE_COLUMNS.map((c) => c[lang])];
  for (const o of offices) {
    const cells: Record<string, string> = {
      id: o.id,
      name: o.name,
      kind: (lang === 'ja' ? kindName(o.kind)?.ja : undefined) ?? o.kind,
      staffCount: o.staffCount === null ? '' : String(o.staffCount),
      fte: o.fte === null ? '' : String(o.fte),
      onePerson: o.onePerson ? '1' : '0',
      servesChildren: o.servesChildren ? '1' : '0',
      openedOn: o.openedOn ?? '',
      closedOn: o.closedOn ?? '',
      closure: o.closure === null ? '' : lang === 'ja' ? (o.closure === 'closed' ? '廃止' : '休止') : o.closure,
      contactRole: o.contactRole,
      contactPhone: o.contactPhone,
      version: String(o.version),
    };
    lines.push(OFFICE_COLUMNS.map((c) => cells[c.key] ?? ''));
  }
  return lines.map((cells) => cells.map((c) => quote(guard(c))).join(',')).join('\r\n') + '\r\n';
}

/** UTF-8 with a BOM, or Windows-31J with any character it cannot hold refused by name (never a silent "?"). */
export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  return encodeCsvText(text, encoding);
}

// ---------------------------------------------------------------- reading

export function decodeCsv(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'cp932'), encoding: 'shift_jis' };
  }
}

export interface CsvRow {
  /** Line of the file where the row starts (1 = the first line). */
  line: number;
  cells: string[];
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks); blank lines are skipped. */
export function parseCsv(text: string, maxRows: number): { rows: CsvRow[]; tooMany: boolean; unclosedQuoteAt: number | null } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || (cells[0] ?? '').trim() !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
      // Cap before any further work: the header plus maxRows data rows.
      if (rows.length > maxRows + 1) return { rows, tooMany: true, unclosedQuoteAt: null };
    } else cell += ch;
  }
  if (quoted) return { rows, tooMany: false, unclosedQuoteAt: quoteLine };
  if (cell !== '' || cells.length) endRow();
  return { rows, tooMany: rows.length > maxRows + 1, unclosedQuoteAt: null };
}

export interface CellProblem {
  column: string;
  message: string;
  messageJa: string;
}

/** The header's column keys by position; unknown headers are reported, missing required ones too. */
export function readHeader(cells: string[]): { keys: (string | null)[]; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const keys = cells.map((raw) => {
    const h = raw.trim().toLowerCase();
    const col = OFFICE_COLUMNS.find((c) => c.ja.toLowerCase() === h || c.en === h || c.key.toLowerCase() === h);
    if (!col) problems.push({ column: raw, message: `unknown column "${raw}"`, messageJa: `不明な列「${raw}」です` });
    return col?.key ?? null;
  });
  for (const required of ['name', 'kind']) {
    if (!keys.includes(required)) {
      const c = OFFICE_COLUMNS.find((x) => x.key === required)!;
      problems.push({ column: c.ja, message: `the column "${c.en}" (${c.ja}) is missing`, messageJa: `列「${c.ja}」がありません` });
    }
  }
  return { keys, problems };
}

/** Undoes the writer's formula guard. */
function unguard(value: string): string {
  return /^'[=@+\-\t\r]/.test(value) ? value.slice(1) : value;
}

export interface MappedRow {
  id: string | null;
  version: number | null;
  fields: Record<string, unknown>;
  problems: CellProblem[];
}

/**
 * One data row as office fields. `kindOf` turns a kind cell (id or Japanese/English name) into a kind id.
 * Cells that cannot be read as their type are reported with the column's Japanese name.
 */
export function mapRow(keys: (string | null)[], cells: string[], kindOf: (cell: string) => string | undefined): MappedRow {
  const problems: CellProblem[] = [];
  const fields: Record<string, unknown> = {};
  let id: string | null = null;
  let version: number | null = null;
  const bad = (key: string, en: string, ja: string) => {
    const c = OFFICE_COLUMNS.find((x) => x.key === key)!;
    problems.push({ column: c.ja, message: `${c.en}: ${en}`, messageJa: `${c.ja}: ${ja}` });
  };
  if (cells.length > keys.length) problems.push({ column: '', message: `${cells.length} cells but ${keys.length} columns`, messageJa: `セルが${cells.length}個あり、列の数(${keys.length})より多くなっています` });
  keys.forEach((key, i) => {
    if (!key) return;
    const value = unguard((cells[i] ?? '').trim());
    switch (key) {
      case 'id':
        id = value || null;
        break;
      case 'version':
        if (value === '') break;
        if (/^[0-9]{1,9}$/.test(value)) version = Number(value);
        else bad(key, `"${value}" is not a whole number`, `「${value}」は整数ではありません`);
        break;
      case 'name':
      case 'contactRole':
      case 'contactPhone':
        fields[key] = value;
        break;
      case 'kind': {
        const kind = kindOf(value);
        if (kind) fields.kind = kind;
        else bad(key, `"${value}" is not an office kind`, `「${value}」は事業所種別にありません`);
        break;
      }
      case 'staffCount':
        if (value === '') fields.staffCount = null;
        else if (/^[0-9]{1,4}$/.test(value)) fields.staffCount = Number(value);
        else bad(key, `"${value}" is not a whole number`, `「${value}」は整数ではありません`);
        break;
      case 'fte':
        if (value === '') fields.fte = null;
        else if (/^[0-9]{1,3}(\.[0-9]{1,2})?$/.test(value)) fields.fte = Number(value);
        else bad(key, `"${value}" is not a number`, `「${value}」は数値ではありません`);
        break;
      case 'onePerson':
      case 'servesChildren': {
        const v = value.toLowerCase();
        if (TRUE_WORDS.has(v)) fields[key] = true;
        else if (FALSE_WORDS.has(v)) fields[key] = false;
        else bad(key, `"${value}" is not yes/no (1 or 0)`, `「${value}」ははい/いいえ(1 か 0)ではありません`);
        break;
      }
      case 'openedOn':
      case 'closedOn': {
        const v = value.replace(/\//g, '-').replace(/^(\d{4})-(\d)-/, '$1-0$2-').replace(/-(\d)$/, '-0$1');
        if (value === '') fields[key] = null;
        else if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)) fields[key] = v;
        else bad(key, `"${value}" is not a date (YYYY-MM-DD)`, `「${value}」は日付(YYYY-MM-DD)ではありません`);
        break;
      }
      case 'closure':
        if (value === '') fields.closure = null;
        else if (CLOSURE_WORDS[value.toLowerCase()]) fields.closure = CLOSURE_WORDS[value.toLowerCase()];
        else bad(key, `"${value}" must be 休止 (suspended) or 廃止 (closed)`, `「${value}」は休止か廃止にしてください`);
        break;
    }
  });
  return { id, version, fields, problems };
}
