/**
 * The official layout of a ward plan (区障害者自立支援協議会 … ネットワーク強化に向けた計画案), described once:
 * its labels, its sections in order and the schedule grid ①… × 4月…3月. The xlsx export renders the grid
 * this module builds, the xlsx import finds the parts of any office file by these labels, and the web print
 * uses the same labels — so the four cannot drift apart. Pure: no I/O, no spreadsheet library.
 */
import type { PlanContent, ScheduleRow } from '../../schemas/types.js';
import { FISCAL_MONTHS, eraFiscalYear } from './fiscal-year.js';

/** The labels the document prints (and the import searches for). */
export const LABELS = {
  /** 「令和7年度の取組」 for a plan of 令和8年度. */
  lastYearEfforts: (fiscalYear: number) => `${eraFiscalYear(fiscalYear - 1).replace(/年度$/, '')}年度の取組`,
  findings: (fiscalYear: number) => `${eraFiscalYear(fiscalYear - 1).replace(/年度$/, '')}年度の取組を通じて明らかになったこと`,
  goals: '目標',
  issueProblem: '目標達成に向け解決すべき課題',
  issueActions: '課題解決のための取組',
  issueRemarks: '備考',
  schedule: '課題解決のための取組に係る作業手順・スケジュール',
  month: (m: number) => `${m}月`,
  everyMonth: '毎月',
  asNeeded: '随時',
  notes: 'その他計画案に関する特記事項',
} as const;

/** English labels for the print when the interface is in English (the xlsx is always the Japanese document). */
export const LABELS_EN = {
  lastYearEfforts: (fiscalYear: number) => `Efforts in FY${fiscalYear - 1}`,
  findings: (fiscalYear: number) => `What FY${fiscalYear - 1} showed`,
  goals: 'Goals',
  issueProblem: 'Issues to solve to reach the goals',
  issueActions: 'Actions to solve the issues',
  issueRemarks: 'Remarks',
  schedule: 'Work steps and schedule of the actions',
  month: (m: number) => ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m] ?? String(m),
  everyMonth: 'Every month',
  asNeeded: 'As needed',
  notes: 'Other notes on the plan',
} as const;

const CIRCLED_1_20 = 0x2460;
const CIRCLED_21_35 = 0x3251;
const CIRCLED_36_50 = 0x32b1;

/** ①②… as the document numbers goals, issues and schedule rows (beyond ㊿: "(51)"). */
export function circled(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(CIRCLED_1_20 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(CIRCLED_21_35 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(CIRCLED_36_50 + n - 36);
  return `(${n})`;
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${columnName(col)}${row}`;
}

// ---------------------------------------------------------------------------------------------------
// Plan → grid

export type CellRole = 'title' | 'label' | 'header' | 'number' | 'text' | 'month' | 'note';

export interface LayoutCell {
  row: number;
  col: number;
  text: string;
  role: CellRole;
  /** A planned month of the schedule grid. */
  shaded?: boolean;
  /** The cell spans down to this row / right to this column (a merged range). */
  toRow?: number;
  toCol?: number;
  /** What the cell shows from the plan (JSON Pointer), for the reader of a preview and for tests. */
  pointer?: string;
}

export interface PlanGrid {
  /** Column widths in characters (Excel's unit), column 1 first. */
  widths: number[];
  /** Row heights in points, by row number (1-based); rows not listed keep the default. */
  heights: Record<number, number>;
  cells: LayoutCell[];
  rowCount: number;
  colCount: number;
  /** The rows a printout repeats at the top of every page. */
  repeatRows: [number, number];
  /** The row of the schedule header (4月 … 3月) and its first data row. */
  scheduleHeaderRow: number;
}

/** Marks drawn in a month cell of the actuals sheet, by progress status. */
export const ACTUAL_MARKS: Record<string, string> = { done: '●', partial: '◐', postponed: '→', notDone: '×', cancelled: '中止' };

export interface GridOptions {
  /** Actual outcomes per schedule row id and month, drawn as marks (the second sheet). */
  actuals?: Map<string, Map<number, string>>;
}

const NUMBER_COL = 1;
const TITLE_COL = 2;
const FIRST_MONTH_COL = 3;
const LAST_COL = FIRST_MONTH_COL + 11;
/** The issues table: the actions span eight month columns, the remarks the last four. */
const ACTIONS_TO_COL = FIRST_MONTH_COL + 7;
const REMARKS_COL = ACTIONS_TO_COL + 1;
const WIDTHS = [5, 38, ...FISCAL_MONTHS.map(() => 7.5)];

/** Display width of text in "characters" of a column: East Asian wide characters count two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u30ff\u2460-\u24ff\u3200-\u32ff]/.test(ch) ? 2 : 1;
  return w;
}

/** Lines a text needs in a cell `width` characters wide (wrapped), at least one. */
export function linesNeeded(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

const LINE_HEIGHT = 15;

function spanWidth(from: number, to: number): number {
  let w = 0;
  for (let c = from; c <= to; c++) w += WIDTHS[c - 1] ?? 8;
  return w;
}

/** The plan laid out as the official document: one cell list, merged ranges, shaded planned months. */
export function planToGrid(plan: PlanContent, options: GridOptions = {}): PlanGrid {
  const cells: LayoutCell[] = [];
  const heights: Record<number, number> = {};
  let row = 1;
  const fit = (r: number, text: string, from: number, to: number, rows = 1) => {
    const need = (linesNeeded(text, spanWidth(from, to)) * LINE_HEIGHT + 6) / rows;
    heights[r] = Math.max(heights[r] ?? LINE_HEIGHT + 6, Math.min(409, need));
  };

  cells.push({ row, col: 1, toCol: LAST_COL, text: plan.title, role: 'title', pointer: '/title' });
  fit(row, plan.title, 1, LAST_COL);
  row += 2;

  const section = (label: string, items: string[], pointer: string) => {
    const n = Math.max(1, items.length);
    cells.push({ row, col: 1, toCol: TITLE_COL, toRow: row + n - 1, text: label, role: 'label' });
    items.forEach((text, i) => {
      cells.push({ row: row + i, col: FIRST_MONTH_COL, toCol: LAST_COL, text, role: 'text', pointer: `${pointer}/${i}` });
      fit(row + i, text, FIRST_MONTH_COL, LAST_COL);
    });
    if (!items.length) cells.push({ row, col: FIRST_MONTH_COL, toCol: LAST_COL, text: '', role: 'text' });
    row += n;
  };
  section(LABELS.lastYearEfforts(plan.fiscalYear), plan.lastYearEfforts, '/lastYearEfforts');
  section(LABELS.findings(plan.fiscalYear), plan.findings, '/findings');
  const goalsAt = row;
  section(LABELS.goals, plan.goals.map((g) => g.text), '/goals');
  for (const c of cells) if (c.row >= goalsAt && c.pointer?.startsWith('/goals/')) c.pointer += '/text';
  row += 1;

  // The issues table: ① | 課題 | 取組 (one row per action) | 備考, the number, the issue and the remarks merged down.
  cells.push({ row, col: NUMBER_COL, text: '', role: 'header' });
  cells.push({ row, col: TITLE_COL, text: LABELS.issueProblem, role: 'header' });
  cells.push({ row, col: FIRST_MONTH_COL, toCol: ACTIONS_TO_COL, text: LABELS.issueActions, role: 'header' });
  cells.push({ row, col: REMARKS_COL, toCol: LAST_COL, text: LABELS.issueRemarks, role: 'header' });
  row += 1;
  plan.issues.forEach((issue, i) => {
    const n = Math.max(1, issue.actions.length);
    const last = row + n - 1;
    const down = n > 1 ? { toRow: last } : {};
    cells.push({ row, col: NUMBER_COL, ...down, text: circled(i + 1), role: 'number' });
    cells.push({ row, col: TITLE_COL, ...down, text: issue.problem, role: 'text', pointer: `/issues/${i}/problem` });
    cells.push({ row, col: REMARKS_COL, toCol: LAST_COL, ...down, text: issue.remarks, role: 'text', pointer: `/issues/${i}/remarks` });
    issue.actions.forEach((a, j) => {
      cells.push({ row: row + j, col: FIRST_MONTH_COL, toCol: ACTIONS_TO_COL, text: a.text, role: 'text', pointer: `/issues/${i}/actions/${j}/text` });
      fit(row + j, a.text, FIRST_MONTH_COL, ACTIONS_TO_COL);
    });
    if (!issue.actions.length) cells.push({ row, col: FIRST_MONTH_COL, toCol: ACTIONS_TO_COL, text: '', role: 'text' });
    for (let r = row; r <= last; r++) {
      fit(r, issue.problem, TITLE_COL, TITLE_COL, n);
      fit(r, issue.remarks, REMARKS_COL, LAST_COL, n);
    }
    row = last + 1;
  });
  row += 1;

  const scheduleHeaderRow = row;
  cells.push({ row, col: NUMBER_COL, toCol: TITLE_COL, text: LABELS.schedule, role: 'header' });
  FISCAL_MONTHS.forEach((m, k) => cells.push({ row, col: FIRST_MONTH_COL + k, text: LABELS.month(m), role: 'header' }));
  fit(row, LABELS.schedule, NUMBER_COL, TITLE_COL);
  row += 1;
  plan.schedule.forEach((s, i) => {
    cells.push({ row, col: NUMBER_COL, text: circled(i + 1), role: 'number' });
    cells.push({ row, col: TITLE_COL, text: s.title, role: 'text', pointer: `/schedule/${i}/title` });
    fit(row, s.title, TITLE_COL, TITLE_COL);
    const actual = options.actuals?.get(s.id);
    if (s.timing === 'months' || actual) {
      const planned = new Set(s.timing === 'everyMonth' ? FISCAL_MONTHS : s.months);
      FISCAL_MONTHS.forEach((m, k) => {
        const mark = actual?.get(m) ?? '';
        cells.push({ row, col: FIRST_MONTH_COL + k, text: mark, role: 'month', shaded: planned.has(m), pointer: `/schedule/${i}/months` });
      });
    } else {
      const text = s.timing === 'everyMonth' ? LABELS.everyMonth : LABELS.asNeeded;
      cells.push({ row, col: FIRST_MONTH_COL, toCol: LAST_COL, text, role: 'month', shaded: s.timing === 'everyMonth', pointer: `/schedule/${i}/timing` });
    }
    row += 1;
  });
  row += 1;

  cells.push({ row, col: 1, toCol: LAST_COL, text: LABELS.notes, role: 'label' });
  row += 1;
  cells.push({ row, col: 1, toCol: LAST_COL, text: plan.notes, role: 'note', pointer: '/notes' });
  fit(row, plan.notes, 1, LAST_COL);

  return { widths: [...WIDTHS], heights, cells, rowCount: row, colCount: LAST_COL, repeatRows: [1, 1], scheduleHeaderRow };
}

/** The months a row shows shaded in the grid (every month = all twelve). */
export function shadedMonths(row: Pick<ScheduleRow, 'timing' | 'months'>): number[] {
  return row.timing === 'everyMonth' ? [...FISCAL_MONTHS] : row.timing === 'asNeeded' ? [] : [...row.months];
}
