/**
 * Reading a plan back from a sheet in the official layout — a ward's own office file as much as one this
 * app wrote. The parts are found by the document's labels (LABELS in plan-layout.ts), not by position:
 * rows and columns may sit elsewhere, cells may be merged, blank rows added, digits full-width, a planned
 * month shaded in any colour or pattern (the spreadsheet adapter decides "shaded"). Every value records the
 * cell it came from; whatever is not understood is reported, never silently dropped. Pure: the adapter
 * hands over a plain cell map.
 */
import type { FieldError, ImportNote, ImportRead, PlanContent, PlanIssue, ScheduleRow } from '../../schemas/types.js';
import { fieldError } from './errors.js';
import { FISCAL_MONTHS, eraFiscalYear, fiscalYearNamed } from './fiscal-year.js';
import { LABELS, cellAddress } from './plan-layout.js';

export interface SheetCell {
  text: string;
  /** Filled with any colour or pattern. */
  shaded: boolean;
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A sheet as the adapter read it: cells by "row:col" (merged ranges: only the top-left cell holds the value). */
export interface ReadSheet {
  name: string;
  rowCount: number;
  colCount: number;
  cells: Map<string, SheetCell>;
  merges: MergeRange[];
  /**
   * Rows hidden in the workbook that held text: not printed, so not part of the plan as the office sees
   * it. Their cells are left out of `cells`; the reader notes each (its first cell and its text), so
   * that nothing is dropped without a word.
   */
  hiddenRows?: { row: number; col: number; text: string }[];
}

/** What this app writes in a hidden sheet so that its own files come back with their links (ids, meeting types). */
export interface LayoutHints {
  status?: string;
  sourceNote?: string;
  goals?: { id: string }[];
  issues?: { id: string; goalIds?: string[]; themeIds?: string[]; actions: (string | null)[] }[];
  schedule?: { id: string; issueId: string | null; meetingTypeId: string | null }[];
}

export function hintsOf(plan: PlanContent): LayoutHints {
  const hints: LayoutHints = {
    status: plan.status,
    goals: plan.goals.map((g) => ({ id: g.id })),
    issues: plan.issues.map((i) => ({
      id: i.id,
      ...(i.goalIds ? { goalIds: i.goalIds } : {}),
      ...(i.themeIds ? { themeIds: i.themeIds } : {}),
      actions: i.actions.map((a) => a.meetingTypeId ?? null),
    })),
    schedule: plan.schedule.map((s) => ({ id: s.id, issueId: s.issueId ?? null, meetingTypeId: s.meetingTypeId ?? null })),
  };
  if (plan.sourceNote !== undefined) hints.sourceNote = plan.sourceNote;
  return hints;
}

export interface ReadOptions {
  wardId: string;
  fiscalYear: number;
  /** Used when the sheet has no title line. */
  defaultTitle: string;
  hints?: LayoutHints;
}

export interface ReadResult {
  plan: PlanContent;
  read: ImportRead[];
  notUnderstood: ImportNote[];
  /** Problems that make the file unusable (with the cell); the plan is not to be saved when any. */
  errors: FieldError[];
}

/** NFKC (full-width digits and letters, ① → 1, ideographic space) and no white space: how labels are compared. */
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

const LABEL_MAX = 40;
/** ①, 1., (2), and the sub-numbers some offices give (1-1, 2-3) */
const NUMBER_ONLY = /^[(（]?\d{1,3}(?:[-‐‑–.．]\d{1,3})?[)）.．]?$/;
const MONTH_LABEL = /^(\d{1,2})月$/;
const MARK = /^[○◯●◎■□✓✔〇◆◇★☆▲△レ]$/;
/**
 * What else an office writes in a month cell to plan it: 予定 or 実施, the meeting's date (5/20, 20日,
 * 5月20日(水)), how many times (2回, or 1 typed as a mark). Read as a planned month, and reported, since the date or count
 * itself has no place in the plan. A cross (×) or 0 plans nothing and stays reported as not understood.
 */
const PLANNED_WORD = /^(予定|実施|開催|有|あり|\d{1,2}[/／]\d{1,2}|(\d{1,2}月)?\d{1,2}日|[1-9]\d?回?)([(（].[)）])?$/;
const BULLET = /^[・･•●○◆◇■□\-－‐]\s*/;

type Part = 'lastYearEfforts' | 'findings' | 'goals' | 'issues' | 'schedule' | 'notes';

interface Anchor {
  part: Part;
  row: number;
  col: number;
}

export function readPlanSheet(sheet: ReadSheet, options: ReadOptions): ReadResult {
  const read: ImportRead[] = [];
  const notUnderstood: ImportNote[] = [];
  const errors: FieldError[] = [];
  const at = (r: number, c: number) => `${sheet.name}!${cellAddress(r, c)}`;
  const cell = (r: number, c: number) => sheet.cells.get(`${r}:${c}`);
  const textAt = (r: number, c: number) => (cell(r, c)?.text ?? '').trim();
  const note = (r: number | null, c: number | null, text: string, en: string, ja: string) =>
    notUnderstood.push({ cell: r === null || c === null ? null : at(r, c), text, message: en, messageJa: ja });
  const fail = (r: number, c: number, path: string, en: string, ja: string) => {
    const e = fieldError(path, `${at(r, c)}: ${en}`, `${at(r, c)}: ${ja}`);
    errors.push({ ...e, cell: at(r, c) });
  };

  // Where each merged range's value sits, for the cells it covers.
  const masterOf = new Map<string, [number, number]>();
  for (const m of sheet.merges) {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) masterOf.set(`${r}:${c}`, [m.top, m.left]);
  }
  const isSlave = (r: number, c: number) => masterOf.has(`${r}:${c}`);
  const shadedAt = (r: number, c: number) => {
    const m = masterOf.get(`${r}:${c}`);
    return (m ? cell(m[0], m[1]) : cell(r, c))?.shaded ?? false;
  };
  const rightEdge = (r: number, c: number) => sheet.merges.find((m) => m.top === r && m.left === c)?.right ?? c;

  // ---- find the parts by their labels
  const anchors: Anchor[] = [];
  let scheduleMonths: Map<number, number> | undefined;
  let issueCols: { problem: number; actions: number; remarks: number | null } | undefined;
  const titleCandidates: [number, number, string][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const months = new Map<number, number>();
    for (let c = 1; c <= sheet.colCount; c++) {
      const raw = textAt(r, c);
      if (!raw) continue;
      const t = normalizeLabel(raw);
      const mm = MONTH_LABEL.exec(t);
      if (mm) {
        const m = Number(mm[1]);
        if (m >= 1 && m <= 12 && !months.has(m)) months.set(m, c);
        continue;
      }
      // Labels are short cells; a paragraph that happens to contain 「解決すべき課題」 is text, not a label.
      if (t.length > LABEL_MAX) {
        if (/計画/.test(t)) titleCandidates.push([r, c, raw]);
        continue;
      }
      // 令和7年度の取組, 2025年度の取り組み, 前年度の取組み…: offices spell the label every way
      if (/^(令和(\d+|元)年度|\d{4}年度|前年度|昨年度)の取り?組み?$/.test(t)) {
        anchors.push({ part: 'lastYearEfforts', row: r, col: c });
        checkEra(t, r, c);
      } else if (t.includes('明らかになったこと')) anchors.push({ part: 'findings', row: r, col: c });
      else if (t === LABELS.goals || t === '目標') anchors.push({ part: 'goals', row: r, col: c });
      else if (t.includes('解決すべき課題') && !issueCols) {
        anchors.push({ part: 'issues', row: r, col: c });
        let actions = -1;
        let remarks: number | null = null;
        for (let c2 = c + 1; c2 <= sheet.colCount; c2++) {
          const t2 = normalizeLabel(textAt(r, c2));
          if (actions < 0 && t2.includes('取組') && !t2.includes('スケジュール')) actions = c2;
          else if (t2 === '備考') remarks = c2;
        }
        issueCols = { problem: c, actions: actions < 0 ? c + 1 : actions, remarks };
      } else if (t.includes('特記事項')) anchors.push({ part: 'notes', row: r, col: c });
      else if (/計画/.test(t) && !t.includes('スケジュール')) titleCandidates.push([r, c, raw]);
    }
    if (!scheduleMonths && months.size === 12) {
      scheduleMonths = months;
      anchors.push({ part: 'schedule', row: r, col: Math.min(...months.values()) });
    }
  }

  function checkEra(t: string, r: number, c: number) {
    const year = fiscalYearNamed(t);
    if (year !== null && year !== options.fiscalYear - 1) {
      note(r, c, t, `this label names another year than the one before fiscal ${options.fiscalYear} (expected 「${LABELS.lastYearEfforts(options.fiscalYear)}」)`, `前年度は「${LABELS.lastYearEfforts(options.fiscalYear)}」のはずです(${eraFiscalYear(options.fiscalYear)}の計画として読み込みます)`);
    }
  }

  anchors.sort((a, b) => a.row - b.row || a.col - b.col);
  const firstAnchorRow = anchors[0]?.row ?? sheet.rowCount + 1;
  const nextAnchorRow = (a: Anchor) => anchors.find((b) => b.row > a.row)?.row ?? sheet.rowCount + 1;
  const anchorOf = (part: Part) => anchors.find((a) => a.part === part);

  // ---- the title: the line above the first part that names a plan (the one with 年度 if several)
  const above = titleCandidates.filter(([r]) => r < firstAnchorRow);
  const titleCell = (above.find(([, , t]) => t.includes('年度')) ?? above[0])?.slice(0, 2) as [number, number] | undefined;
  let title = options.defaultTitle;
  if (titleCell) {
    title = textAt(...titleCell);
    read.push({ path: '/title', cell: at(...titleCell), text: title });
    const named = fiscalYearNamed(title.normalize('NFKC').replace(/\s+/g, ''));
    if (named !== null && named !== options.fiscalYear) {
      note(titleCell[0], titleCell[1], title, `the title names another fiscal year; the plan is read as ${eraFiscalYear(options.fiscalYear)}`, `表題の年度が違います。${eraFiscalYear(options.fiscalYear)}の計画として読み込みます`);
    }
  } else {
    note(null, null, title, 'no title line found; the standard title is used', '表題が見つからないため、標準の表題を使います');
  }

  // ---- the sections of text: every filled cell between a label and the next part, in reading order
  const texts = (a: Anchor | undefined, path: string, part: string): string[] => {
    if (!a) {
      note(null, null, '', `no 「${part}」 section found; left empty`, `「${part}」の欄が見つからないため、空欄とします`);
      return [];
    }
    const items: string[] = [];
    const end = nextAnchorRow(a);
    for (let r = a.row; r < end; r++) {
      for (let c = 1; c <= sheet.colCount; c++) {
        if ((r === a.row && c === a.col) || isSlave(r, c)) continue;
        if (r === a.row && c < a.col) continue;
        const raw = textAt(r, c);
        if (!raw) continue;
        // a cell holding only a number (①, 1.) numbers the item beside it: it is not an item itself
        if (NUMBER_ONLY.test(normalizeLabel(raw))) continue;
        for (const item of splitBullets(raw)) {
          read.push({ path: `${path}/${items.length}`, cell: at(r, c), text: item });
          items.push(item);
        }
      }
    }
    return items;
  };
  const lastYearEfforts = texts(anchorOf('lastYearEfforts'), '/lastYearEfforts', LABELS.lastYearEfforts(options.fiscalYear));
  const findings = texts(anchorOf('findings'), '/findings', LABELS.findings(options.fiscalYear));
  const goalsRead = read.length;
  const goalTexts = texts(anchorOf('goals'), '/goals', LABELS.goals);
  for (const r of read.slice(goalsRead)) r.path += '/text';

  // ---- the issues table
  const issues: PlanIssue[] = [];
  const issuesAnchor = anchorOf('issues');
  if (issuesAnchor && issueCols) {
    const { problem, actions, remarks } = issueCols;
    const end = nextAnchorRow(issuesAnchor);
    for (let r = issuesAnchor.row + 1; r < end; r++) {
      const numberText = [...range(1, problem - 1)].map((c) => (isSlave(r, c) ? '' : textAt(r, c))).join('');
      const problemText = isSlave(r, problem) ? '' : textAt(r, problem);
      const actionTexts: [number, string][] = [];
      for (let c = actions; c <= (remarks ?? sheet.colCount + 1) - 1 && c <= sheet.colCount; c++) {
        if (!isSlave(r, c) && textAt(r, c)) actionTexts.push([c, textAt(r, c)]);
      }
      const remarkTexts: [number, string][] = [];
      if (remarks) for (let c = remarks; c <= sheet.colCount; c++) if (!isSlave(r, c) && textAt(r, c)) remarkTexts.push([c, textAt(r, c)]);
      const starts = problemText !== '' || (numberText !== '' && !isSlave(r, 1));
      if (!starts && !actionTexts.length && !remarkTexts.length) continue;
      let issue = issues.at(-1);
      if (starts || !issue) {
        const i = issues.length;
        if (!problemText) {
          if (!actionTexts.length && !remarkTexts.length) {
            note(r, 1, numberText, 'numbered issue row without text; ignored', '番号だけの課題の行は読み飛ばしました');
            continue;
          }
          fail(r, problem, `/issues/${i}/problem`, 'an issue row has actions but no issue text', '取組はあるのに課題が書かれていません');
        } else read.push({ path: `/issues/${i}/problem`, cell: at(r, problem), text: problemText });
        issue = { id: `i${i + 1}`, problem: problemText, actions: [], remarks: '' };
        issues.push(issue);
      }
      const i = issues.length - 1;
      for (const [c, t] of actionTexts) {
        for (const item of splitBullets(t)) {
          read.push({ path: `/issues/${i}/actions/${issue.actions.length}/text`, cell: at(r, c), text: item });
          issue.actions.push({ text: item, meetingTypeId: null });
        }
      }
      for (const [c, t] of remarkTexts) {
        read.push({ path: `/issues/${i}/remarks`, cell: at(r, c), text: t });
        issue.remarks = issue.remarks ? `${issue.remarks}\n${t}` : t;
      }
    }
  } else {
    note(null, null, '', `no issues table found (a column headed 「${LABELS.issueProblem}」); left empty`, `「${LABELS.issueProblem}」の表が見つからないため、課題は空とします`);
  }

  // ---- the schedule grid
  const schedule: ScheduleRow[] = [];
  const scheduleAnchor = anchorOf('schedule');
  if (scheduleAnchor && scheduleMonths) {
    const monthCols = scheduleMonths;
    const end = nextAnchorRow(scheduleAnchor);
    const firstMonthCol = Math.min(...monthCols.values());
    // Each month's columns: some offices draw a month two columns wide (上旬・下旬) under one header. With
    // the months left to right, a month runs to the column before the next; 3月 is as wide as the others
    // when they all are alike, else as wide as its header's merge.
    const ordered = FISCAL_MONTHS.map((m) => monthCols.get(m)!);
    const leftToRight = ordered.every((c, k) => k === 0 || c > ordered[k - 1]!);
    const widths = leftToRight ? ordered.slice(1).map((c, k) => c - ordered[k]!) : [];
    const alike = widths.length > 0 && widths.every((w) => w === widths[0]);
    const monthSpan = new Map<number, [number, number]>();
    FISCAL_MONTHS.forEach((m, k) => {
      const c = ordered[k]!;
      const merged = rightEdge(scheduleAnchor.row, c);
      monthSpan.set(m, [c, !leftToRight ? merged : k < 11 ? ordered[k + 1]! - 1 : alike ? c + widths[0]! - 1 : merged]);
    });
    const lastMonthCol = Math.max(...[...monthSpan.values()].map(([, to]) => to));
    // An office that paints the whole input area (every month cell of the grid filled) marks its months
    // with ○ instead: then the fill is the form's background, not a plan, and only the marks count.
    // Rows of 毎月 / 随時 and rows with nothing in their months do not tell.
    let rowsSeen = 0;
    let allFilled = true;
    let marked = 0;
    for (let r = scheduleAnchor.row + 1; r < end && allFilled; r++) {
      let cells = 0;
      let filled = 0;
      let timing = false;
      for (const [from, to] of monthSpan.values()) {
        for (let k = from; k <= to; k++) {
          const t = isSlave(r, k) ? '' : normalizeLabel(textAt(r, k));
          if (t.includes(LABELS.everyMonth) || t.includes(LABELS.asNeeded)) timing = true;
          if (MARK.test(t) || PLANNED_WORD.test(t)) marked += 1;
          cells += 1;
          if (shadedAt(r, k)) filled += 1;
        }
      }
      if (timing || filled === 0) continue;
      rowsSeen += 1;
      allFilled = filled === cells;
    }
    const fillIsBackground = rowsSeen > 0 && allFilled && marked > 0;
    if (fillIsBackground) {
      note(scheduleAnchor.row, firstMonthCol, '', 'every month cell of the schedule is filled (the input area\'s colour), so the marks (○…) were read as the planned months, not the fill', 'スケジュール表の月の欄がすべて塗られている(入力欄の色)ため、塗りではなく○などの印を予定の月として読み込みました');
    }
    // A column the office added between the tasks and the months (担当, 会場…): its text is not part of
    // the task, and the form has no place for it. Found by a heading of its own here, or below by use.
    const extraCols = new Map<number, { en: string; ja: string }>();
    for (let c = 1; c < firstMonthCol; c++) {
      const head = isSlave(scheduleAnchor.row, c) ? '' : normalizeLabel(textAt(scheduleAnchor.row, c));
      if (head && head.length <= LABEL_MAX && !/作業|手順|スケジュール|取組|番号|^No\.?$|^#$/i.test(head)) {
        const name = textAt(scheduleAnchor.row, c);
        extraCols.set(c, { en: `the column 「${name}」`, ja: `「${name}」の列` });
      }
    }
    const leftTexts = (r: number, noteExtras = false) => {
      const left: [number, string][] = [];
      for (let c = 1; c < firstMonthCol; c++) {
        if (isSlave(r, c) || !textAt(r, c)) continue;
        const extra = extraCols.get(c);
        if (extra === undefined) left.push([c, textAt(r, c)]);
        else if (noteExtras) note(r, c, textAt(r, c), `${extra.en} is not part of the plan form; not read`, `${extra.ja}は計画の様式にないため、読み込みませんでした`);
      }
      let number = '';
      if (left.length && NUMBER_ONLY.test(normalizeLabel(left[0]![1])) && (left.length > 1 || firstMonthCol > 2)) number = left.shift()![1];
      return { left, number };
    };
    // The column the tasks are written in (the most used one), to name the cell of a missing task.
    const titleCols = new Map<number, number>();
    for (let r = scheduleAnchor.row + 1; r < end; r++) {
      const c = leftTexts(r).left[0]?.[0];
      if (c !== undefined) titleCols.set(c, (titleCols.get(c) ?? 0) + 1);
    }
    const titleColumn = [...titleCols].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Math.max(1, firstMonthCol - 1);
    // A column right of the tasks' that most rows with a task also fill, without a heading (the heading
    // merged over the tasks and it): a second column of its own, not the task's continuation.
    const used = new Map<number, number>();
    let tasks = 0;
    for (let r = scheduleAnchor.row + 1; r < end; r++) {
      const { left } = leftTexts(r);
      if (!left.some(([c]) => c === titleColumn)) continue;
      tasks += 1;
      for (const [c] of left) if (c > titleColumn) used.set(c, (used.get(c) ?? 0) + 1);
    }
    for (const [c, n] of used) {
      if (n < 2 || n * 2 < tasks) continue;
      const letter = cellAddress(1, c).replace(/\d+$/, '');
      extraCols.set(c, { en: `column ${letter} (beside the tasks)`, ja: `作業の横の${letter}列` });
    }
    for (let r = scheduleAnchor.row + 1; r < end; r++) {
      const { left: found, number } = leftTexts(r, true);
      // Where the number goes, a word (共通, 全体) labels the row: not part of the task, and reported.
      let left = found;
      if (found.some(([c]) => c === titleColumn)) {
        left = [];
        for (const [c, t] of found) {
          if (c >= titleColumn) left.push([c, t]);
          else note(r, c, t, 'a label in the number column; not part of the task, not read', '番号の欄の文字は作業の一部ではないため、読み込みませんでした');
        }
      }
      const titleText = left.map(([, t]) => t).join('\n');
      const months: number[] = [];
      let timingText: 'everyMonth' | 'asNeeded' | null = null;
      let timingCell: [number, number] | null = null;
      for (const m of FISCAL_MONTHS) {
        const [from, to] = monthSpan.get(m)!;
        let c = from;
        let t = '';
        let shaded = false;
        for (let k = from; k <= to; k++) {
          if (!fillIsBackground) shaded ||= shadedAt(r, k);
          const text = isSlave(r, k) ? '' : normalizeLabel(textAt(r, k));
          if (text && !t) [t, c] = [text, k];
        }
        if (t.includes(LABELS.everyMonth)) [timingText, timingCell] = ['everyMonth', [r, c]];
        else if (t.includes(LABELS.asNeeded)) [timingText, timingCell] = ['asNeeded', [r, c]];
        else if (shaded || MARK.test(t)) months.push(m);
        else if (PLANNED_WORD.test(t)) {
          months.push(m);
          note(r, c, t, 'read as a planned month (the date or count itself is not kept in the plan)', '予定のある月として読み込みました(日付や回数そのものは計画に残りません)');
        }
        else if (t) note(r, c, t, 'text in a month cell that is not a mark; ignored', '月の欄の文字は印として読めないため無視しました');
      }
      for (let c = lastMonthCol + 1; c <= sheet.colCount; c++) {
        if (isSlave(r, c)) continue;
        if (shadedAt(r, c)) {
          fail(r, c, `/schedule/${schedule.length}/months`, 'a shaded cell outside the 4月–3月 columns of the schedule grid', 'スケジュール表(4月〜3月)の外の網掛けです。どの月か分かりません');
        } else if (textAt(r, c)) {
          // a 備考 or 担当 column beside the grid: the form has none, so the text has no place in the plan
          note(r, c, textAt(r, c), 'text to the right of the 3月 column of the schedule; the plan form has no place for it, so it was not read', 'スケジュール表の3月より右の文字は、計画の様式に欄がないため読み込みませんでした');
        }
      }
      if (!titleText && !months.length && !timingText) {
        if (number) note(r, left.length ? left[0]![0] : 1, number, 'numbered schedule row without a task; ignored', '番号だけのスケジュール行は読み飛ばしました');
        continue;
      }
      const i = schedule.length;
      if (!titleText) {
        fail(r, titleColumn, `/schedule/${i}/title`, 'months are planned in a row that names no task', '月に予定があるのに、取組(作業)が書かれていません');
        continue;
      }
      const titleCol = left[0]![0];
      read.push({ path: `/schedule/${i}/title`, cell: at(r, titleCol), text: titleText });
      let timing: ScheduleRow['timing'] = 'months';
      let planned = months;
      if (timingText) {
        timing = timingText;
        planned = [];
        read.push({ path: `/schedule/${i}/timing`, cell: at(...timingCell!), text: timingText === 'everyMonth' ? LABELS.everyMonth : LABELS.asNeeded });
      } else if (months.length === 12 && normalizeLabel(titleText).includes(LABELS.everyMonth)) {
        timing = 'everyMonth';
        planned = [];
        read.push({ path: `/schedule/${i}/timing`, cell: at(r, firstMonthCol), text: LABELS.everyMonth });
      } else if (!months.length) {
        timing = 'asNeeded';
        if (!normalizeLabel(titleText).includes(LABELS.asNeeded)) {
          note(r, firstMonthCol, titleText, 'no month is shaded in this row; read as 随時 (as needed)', 'この行はどの月も網掛けされていないため、「随時」として読み込みました');
        }
      } else {
        read.push({ path: `/schedule/${i}/months`, cell: `${at(r, monthCols.get(months[0]!)!)}…`, text: months.map((m) => LABELS.month(m)).join(' ') });
      }
      schedule.push({ id: `r${i + 1}`, title: titleText, issueId: null, meetingTypeId: null, timing, months: planned });
    }
  } else {
    errors.push({
      ...fieldError('/schedule', `${sheet.name}: no schedule grid found (a row with the twelve month headers 4月 … 3月)`, `${sheet.name}: スケジュール表(4月〜3月の見出しの行)が見つかりません`),
      cell: sheet.name,
    });
  }

  // ---- the notes: everything after the label
  let notes = '';
  const notesAnchor = anchorOf('notes');
  if (notesAnchor) {
    const parts: string[] = [];
    for (let r = notesAnchor.row; r <= sheet.rowCount; r++) {
      for (let c = r === notesAnchor.row ? rightEdge(r, notesAnchor.col) + 1 : 1; c <= sheet.colCount; c++) {
        if (isSlave(r, c) || !textAt(r, c)) continue;
        parts.push(cell(r, c)!.text.replace(/^\s+|\s+$/g, ''));
        read.push({ path: '/notes', cell: at(r, c), text: parts.at(-1)! });
      }
    }
    notes = parts.join('\n');
  }

  const plan: PlanContent = {
    wardId: options.wardId,
    fiscalYear: options.fiscalYear,
    title,
    status: 'draft',
    lastYearEfforts,
    findings,
    goals: goalTexts.map((text, i) => ({ id: `g${i + 1}`, text })),
    issues,
    schedule,
    notes,
  };
  for (const h of sheet.hiddenRows ?? []) {
    note(h.row, h.col, h.text, `row ${h.row} is hidden in the workbook (it would not print); left out — show it in Excel and import again to read it`, `${h.row}行目は Excel で非表示(印刷されない行)のため、読み込みませんでした。読み込むには再表示してから、もう一度読み込んでください`);
  }
  if (options.hints) applyHints(plan, options.hints, notUnderstood);
  return { plan, read, notUnderstood, errors };
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i <= to; i++) yield i;
}

/** A cell holding several "・" items is several items; a single text stays as written. */
export function splitBullets(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const bulleted = lines.filter((l) => BULLET.test(l.trim())).length;
  if (bulleted < 2) return [text.trim()];
  const items: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (BULLET.test(t)) items.push(t.replace(BULLET, ''));
    else if (items.length) items[items.length - 1] += `\n${t}`;
    else if (t) items.push(t);
  }
  return items.map((s) => s.trim()).filter(Boolean);
}

/**
 * Puts back what only this app's own files carry (ids, links to goals, themes and meeting types, status)
 * where the document still has the same number of items; otherwise says which links were not restored.
 */
function applyHints(plan: PlanContent, hints: LayoutHints, notes: ImportNote[]): void {
  const skipped = (what: string, ja: string) =>
    notes.push({ cell: null, text: what, message: `rows were added or removed since the export: the links of the ${what} were not restored`, messageJa: `書き出し後に行が増減したため、${ja}の関連付けは復元していません` });
  if (typeof hints.status === 'string' && ['draft', 'submitted', 'approved', 'archived'].includes(hints.status)) plan.status = hints.status as PlanContent['status'];
  if (typeof hints.sourceNote === 'string') plan.sourceNote = hints.sourceNote;
  if (Array.isArray(hints.goals) && hints.goals.length === plan.goals.length) plan.goals.forEach((g, i) => (g.id = String(hints.goals![i]!.id)));
  else if (hints.goals) skipped('goals', '目標');
  if (Array.isArray(hints.issues) && hints.issues.length === plan.issues.length) {
    plan.issues.forEach((issue, i) => {
      const h = hints.issues![i]!;
      issue.id = String(h.id);
      if (Array.isArray(h.goalIds)) issue.goalIds = h.goalIds.map(String);
      if (Array.isArray(h.themeIds)) issue.themeIds = h.themeIds.map(String);
      if (Array.isArray(h.actions) && h.actions.length === issue.actions.length) issue.actions.forEach((a, j) => (a.meetingTypeId = h.actions[j] == null ? null : String(h.actions[j])));
    });
  } else if (hints.issues) skipped('issues', '課題');
  if (Array.isArray(hints.schedule) && hints.schedule.length === plan.schedule.length) {
    const issueIds = new Set(plan.issues.map((i) => i.id));
    plan.schedule.forEach((row, i) => {
      const h = hints.schedule![i]!;
      row.id = String(h.id);
      row.issueId = h.issueId != null && issueIds.has(String(h.issueId)) ? String(h.issueId) : null;
      row.meetingTypeId = h.meetingTypeId == null ? null : String(h.meetingTypeId);
    });
  } else if (hints.schedule) skipped('schedule rows', 'スケジュール');
}

/** The cell a field of the read plan came from (the nearest recorded parent), for validation messages. */
export function cellOfPath(read: ImportRead[], path: string): string | undefined {
  let best: ImportRead | undefined;
  for (const r of read) {
    if ((path === r.path || path.startsWith(`${r.path}/`) || r.path.startsWith(`${path}/`)) && (!best || r.path.length > best.path.length)) best = r;
  }
  return best?.cell;
}
