/**
 * Pure model of the fiscal-year Gantt chart (no DOM): turns a ward plan's schedule rows into frappe-gantt
 * tasks (one task per contiguous run of planned months, all runs of a row on that row's line) and computes
 * everything else the component draws: palette per issue, progress per bar, status markers, labels, layout.
 *
 * The fiscal year runs April (month 4 of `fiscalYear`) to March (month 3 of `fiscalYear + 1`); a fiscal
 * index 0…11 numbers its months in that order.
 */
import type { ProgressStatus, RowTiming } from '../../../../schemas/types.js';
import { FISCAL_MONTHS, fiscalIndex, fiscalYearOfDate } from '../../../../server/core/fiscal-year.js';
import { plannedMonths as plannedMonthsOf } from '../../../../server/core/plan-rules.js';
import { cellStatus } from '../../../../server/core/progress-rules.js';
import { currentDate, daysInMonth, monthDates } from '../../../../server/core/fiscal-year.js';
import { escapeHtml } from './escape.js';
import { type Swatch, swatchFor } from './palette.js';
import { type Lang, STRINGS, fiscalYearLabel, headerLabel, monthLabel } from './strings.js';

export type { Lang } from './strings.js';
export interface GanttRow {
  /** schedule row id */
  id: string;
  /** the row's printed number: '①', '②' … */
  number: string;
  /** plan text — UNTRUSTED, may contain HTML */
  title: string;
  /** issue id the row belongs to (null = none) */
  groupId: string | null;
  /** e.g. '課題①' / 'Issue ①' */
  groupLabel: string | null;
  timing: RowTiming;
  /** planned calendar months (1–12; 4…12 in fiscalYear, 1…3 in fiscalYear+1), any subset */
  months: number[];
  /** recorded status per calendar month, optional */
  progress?: Partial<Record<number, ProgressStatus>>;
  /** date the month's work was carried out ('YYYY-MM-DD'), per calendar month, optional */
  heldOn?: Partial<Record<number, string | null>>;
}

/** Sizes shared by the frappe-gantt options and the Svelte label column, so that their lines align. */
export const GEOMETRY = {
  barHeight: 22,
  /** vertical space between bars; a line is barHeight + padding high */
  padding: 12,
  upperHeaderHeight: 26,
  lowerHeaderHeight: 26,
  /** horizontal gap between a bar and its month-column borders */
  barInset: 3,
  /** status marker radius */
  markerRadius: 7.5,
} as const;

export const ROW_HEIGHT = GEOMETRY.barHeight + GEOMETRY.padding;
/** frappe-gantt: config.header_height = lower_header_height + upper_header_height + 10 */
export const HEADER_HEIGHT = GEOMETRY.upperHeaderHeight + GEOMETRY.lowerHeaderHeight + 10;

/** Top of line `line` in chart coordinates (what frappe-gantt's grid rows use). */
export function lineTop(line: number, rowHeight: number = ROW_HEIGHT): number {
  return HEADER_HEIGHT + line * rowHeight;
}

/**
 * Top of the bars on line `line`: frappe-gantt's Bar.compute_y with task._index = line and
 * padding = rowHeight − barHeight (the bar sits in the middle of its line).
 */
export function barTop(line: number, rowHeight: number = ROW_HEIGHT): number {
  return HEADER_HEIGHT + (rowHeight - GEOMETRY.barHeight) / 2 + line * rowHeight;
}

/**
 * Height of every line: tall enough for the tallest task name as the label column wraps it (names are
 * shown whole, never cut with 「…」), at least ROW_HEIGHT. One height for all lines, because frappe-gantt
 * places bars at _index × (bar_height + padding).
 */
export function rowHeightFor(tallestLabel: number): number {
  if (!Number.isFinite(tallestLabel) || tallestLabel <= 0) return ROW_HEIGHT;
  return Math.max(ROW_HEIGHT, Math.ceil(tallestLabel) + 10);
}

export function isCalendarMonth(month: unknown): month is number {
  return typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12;
}

/** 0 → April … 11 → March. */
export function monthAt(index: number): number {
  return ((index + 3) % 12) + 1;
}

/**
 * The planned months of a row in fiscal order (everyMonth → all twelve, asNeeded → none): the core's
 * rule (server/core/plan-rules), given only the row's valid months, each once.
 */
export function plannedMonths(row: Pick<GanttRow, 'timing' | 'months'>): number[] {
  return plannedMonthsOf({ timing: row.timing, months: [...new Set((row.months ?? []).filter(isCalendarMonth))] });
}

/**
 * Contiguous runs of months in fiscal order: [5, 9, 1] → [[5], [9], [1]]; [12, 1, 2] → [[12, 1, 2]];
 * [6, 7, 8, 2] → [[6, 7, 8], [2]]. March and April are never joined (they are the two ends of the year).
 */
export function monthRuns(months: readonly number[]): number[][] {
  const indices = [...new Set(months.filter(isCalendarMonth).map(fiscalIndex))].sort((a, b) => a - b);
  const runs: number[][] = [];
  let current: number[] = [];
  let previous = -2;
  for (const index of indices) {
    if (index !== previous + 1 && current.length) {
      runs.push(current);
      current = [];
    }
    current.push(monthAt(index));
    previous = index;
  }
  if (current.length) runs.push(current);
  return runs;
}

/**
 * What one month of one row shows. `done` also covers 一部実施 recorded in (or before) its month;
 * `lateDone` is 実施/一部実施 carried out after the planned month; `recorded` any other recorded status
 * (延期, 未実施, 中止); `overdue` a planned month that has ended with nothing recorded; `thisMonth` a planned,
 * unrecorded month in progress (not late yet); `future` a planned month still to come; `none` nothing.
 */
export type CellState = 'done' | 'lateDone' | 'recorded' | 'overdue' | 'thisMonth' | 'future' | 'none';

export interface CellInput {
  fiscalYear: number;
  /** calendar month 1–12 */
  month: number;
  planned: boolean;
  status?: ProgressStatus | undefined;
  /** 'YYYY-MM-DD' the work was carried out (null/absent: not given) */
  heldOn?: string | null | undefined;
}

/**
 * `today` on Japan's calendar (the offices' clock, as everywhere in the product): the server draws the
 * chart into the page and the browser draws it again, and the two must put today on the same day
 * whatever time zone either machine is set to (a server in UTC was a day behind from 00:00 to 09:00 JST).
 */
function japanDay(today: Date): { year: number; month: number; date: number } {
  const [year, month, date] = currentDate(today).split('-').map(Number) as [number, number, number];
  return { year, month, date };
}

/** Months from April of `fiscalYear` to the month of `today` (Japan time): 0 = April, 11 = March, <0 before, >11 after. */
export function monthsIntoYear(fiscalYear: number, today: Date): number {
  const { year, month } = japanDay(today);
  return year * 12 + month - 1 - (fiscalYear * 12 + 3);
}

/**
 * The Gantt chart's state of a month: the core's rule (server/core/progress-rules.ts `cellStatus`, the one
 * the roll-up, the month page and the home page use), so that no view calls a month late that another
 * calls in progress. The chart keeps its own marks for 延期/未実施/中止 (`recorded`), and work done in a
 * month the row did not plan shows as done. `now` is monthsIntoYear(fiscalYear, today).
 */
export function ganttCellState(cell: CellInput, now: number): CellState {
  const absolute = cell.fiscalYear * 12 + 3 + now;
  const today = `${Math.floor(absolute / 12)}-${String((absolute % 12) + 1).padStart(2, '0')}`;
  const record = cell.status ? { status: cell.status, heldOn: cell.heldOn ?? null } : null;
  const { state } = cellStatus(cell.fiscalYear, cell.month, cell.planned, record, today);
  switch (state) {
    case 'done':
    case 'unplanned':
      return 'done';
    case 'lateDone':
      return 'lateDone';
    case 'overdue':
    case 'empty':
    case 'cancelled':
      return record ? 'recorded' : state === 'overdue' ? 'overdue' : 'none';
    default:
      return state;
  }
}

export interface CellModel {
  index: number;
  month: number;
  planned: boolean;
  status: ProgressStatus | undefined;
  state: CellState;
  /** e.g. '計画・遅れ（記録なし）' */
  stateText: string;
  /** e.g. '6月 計画・遅れ（記録なし）' — the grid cell's accessible name */
  text: string;
}

export interface MonthRecord {
  month: number;
  index: number;
  status: ProgressStatus;
  /** false: recorded in a month the row did not plan (as-needed rows: always true) */
  planned: boolean;
}

const STATUSES: ReadonlySet<string> = new Set(['done', 'partial', 'postponed', 'notDone', 'cancelled']);

/** Recorded statuses of a row in fiscal order (unknown months/statuses ignored). */
export function monthRecords(row: Pick<GanttRow, 'timing' | 'months' | 'progress'>): MonthRecord[] {
  const planned = new Set(plannedMonths(row));
  // an as-needed row may be carried out in any month: none of its records is "unplanned"
  const anyMonth = row.timing === 'asNeeded';
  const records: MonthRecord[] = [];
  for (const [key, status] of Object.entries(row.progress ?? {})) {
    const month = Number(key);
    if (!isCalendarMonth(month) || typeof status !== 'string' || !STATUSES.has(status)) continue;
    records.push({ month, index: fiscalIndex(month), status: status as ProgressStatus, planned: anyMonth || planned.has(month) });
  }
  return records.sort((a, b) => a.index - b.index);
}

export interface BarProgress {
  /** done + 0.5 × partial over the bar's months */
  score: number;
  /** planned months of the bar */
  planned: number;
  /** months of the bar recorded cancelled (中止): they leave the due set */
  cancelled: number;
  /** planned − cancelled: the months the bar's progress is measured against */
  due: number;
  /** score / due, 0…1 (0 when nothing is due) */
  fraction: number;
  /** rounded percent for frappe-gantt's task.progress */
  percent: number;
  /** at least one status recorded in the bar's months */
  recorded: boolean;
}

/**
 * Progress of one bar by the roll-up's rules (docs/rollup.md): (done + 0.5 × partial) / the bar's
 * months that were not cancelled — a cancelled month leaves the due set. A bar whose months are all
 * cancelled has no fill.
 */
export function barProgress(
  months: readonly number[],
  progress: GanttRow['progress'] | undefined,
): BarProgress {
  let score = 0;
  let cancelled = 0;
  let recorded = false;
  for (const month of months) {
    const status = progress?.[month];
    if (!status) continue;
    recorded = true;
    if (status === 'done') score += 1;
    else if (status === 'partial') score += 0.5;
    else if (status === 'cancelled') cancelled += 1;
  }
  const planned = months.length;
  const due = planned - cancelled;
  const fraction = due > 0 ? score / due : 0;
  return { score, planned, cancelled, due, fraction, percent: Math.round(fraction * 100), recorded };
}

export interface SegmentModel {
  /** frappe-gantt task id (CSS-class safe: frappe-gantt builds selectors from it) */
  taskId: string;
  /** calendar months of the run, in fiscal order */
  months: number[];
  startIndex: number;
  endIndex: number;
  /** 'YYYY-MM-DD', first day of the first month */
  start: string;
  /** 'YYYY-MM-DD', last day of the last month (inclusive; frappe-gantt adds the day) */
  end: string;
  progress: BarProgress;
}

/** Segments (bars) of a row. */
export function rowSegments(row: GanttRow, fiscalYear: number, line: number): SegmentModel[] {
  return monthRuns(plannedMonths(row)).map((months, k) => {
    const first = months[0] ?? 4;
    const last = months[months.length - 1] ?? first;
    return {
      taskId: `fg-${line}-${k}`,
      months,
      startIndex: fiscalIndex(first),
      endIndex: fiscalIndex(last),
      start: monthDates(fiscalYear, first).first,
      end: monthDates(fiscalYear, last).last,
      progress: barProgress(months, row.progress),
    };
  });
}

/**
 * Where an as-needed row's '随時' text goes: the first month of the longest stretch without a recorded
 * marker (so that the text never sits under a marker), or null when every month has a marker.
 */
export function asNeededLabelIndex(recordedIndices: readonly number[]): number | null {
  const taken = new Set(recordedIndices);
  let bestStart: number | null = null;
  let bestLength = 0;
  let start = 0;
  for (let i = 0; i <= 12; i++) {
    if (i === 12 || taken.has(i)) {
      const length = i - start;
      if (length > bestLength) {
        bestLength = length;
        bestStart = start;
      }
      start = i + 1;
    }
  }
  return bestStart;
}

/** The task object handed to frappe-gantt; `fg` carries what our patch needs (frappe-gantt keeps it). */
export interface FiscalTask {
  id: string;
  /** bar label: ESCAPED (frappe-gantt sets it with innerHTML) */
  name: string;
  /** ESCAPED full label (only frappe-gantt's own popup would read it; we disable that popup) */
  description: string;
  start: string;
  end: string;
  /** 0…100 */
  progress: number;
  dependencies: string;
  /** a single class token: frappe-gantt 1.2.2 calls classList.add(custom_class) */
  custom_class: string;
  color: string;
  color_progress: string;
  fg: {
    rowId: string;
    /** the row's line: every segment of a row has the same one */
    line: number;
    startIndex: number;
    endIndex: number;
  };
}

export interface LineModel {
  /** = the row's index in `rows` = its line in the chart */
  index: number;
  rowId: string;
  number: string;
  /** raw (unescaped) text: render with Svelte text / textContent only */
  title: string;
  fullLabel: string;
  groupId: string | null;
  groupLabel: string | null;
  /** -1 = no issue (neutral grey) */
  paletteIndex: number;
  swatch: Swatch;
  timing: RowTiming;
  planned: number[];
  segments: SegmentModel[];
  records: MonthRecord[];
  plannedText: string;
  recordText: string;
  /** as-needed rows: fiscal index of the '随時' text, null when hidden */
  asNeededLabelAt: number | null;
  /** the twelve months in fiscal order */
  cells: CellModel[];
}

export interface LegendGroup {
  key: string;
  label: string;
  paletteIndex: number;
  swatch: Swatch;
}

export interface GanttModel {
  fiscalYear: number;
  lang: Lang;
  eraLabel: string;
  headerLabel: string;
  /** column labels in fiscal order: 4月…3月 / Apr…Mar */
  monthLabels: string[];
  lines: LineModel[];
  tasks: FiscalTask[];
  groups: LegendGroup[];
  hasProgress: boolean;
  hasAsNeeded: boolean;
  hasUnplannedRecords: boolean;
  hasOverdue: boolean;
  hasLateDone: boolean;
  /** fiscal index of today's month, null when today is outside the fiscal year */
  todayIndex: number | null;
  /** where today falls inside its month, 0…1 */
  todayFraction: number;
  summary: string;
}

/** '5月・9月・1月', '6月～8月・2月', '毎月', '随時' (en: 'May, Sep, Jan', 'Jun–Aug, Feb', …). */
export function plannedText(row: Pick<GanttRow, 'timing' | 'months'>, lang: Lang): string {
  const s = STRINGS[lang];
  if (row.timing === 'everyMonth') return s.everyMonth;
  if (row.timing === 'asNeeded') return s.asNeeded;
  const runs = monthRuns(plannedMonths(row));
  if (!runs.length) return '—';
  return runs
    .map((run) => {
      const first = run[0] ?? 4;
      const last = run[run.length - 1] ?? first;
      if (run.length === 1) return monthLabel(first, lang);
      return `${monthLabel(first, lang)}${s.rangeSep}${monthLabel(last, lang)}`;
    })
    .join(s.listSep);
}

export function recordText(records: readonly MonthRecord[], lang: Lang): string {
  const s = STRINGS[lang];
  if (!records.length) return '—';
  return records
    .map((r) => s.statusPair(monthLabel(r.month, lang), s.status[r.status] + (r.planned ? '' : `（${s.notPlanned}）`)))
    .join(s.recordSep);
}

/** A month cell's state in words: '計画・遅れ（記録なし）', 'Planned, Done (done late)', 'Not planned'. */
export function cellStateText(
  planned: boolean,
  status: ProgressStatus | undefined,
  state: CellState,
  timing: RowTiming,
  lang: Lang,
): string {
  const s = STRINGS[lang];
  const parts: string[] = [];
  if (planned) parts.push(s.planned);
  else if (status || timing !== 'asNeeded') parts.push(s.notPlanned);
  if (state === 'lateDone' && status) parts.push(`${s.status[status]}（${s.lateDone}）`);
  else if (status) parts.push(s.status[status]);
  else if (state === 'overdue') parts.push(s.overdue);
  else if (state === 'thisMonth') parts.push(s.thisMonth);
  else if (state === 'future') parts.push(s.future);
  else if (timing === 'asNeeded') parts.push(`${s.asNeeded}${s.stateSep}${s.notRecorded}`);
  return parts.join(s.stateSep);
}

/** Fiscal index of `today` (Japan time) and its position inside the month, or null outside the fiscal year. */
export function todayPosition(fiscalYear: number, today: Date): { index: number; fraction: number } | null {
  const { year, month, date } = japanDay(today);
  if (fiscalYearOfDate(year, month) !== fiscalYear) return null;
  const days = daysInMonth(year, month);
  return { index: fiscalIndex(month), fraction: (date - 0.5) / days };
}

export function buildGanttModel(rows: readonly GanttRow[], fiscalYear: number, lang: Lang, today: Date): GanttModel {
  const s = STRINGS[lang];
  const groupIndex = new Map<string, number>();
  const groups: LegendGroup[] = [];
  let hasUngrouped = false;
  for (const row of rows) {
    if (row.groupId === null || row.groupId === undefined || row.groupId === '') {
      hasUngrouped = true;
      continue;
    }
    if (groupIndex.has(row.groupId)) continue;
    const paletteIndex = groupIndex.size;
    groupIndex.set(row.groupId, paletteIndex);
    groups.push({
      key: row.groupId,
      label: row.groupLabel ?? row.groupId,
      paletteIndex,
      swatch: swatchFor(paletteIndex),
    });
  }
  if (hasUngrouped) groups.push({ key: '', label: s.noIssue, paletteIndex: -1, swatch: swatchFor(-1) });

  const now = monthsIntoYear(fiscalYear, today);
  const lines: LineModel[] = rows.map((row, index) => {
    const planned = new Set(plannedMonths(row));
    const cells = FISCAL_MONTHS.map((month, i): CellModel => {
      const status = row.progress?.[month];
      const known = typeof status === 'string' && STATUSES.has(status) ? status : undefined;
      const state = ganttCellState({ fiscalYear, month, planned: planned.has(month), status: known, heldOn: row.heldOn?.[month] }, now);
      const stateText = cellStateText(planned.has(month), known, state, row.timing, lang);
      return { index: i, month, planned: planned.has(month), status: known, state, stateText, text: STRINGS[lang].cellPair(monthLabel(month, lang), stateText) };
    });
    const paletteIndex = row.groupId ? (groupIndex.get(row.groupId) ?? -1) : -1;
    const records = monthRecords(row);
    const number = String(row.number ?? '');
    const title = String(row.title ?? '');
    return {
      index,
      rowId: row.id,
      number,
      title,
      fullLabel: number ? `${number} ${title}` : title,
      groupId: row.groupId || null,
      groupLabel: row.groupId ? (groups.find((g) => g.key === row.groupId)?.label ?? null) : null,
      paletteIndex,
      swatch: swatchFor(paletteIndex),
      timing: row.timing,
      planned: plannedMonths(row),
      segments: rowSegments(row, fiscalYear, index),
      records,
      plannedText: plannedText(row, lang),
      recordText: recordText(records, lang),
      asNeededLabelAt: row.timing === 'asNeeded' ? asNeededLabelIndex(records.map((r) => r.index)) : null,
      cells,
    };
  });

  const tasks: FiscalTask[] = lines.flatMap((line) =>
    line.segments.map((seg) => ({
      id: seg.taskId,
      name: escapeHtml(line.number),
      description: escapeHtml(line.fullLabel),
      start: seg.start,
      end: seg.end,
      progress: seg.progress.percent,
      dependencies: '',
      custom_class: 'fg-bar',
      color: line.swatch.fill,
      color_progress: line.swatch.progress,
      fg: { rowId: line.rowId, line: line.index, startIndex: seg.startIndex, endIndex: seg.endIndex },
    })),
  );

  const position = todayPosition(fiscalYear, today);
  const era = fiscalYearLabel(fiscalYear, lang);
  const issueCount = groups.filter((g) => g.paletteIndex >= 0).length;
  return {
    fiscalYear,
    lang,
    eraLabel: era,
    headerLabel: headerLabel(fiscalYear, lang),
    monthLabels: FISCAL_MONTHS.map((m) => monthLabel(m, lang)),
    lines,
    tasks,
    groups,
    hasProgress: lines.some((l) => l.records.length > 0),
    hasAsNeeded: lines.some((l) => l.timing === 'asNeeded'),
    hasUnplannedRecords: lines.some((l) => l.records.some((r) => !r.planned)),
    hasOverdue: lines.some((l) => l.cells.some((c) => c.state === 'overdue')),
    hasLateDone: lines.some((l) => l.cells.some((c) => c.state === 'lateDone')),
    todayIndex: position?.index ?? null,
    todayFraction: position?.fraction ?? 0,
    summary: s.summary(era, rows.length, issueCount, position ? monthLabel(monthAt(position.index), lang) : null),
  };
}

export interface ChartLayout {
  columnWidth: number;
  labelWidth: number;
  /** label column + twelve month columns */
  width: number;
}

/**
 * The chart box's width in any window at least 1320 px wide: App's main column, 1320 px less 2 × 1.25rem
 * of padding at 15 px, as clientWidth reports it. The server renders the Gantt page at this width, and
 * the browser hydrates it from the same layout (FiscalGantt.svelte, predraw.ts).
 */
export const TYPICAL_CHART_WIDTH = 1283;

export const LAYOUT_LIMITS = { minColumn: 56, maxColumn: 80, minLabel: 240, maxLabel: 560, preferredLabel: 440 } as const;

/**
 * Column widths for an available width: the label column gets about 440 px first (task names wrap to
 * two lines rather than three), the twelve month columns share the rest at 56–80 px each, and what
 * is left goes back to the labels. Below 240 + 12 × 56 px the chart scrolls inside its own box.
 */
export function layoutFor(available: number): ChartLayout {
  const { minColumn, maxColumn, minLabel, maxLabel, preferredLabel } = LAYOUT_LIMITS;
  const usable = Math.max(0, Math.floor(available) - 2);
  const columnWidth = Math.max(minColumn, Math.min(maxColumn, Math.floor((usable - preferredLabel) / 12)));
  const labelWidth = Math.max(minLabel, Math.min(maxLabel, usable - 12 * columnWidth));
  return { columnWidth, labelWidth, width: labelWidth + 12 * columnWidth };
}

export interface CellPosition {
  line: number;
  /** fiscal index 0…11 */
  index: number;
}

/**
 * Keyboard movement in the chart's grid (WAI-ARIA grid pattern): ← → one month, ↑ ↓ one row (same month),
 * Home / End the row's first / last month, Ctrl+Home / Ctrl+End the first / last row, Ctrl+← / Ctrl+→
 * the previous / next bar on the row, PageUp / PageDown five rows. Null: not a movement key.
 */
export function moveCell(lines: readonly Pick<LineModel, 'segments'>[], at: CellPosition, key: string, ctrl: boolean): CellPosition | null {
  const last = lines.length - 1;
  if (last < 0) return null;
  const line = Math.max(0, Math.min(last, at.line));
  const index = Math.max(0, Math.min(11, at.index));
  switch (key) {
    case 'ArrowRight': {
      if (!ctrl) return { line, index: Math.min(11, index + 1) };
      const next = lines[line]?.segments.find((seg) => seg.startIndex > index);
      return { line, index: next ? next.startIndex : index };
    }
    case 'ArrowLeft': {
      if (!ctrl) return { line, index: Math.max(0, index - 1) };
      const previous = [...(lines[line]?.segments ?? [])].reverse().find((seg) => seg.startIndex < index);
      return { line, index: previous ? previous.startIndex : index };
    }
    case 'ArrowDown':
      return { line: Math.min(last, line + 1), index };
    case 'ArrowUp':
      return { line: Math.max(0, line - 1), index };
    case 'PageDown':
      return { line: Math.min(last, line + 5), index };
    case 'PageUp':
      return { line: Math.max(0, line - 5), index };
    case 'Home':
      return { line: ctrl ? 0 : line, index: 0 };
    case 'End':
      return { line: ctrl ? last : line, index: 11 };
    default:
      return null;
  }
}

/** What a chart is drawn from besides its tasks: FiscalGanttChart (live) and static-chart.ts (server) alike. */
export interface FiscalChartConfig {
  fiscalYear: number;
  columnWidth: number;
  lines: readonly LineModel[];
  /** 4月…3月 / Apr…Mar */
  monthLabels: readonly string[];
  headerLabel: string;
  todayIndex: number | null;
  todayFraction: number;
  asNeededText: string;
  /** height of every line (bar + padding): tall enough for the wrapped task names */
  rowHeight: number;
  /** id for the overdue hatch pattern, unique in the document */
  patternId: string;
}
