/**
 * Checks an uploaded .xlsx before any spreadsheet library touches it. exceljs hands the whole file to
 * JSZip, which inflates every entry into memory; a zip bomb, a file with 10,000 rows or a macro workbook
 * must be refused first, in bounded time. So the central directory is read by hand: entry count, declared
 * sizes, names (macros, external links), then every entry is inflated with a hard output cap equal to its
 * declared size — an entry that lies about its size is refused too. Inflation runs on libuv's thread pool
 * (async zlib), so the server keeps answering other requests meanwhile.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { AppError } from '../core/errors.js';

const inflate = promisify(inflateRaw) as (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

export const XLSX_LIMITS = {
  entries: 500,
  /** Uncompressed bytes of one entry and of the whole file. */
  entryBytes: 20 * 1024 * 1024,
  totalBytes: 40 * 1024 * 1024,
  /** Rows of one sheet: a plan is some 60 rows; 2,000 leaves room for any real office file. */
  rows: 2000,
  /**
   * How far a sheet's cells and merged ranges may reach: row and column. The reader walks the area a
   * sheet uses, so one stray cell at A1048576 (Ctrl+↓ and a keystroke) made a 9 kB file take 40 s; it is
   * refused at once instead, naming the cell.
   */
  lastRow: 2000,
  lastColumn: 200,
};

export function notXlsx(detail: { en: string; ja: string } = { en: 'it is not a zip container', ja: 'zip 形式ではありません' }): AppError {
  return new AppError(415, 'NOT_XLSX', {
    en: `The file is not an Excel workbook (.xlsx): ${detail.en}. Save it as "Excel Workbook (*.xlsx)" and try again.`,
    ja: `Excel ブック(.xlsx)ではありません: ${detail.ja}。「Excel ブック (*.xlsx)」形式で保存し直してください。`,
  });
}

function refused(code: string, en: string, ja: string): AppError {
  return new AppError(400, code, { en, ja });
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory of a zip (no ZIP64: an .xlsx of a plan is far below 4 GB). */
export function centralDirectory(buf: Buffer): ZipEntry[] {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx({ en: 'the zip directory is missing (truncated file?)', ja: 'zip の目録がありません(ファイルが途中で切れていませんか)' });
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > buf.length) {
    throw notXlsx({ en: 'the zip directory is damaged or uses ZIP64', ja: 'zip の目録が壊れているか、ZIP64 形式です' });
  }
  if (count > XLSX_LIMITS.entries) {
    throw refused('XLSX_TOO_COMPLEX', `The file holds ${count} parts (at most ${XLSX_LIMITS.entries}); it is not a plan sheet.`, `ファイルの部品が多すぎます(${count} 個、上限 ${XLSX_LIMITS.entries})。計画のシートではありません。`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw notXlsx({ en: 'the zip directory is damaged', ja: 'zip の目録が壊れています' });
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * Refuses anything that is not a plain workbook of bounded size; returns the inflated sheet XML sizes for
 * the caller's figures. Throws AppError (415 not xlsx, 400 with a code otherwise).
 */
export async function checkXlsx(buf: Buffer): Promise<{ entries: number; bytes: number }> {
  const entries = centralDirectory(buf);
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    if (names.has('xl/workbook.bin')) throw notXlsx({ en: 'it is a binary workbook (.xlsb)', ja: 'バイナリ形式のブック(.xlsb)です' });
    throw notXlsx({ en: 'it is a zip file but not a workbook', ja: 'zip ファイルですが Excel ブックではありません' });
  }
  if ([...names].some((n) => /vbaProject\.bin$|^xl\/activeX\//i.test(n))) {
    throw refused('XLSX_MACROS', 'The workbook contains macros (VBA or ActiveX). Save it as a macro-free "Excel Workbook (*.xlsx)" and try again.', 'ブックにマクロ(VBA/ActiveX)が含まれています。マクロなしの「Excel ブック (*.xlsx)」として保存し直してください。');
  }
  if ([...names].some((n) => /^xl\/externalLinks\//i.test(n))) {
    throw refused('XLSX_EXTERNAL_LINKS', 'The workbook links to other files (external links). Break the links (Data → Edit Links → Break Link) and try again.', 'ブックが他のファイルを参照しています(外部リンク)。「データ → リンクの編集 → リンクの解除」をしてから読み込んでください。');
  }
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > XLSX_LIMITS.entryBytes || total > XLSX_LIMITS.totalBytes) throw bomb();
    if (e.flags & 1) throw notXlsx({ en: 'it is encrypted', ja: '暗号化されています' });
  }
  const sheets: [ZipEntry, Buffer][] = [];
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const data = await entryData(buf, e);
    const name = e.name.replace(/^\//, '');
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) sheets.push([e, data]);
    else if (name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels') parts.set(name, data);
  }
  const tabs = tabNames(parts.get('xl/workbook.xml'), parts.get('xl/_rels/workbook.xml.rels'));
  for (const [e, data] of sheets) {
    const part = e.name.replace(/^\/?xl\/worksheets\//, '');
    const sheet = tabs.get(part.toLowerCase()) ?? part;
    const rows = countRows(data);
    if (rows > XLSX_LIMITS.rows) {
      throw refused(
        'XLSX_TOO_MANY_ROWS',
        `The sheet "${sheet}" has ${rows} rows; a sheet of the workbook has at most ${XLSX_LIMITS.rows}. Delete the unused rows (or move that sheet to another workbook) and try again.`,
        `シート「${sheet}」の行が多すぎます(${rows} 行、上限 ${XLSX_LIMITS.rows} 行)。使っていない行を削除してから(または、そのシートを別のブックに移してから)読み込んでください。`,
      );
    }
    const far = farthestReach(data);
    if (far) {
      throw refused(
        'XLSX_TOO_FAR',
        `${sheet}!${far.ref}: the sheet uses cells up to ${far.ref} (a plan sheet stays within row ${XLSX_LIMITS.lastRow} and column ${XLSX_LIMITS.lastColumn}); delete what is there${far.merge ? ' (a merged range)' : ''} and try again.`,
        `${sheet}!${far.ref}: シートの ${far.ref} まで使われています(計画のシートは ${XLSX_LIMITS.lastRow} 行目・${XLSX_LIMITS.lastColumn} 列目まで)。そこにある${far.merge ? 'セルの結合' : '内容'}を削除してから読み込んでください。`,
      );
    }
  }
  return { entries: entries.length, bytes: total };
}

/**
 * The tab name of each worksheet part ('sheet2.xml' → '事業所一覧'), from the workbook's sheet list and
 * its relationships, so that a message names the sheet as the office sees it. Missing or odd parts
 * leave the part name in the message.
 */
function tabNames(workbook: Buffer | undefined, rels: Buffer | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!workbook || !rels) return names;
  const targets = new Map<string, string>();
  for (const m of rels.toString('utf8').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?worksheets\//, '').toLowerCase());
  }
  for (const m of workbook.toString('utf8').matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\b\w+:id="([^"]*)"/.exec(m[0])?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && part) names.set(part, unescapeXml(name));
  }
  return names;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/**
 * The first cell reference (of a cell or a merged range's corner) beyond XLSX_LIMITS.lastRow or
 * lastColumn, or null. Read from the XML text without parsing it (a sheet part is at most 20 MB).
 */
function farthestReach(xml: Buffer): { ref: string; merge: boolean } | null {
  const text = xml.toString('latin1');
  const beyond = (col: string, row: string) => Number(row) > XLSX_LIMITS.lastRow || columnNumber(col) > XLSX_LIMITS.lastColumn;
  for (const m of text.matchAll(/<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"/g)) {
    if (beyond(m[1]!, m[2]!)) return { ref: `${m[1]}${m[2]}`, merge: false };
  }
  for (const m of text.matchAll(/<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"/g)) {
    const [col, row] = m[3] ? [m[3], m[4]!] : [m[1]!, m[2]!];
    if (beyond(col, row) || beyond(m[1]!, m[2]!)) return { ref: m[3] ? `${m[1]}${m[2]}:${m[3]}${m[4]}` : `${m[1]}${m[2]}`, merge: true };
  }
  return null;
}

/** 'A' → 1, 'GR' → 200: a column's number from its letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function bomb(): AppError {
  return refused(
    'XLSX_TOO_LARGE',
    `The workbook unpacks to more than ${XLSX_LIMITS.totalBytes / 1024 / 1024} MB (or one part to more than ${XLSX_LIMITS.entryBytes / 1024 / 1024} MB); it is refused as a possible zip bomb.`,
    `ブックを展開すると大きすぎます(全体 ${XLSX_LIMITS.totalBytes / 1024 / 1024} MB 超、または 1 部品 ${XLSX_LIMITS.entryBytes / 1024 / 1024} MB 超)。圧縮爆弾の可能性があるため読み込みません。`,
  );
}

async function entryData(buf: Buffer, e: ZipEntry): Promise<Buffer> {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw notXlsx({ en: `the part ${e.name} is damaged`, ja: `部品 ${e.name} が壊れています` });
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const raw = buf.subarray(start, start + e.compressedSize);
  if (raw.length !== e.compressedSize) throw notXlsx({ en: `the part ${e.name} is truncated`, ja: `部品 ${e.name} が途中で切れています` });
  if (e.method === 0) {
    if (e.size !== e.compressedSize) throw bomb();
    return raw;
  }
  if (e.method !== 8) throw notXlsx({ en: `the part ${e.name} uses an unknown compression`, ja: `部品 ${e.name} の圧縮方式が不明です` });
  try {
    // One byte more than declared: an entry that inflates beyond its declared size is caught, not trusted.
    const out = await inflate(raw, { maxOutputLength: e.size + 1 });
    if (out.length > e.size) throw bomb();
    return out;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
    throw notXlsx({ en: `the part ${e.name} cannot be unpacked`, ja: `部品 ${e.name} を展開できません` });
  }
}

/** Counts <row> elements (with or without a namespace prefix) without parsing the XML. */
function countRows(xml: Buffer): number {
  const text = xml.toString('latin1');
  let n = 0;
  const re = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
  while (re.exec(text)) n++;
  return n;
}
