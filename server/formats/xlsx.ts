/**
 * The exceljs adapter around the pure layout (server/core/plan-layout.ts, plan-reading.ts): renders a
 * PlanGrid as a worksheet with the print settings the office uses, and turns an uploaded workbook into the
 * plain cell map the reader understands. No rule of the layout lives here.
 */
import ExcelJS from 'exceljs';
import type { PlanContent, Rollup } from '../../schemas/types.js';
import { AppError } from '../core/errors.js';
import { type PlanGrid, type LayoutCell, planToGrid, cellAddress } from '../core/plan-layout.js';
import { type LayoutHints, type ReadResult, type ReadSheet, type SheetCell, hintsOf, normalizeLabel, readPlanSheet } from '../core/plan-reading.js';
import { XLSX_LIMITS, checkXlsx, columnNumber, notXlsx } from './zip-guard.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HINTS_SHEET = '_app';
const FONT = 'ＭＳ Ｐゴシック';
const SHADE = 'FFBFBFBF';
const HEAD = 'FFF2F2F2';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Draws a grid on a new worksheet: texts, merges, borders, shading, widths, heights, A4 landscape print. */
export function addGridSheet(wb: ExcelJS.Workbook, name: string, grid: PlanGrid, footerTitle: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${grid.repeatRows[0]}:${grid.repeatRows[1]}`,
      printArea: `A1:${cellAddress(grid.rowCount, grid.colCount)}`,
    },
    headerFooter: { oddFooter: `&L${escapeHeader(footerTitle)}&C&P / &N&R&D`, evenFooter: `&L${escapeHeader(footerTitle)}&C&P / &N&R&D` },
    views: [{ showGridLines: false }],
  });
  grid.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const [r, h] of Object.entries(grid.heights)) ws.getRow(Number(r)).height = h;
  for (const c of grid.cells) drawCell(ws, c);
  return ws;
}

function escapeHeader(text: string): string {
  return text.replace(/&/g, '&&').slice(0, 120);
}

function drawCell(ws: ExcelJS.Worksheet, c: LayoutCell): void {
  const toRow = c.toRow ?? c.row;
  const toCol = c.toCol ?? c.col;
  if (toRow !== c.row || toCol !== c.col) ws.mergeCells(c.row, c.col, toRow, toCol);
  const cell = ws.getCell(c.row, c.col);
  cell.value = c.text;
  const centered = c.role === 'number' || c.role === 'month' || (c.role === 'header' && c.col > 2);
  cell.alignment = { wrapText: true, vertical: c.role === 'header' || c.role === 'month' ? 'middle' : 'top', horizontal: centered ? 'center' : 'left' };
  cell.font = { name: FONT, size: c.role === 'title' ? 14 : 10, bold: c.role === 'title' || c.role === 'label' || c.role === 'header' };
  const fill = c.shaded ? SHADE : c.role === 'label' || c.role === 'header' ? HEAD : undefined;
  for (let r = c.row; r <= toRow; r++) {
    for (let k = c.col; k <= toCol; k++) {
      const part = ws.getCell(r, k);
      if (c.role !== 'title') part.border = BORDER;
      if (fill) part.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    }
  }
}

export interface PlanWorkbookOptions {
  /** Actual outcomes per row and month (second sheet 実績); omitted: the plan sheet only. */
  actuals?: Map<string, Map<number, string>>;
}

export const PLAN_SHEET = '計画';
export const ACTUALS_SHEET = '実績';

/** The plan as the official document (and optionally a second sheet with the actuals), as xlsx bytes. */
export async function planWorkbook(plan: PlanContent, options: PlanWorkbookOptions = {}): Promise<Buffer> {
  const wb = newWorkbook();
  addGridSheet(wb, PLAN_SHEET, planToGrid(plan), plan.title);
  if (options.actuals) addGridSheet(wb, ACTUALS_SHEET, planToGrid(plan, { actuals: options.actuals }), `${plan.title}(実績)`);
  addHints(wb, hintsOf(plan));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'council-planner';
  wb.created = new Date(0);
  return wb;
}

/** Ids and links only this app knows, in a very hidden sheet (one JSON text, split into cell-sized parts). */
function addHints(wb: ExcelJS.Workbook, hints: LayoutHints): void {
  const ws = wb.addWorksheet(HINTS_SHEET, { state: 'veryHidden' });
  const json = JSON.stringify(hints);
  for (let i = 0, r = 1; i < json.length; i += 30000, r++) ws.getCell(r, 1).value = json.slice(i, i + 30000);
}

/** The city workbook: a summary sheet with the roll-up as of a month, then one sheet per ward plan. */
export async function cityWorkbook(rollup: Rollup, plans: { wardName: string; plan: PlanContent }[], city: { name: string; unit: string }): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('集計', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '&C&P / &N&R&D' },
  });
  ws.getCell(1, 1).value = `${city.name} ${city.unit}障害者自立支援協議会 進捗集計(${rollup.asOf} 時点)`;
  ws.getCell(1, 1).font = { name: FONT, size: 14, bold: true };
  const header = [city.unit, '予定', '実施', '一部実施', '中止', '達成率(%)', '状況', '遅れ'];
  ws.addRow([]);
  const h = ws.addRow(header);
  h.eachCell((c) => {
    c.font = { name: FONT, bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEAD } };
    c.border = BORDER;
  });
  const names = new Map(plans.map((p) => [p.plan.wardId, p.wardName]));
  for (const w of rollup.wards) {
    const row = ws.addRow([names.get(w.wardId) ?? w.wardId, w.due, w.done, w.partial, w.cancelled, w.percent ?? '', w.health, w.overdue.length]);
    row.eachCell((c) => (c.border = BORDER));
  }
  ws.addRow(['市全体', rollup.city.due, rollup.city.done, rollup.city.partial, rollup.city.cancelled, rollup.city.percent ?? '', '', '']).eachCell((c) => {
    c.border = BORDER;
    c.font = { name: FONT, bold: true };
  });
  [14, 8, 8, 10, 8, 12, 10, 8].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const p of plans) addGridSheet(wb, sheetName(p.wardName), planToGrid(p.plan), p.plan.title);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, '').slice(0, 31) || 'sheet';
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** Columns beyond this in a sheet are refused (a stray cell at XFD would make the scan 16,000 wide). */
const MAX_COLUMNS = XLSX_LIMITS.lastColumn;

function isShaded(fill: ExcelJS.Fill | undefined): boolean {
  if (!fill) return false;
  if (fill.type === 'gradient') return true;
  if (fill.type !== 'pattern' || fill.pattern === 'none') return false;
  if (fill.pattern !== 'solid') return true;
  // A solid white fill is how some offices paint a whole sheet: not a mark.
  const color = fill.fgColor;
  if (!color) return true;
  if (color.argb && /^(FF)?FFFFFF$/i.test(color.argb)) return false;
  if (color.theme === 0 && !(color as { tint?: number }).tint) return false;
  return true;
}

/** A worksheet as the plain cell map of the pure reader. */
export function toReadSheet(ws: ExcelJS.Worksheet): ReadSheet {
  const cells = new Map<string, SheetCell>();
  const hiddenRows: NonNullable<ReadSheet['hiddenRows']> = [];
  let rowCount = 0;
  let colCount = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (row.cellCount > MAX_COLUMNS) {
      throw new AppError(400, 'XLSX_TOO_WIDE', {
        en: `${ws.name}!${cellAddress(r, row.cellCount)}: the sheet uses ${row.cellCount} columns (at most ${MAX_COLUMNS}); delete the unused columns.`,
        ja: `${ws.name}!${cellAddress(r, row.cellCount)}: 列が多すぎます(${row.cellCount} 列、上限 ${MAX_COLUMNS} 列)。使っていない列を削除してください。`,
      });
    }
    const hidden: [number, string][] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const text = cellText(cell);
      if (row.hidden) {
        if (text.trim()) hidden.push([c, text.trim()]);
        return;
      }
      const shaded = isShaded(cell.fill);
      if (!text && !shaded) return;
      cells.set(`${r}:${c}`, { text, shaded });
      rowCount = Math.max(rowCount, r);
      colCount = Math.max(colCount, c);
    });
    if (hidden.length) hiddenRows.push({ row: r, col: hidden[0]![0], text: hidden.map(([, t]) => t).join(' ') });
  });
  const merges = (ws.model.merges ?? []).map((range) => {
    const [a, b] = range.split(':') as [string, string];
    const p = (ref: string) => ({ row: Number(/\d+/.exec(ref)![0]), col: columnNumber(/[A-Z]+/.exec(ref)![0]) });
    const s = p(a);
    const e = p(b ?? a);
    return { top: s.row, left: s.col, bottom: e.row, right: e.col };
  });
  for (const m of merges) {
    rowCount = Math.max(rowCount, m.bottom);
    colCount = Math.min(MAX_COLUMNS, Math.max(colCount, m.right));
  }
  return { name: ws.name, rowCount, colCount, cells, merges, hiddenRows };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n');
  if (typeof v === 'number') return numberAsShown(v, cell.numFmt);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return dateAsShown(v, cell.numFmt);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('').replace(/\r\n?/g, '\n');
  if (typeof v === 'object' && 'formula' in v) return v.result === undefined || v.result === null ? '' : String(typeof v.result === 'object' && 'error' in v.result ? '' : v.result);
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  return cell.text ?? '';
}

/**
 * A number format's pattern without its quotes, escapes and [locale] tags: 'm"月"' → 'm月', '0"月"' → '0月'.
 * Month headers are often typed as dates or numbers and formatted to show 「4月」; the reader must see what
 * the office sees.
 */
function formatPattern(numFmt: string | undefined): string {
  return (numFmt ?? '').replace(/\[[^\]]*\]/g, '').replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1').replace(/;.*$/, '');
}

/** A number as its format shows it, where the format only adds a unit (0"月" → 「4月」); otherwise the number. */
function numberAsShown(n: number, numFmt: string | undefined): string {
  const unit = /^(?:0|#|General)([^0#.,%?]+)$/i.exec(formatPattern(numFmt));
  return unit && Number.isInteger(n) ? `${n}${unit[1]}` : String(n);
}

/**
 * A date as a year/month/day format shows it (m"月" → 「4月」, m/d → 「5/20」, yyyy年m月d日…); any other
 * format, or none, gives YYYY-MM-DD. exceljs hands dates over at UTC midnight.
 */
function dateAsShown(d: Date, numFmt: string | undefined): string {
  const fmt = formatPattern(numFmt);
  if (!fmt || !/^(?:yyyy|yy|mm|m|dd|d|[年月日/\-. ])+$/i.test(fmt)) return d.toISOString().slice(0, 10);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const pad = (x: number) => String(x).padStart(2, '0');
  return fmt.replace(/yyyy|yy|mm|m|dd|d/gi, (t) => {
    switch (t.toLowerCase()) {
      case 'yyyy':
        return String(y);
      case 'yy':
        return pad(y % 100);
      case 'mm':
        return pad(m);
      case 'm':
        return String(m);
      case 'dd':
        return pad(day);
      default:
        return String(day);
    }
  });
}

export interface WorkbookRead extends ReadResult {
  sheet: string;
}

/**
 * Reads a plan from an uploaded workbook: guards first (not a zip, zip bomb, macros, external links, too
 * many rows), then the first visible sheet that has a schedule grid.
 */
export async function readPlanWorkbook(bytes: Buffer, options: { wardId: string; fiscalYear: number; defaultTitle: string }): Promise<WorkbookRead> {
  await checkXlsx(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notXlsx({ en: 'the workbook cannot be read (damaged file?)', ja: 'ブックを読み取れません(ファイルが壊れていませんか)' });
  }
  let hints: LayoutHints | undefined;
  const hintSheet = wb.getWorksheet(HINTS_SHEET);
  if (hintSheet && hintSheet.state === 'veryHidden') {
    let json = '';
    hintSheet.getColumn(1).eachCell((c) => (json += typeof c.value === 'string' ? c.value : ''));
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) hints = parsed as LayoutHints;
    } catch {
      hints = undefined;
    }
  }
  const sheets = wb.worksheets.filter((ws) => ws.state === 'visible');
  if (!sheets.length) {
    throw new AppError(400, 'XLSX_NO_SHEET', {
      en: 'The workbook has no visible sheet to read the plan from. Show the plan sheet (or add one) and try again.',
      ja: 'ブックに表示されているシートがないため、計画を読み込めません。計画のシートを再表示して(または追加して)から読み込んでください。',
    });
  }
  let first: WorkbookRead | undefined;
  // A form handed out with a filled-in example (記入例) before the blank sheet the office filled: the
  // example is only the plan when no other sheet has a schedule, and either way the preview says so.
  const isExample = (ws: ExcelJS.Worksheet) => EXAMPLE_SHEET.test(ws.name.normalize('NFKC'));
  for (const ws of [...sheets.filter((w) => !isExample(w)), ...sheets.filter(isExample)]) {
    const sheet = toReadSheet(ws);
    if (!hasMonthRow(sheet)) continue;
    // The actuals sheet of our own export repeats the plan; the plan sheet comes first.
    first = { ...readPlanSheet(sheet, { ...options, hints }), sheet: ws.name };
    const skipped = sheets.slice(0, sheets.indexOf(ws)).filter(isExample);
    if (isExample(ws)) {
      first.notUnderstood.unshift({ cell: null, text: ws.name, message: `read from the sheet "${ws.name}", whose name says it is an example: no other sheet has a schedule grid; check that it is the plan`, messageJa: `シート「${ws.name}」は名前から記入例と思われますが、ほかにスケジュール表のあるシートがないため、このシートを読み込みました。計画のシートか確かめてください` });
    } else if (skipped.length) {
      const names = skipped.map((w) => w.name);
      first.notUnderstood.unshift({ cell: null, text: names.join(', '), message: `the sheet(s) ${names.map((n) => `"${n}"`).join(', ')} look like examples by their names and were not read; the plan was read from "${ws.name}"`, messageJa: `記入例と思われるシート(${names.map((n) => `「${n}」`).join('')})は読み込まず、シート「${ws.name}」から計画を読み込みました` });
    }
    break;
  }
  if (!first) {
    const read = readPlanSheet(toReadSheet(sheets[0]!), options);
    return { ...read, sheet: sheets[0]!.name };
  }
  return first;
}

/** Sheet names of a filled-in example rather than the plan (記入例, 記載例, 見本, サンプル, example…). */
const EXAMPLE_SHEET = /記入例|記載例|作成例|見本|サンプル|sample|example/i;

function hasMonthRow(sheet: ReadSheet): boolean {
  const perRow = new Map<number, Set<string>>();
  for (const [key, cell] of sheet.cells) {
    const t = normalizeLabel(cell.text);
    if (!/^\d{1,2}月$/.test(t)) continue;
    const r = Number(key.split(':')[0]);
    const set = perRow.get(r) ?? new Set<string>();
    set.add(t);
    perRow.set(r, set);
  }
  return [...perRow.values()].some((s) => s.size >= 12);
}

