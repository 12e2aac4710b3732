import { describe, expect, it } from 'vitest';
import { FISCAL_MONTHS, calendarYearOf, fiscalIndex } from '../../server/core/fiscal-year.js';
import {
  type GanttRow,
  HEADER_HEIGHT,
  ROW_HEIGHT,
  asNeededLabelIndex,
  barProgress,
  barTop,
  buildGanttModel,
  ganttCellState,
  layoutFor,
  lineTop,
  monthsIntoYear,
  moveCell,
  rowHeightFor,
  monthAt,
  monthRuns,
  plannedMonths,
  plannedText,
  rowSegments,
  todayPosition,
} from '../../web/src/lib/gantt/gantt-model.js';
import { escapeHtml } from '../../web/src/lib/gantt/escape.js';
import { fiscalYearLabel, headerLabel, monthLabel } from '../../web/src/lib/gantt/strings.js';

function row(partial: Partial<GanttRow> & { id: string }): GanttRow {
  return { number: '①', title: 'task', groupId: null, groupLabel: null, timing: 'months', months: [], ...partial };
}

const FY = 2026;
const TODAY_IN_FY = new Date(2026, 4, 20); // 20 May 2026
const XSS = '<img src=x onerror=alert(1)>';

describe('fiscal months', () => {
  it('orders April … March and maps both ways', () => {
    expect(FISCAL_MONTHS).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
    expect(FISCAL_MONTHS.map(fiscalIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (let i = 0; i < 12; i++) expect(fiscalIndex(monthAt(i))).toBe(i);
  });

  it('puts January–March in the next calendar year', () => {
    expect(calendarYearOf(FY, 4)).toBe(2026);
    expect(calendarYearOf(FY, 12)).toBe(2026);
    expect(calendarYearOf(FY, 1)).toBe(2027);
    expect(calendarYearOf(FY, 3)).toBe(2027);
  });
});

describe('segmentation into contiguous runs (fiscal order)', () => {
  it('splits non-adjacent months: [5, 9, 1] → three runs in fiscal order', () => {
    expect(monthRuns([5, 9, 1])).toEqual([[5], [9], [1]]);
    expect(monthRuns([1, 9, 5])).toEqual([[5], [9], [1]]);
  });

  it('joins a run across the calendar year: [12, 1, 2] → one run', () => {
    expect(monthRuns([1, 2, 12])).toEqual([[12, 1, 2]]);
  });

  it('joins contiguous months and splits the rest', () => {
    expect(monthRuns([6, 7, 8])).toEqual([[6, 7, 8]]);
    expect(monthRuns([8, 6, 7, 2])).toEqual([[6, 7, 8], [2]]);
    expect(monthRuns([6, 8, 10, 12, 2])).toEqual([[6], [8], [10], [12], [2]]);
  });

  it('never joins March to April (the two ends of the year)', () => {
    expect(monthRuns([3, 4])).toEqual([[4], [3]]);
  });

  it('ignores duplicates and invalid months; empty → no runs', () => {
    expect(monthRuns([5, 5, 0, 13, 6.5, 6])).toEqual([[5, 6]]);
    expect(monthRuns([])).toEqual([]);
  });

  it('everyMonth → all twelve months, one run; asNeeded → none', () => {
    expect(plannedMonths({ timing: 'everyMonth', months: [] })).toEqual([...FISCAL_MONTHS]);
    expect(monthRuns(plannedMonths({ timing: 'everyMonth', months: [5] }))).toEqual([[...FISCAL_MONTHS]]);
    expect(plannedMonths({ timing: 'asNeeded', months: [5, 6] })).toEqual([]);
  });
});

describe('segment dates', () => {
  it('a single month spans its first to last day', () => {
    const [seg] = rowSegments(row({ id: 'a', months: [5] }), FY, 0);
    expect(seg).toMatchObject({ start: '2026-05-01', end: '2026-05-31', startIndex: 1, endIndex: 1 });
  });

  it('June–August is one bar from June 1 to August 31', () => {
    const segs = rowSegments(row({ id: 'a', months: [6, 7, 8] }), FY, 0);
    expect(segs).toHaveLength(1);
    expect(segs[0]).toMatchObject({ start: '2026-06-01', end: '2026-08-31', startIndex: 2, endIndex: 4 });
  });

  it('[5, 9, 1] → May, September and January of the next year', () => {
    const segs = rowSegments(row({ id: 'a', months: [5, 9, 1] }), FY, 3);
    expect(segs.map((s) => [s.start, s.end])).toEqual([
      ['2026-05-01', '2026-05-31'],
      ['2026-09-01', '2026-09-30'],
      ['2027-01-01', '2027-01-31'],
    ]);
  });

  it('[12, 1, 2] → December 1 to the end of February (leap years too)', () => {
    expect(rowSegments(row({ id: 'a', months: [12, 1, 2] }), FY, 0)[0]).toMatchObject({
      start: '2026-12-01',
      end: '2027-02-28',
    });
    expect(rowSegments(row({ id: 'a', months: [2] }), 2027, 0)[0]).toMatchObject({
      start: '2028-02-01',
      end: '2028-02-29',
    });
  });

  it('everyMonth → one bar April 1 – March 31; asNeeded and empty → no bar', () => {
    const segs = rowSegments(row({ id: 'a', timing: 'everyMonth' }), FY, 0);
    expect(segs).toHaveLength(1);
    expect(segs[0]).toMatchObject({ start: '2026-04-01', end: '2027-03-31', startIndex: 0, endIndex: 11 });
    expect(rowSegments(row({ id: 'a', timing: 'asNeeded', months: [5] }), FY, 0)).toEqual([]);
    expect(rowSegments(row({ id: 'a', months: [] }), FY, 0)).toEqual([]);
  });
});

describe('tasks for frappe-gantt', () => {
  const rows: GanttRow[] = [
    row({ id: 'r1', number: '①', months: [5, 9, 1] }),
    row({ id: 'r2', number: '②', timing: 'asNeeded' }),
    row({ id: 'r3', number: '③', timing: 'everyMonth' }),
    row({ id: 'r4', number: '④', months: [6, 7, 8, 12, 1, 2] }),
    row({ id: 'r5', number: '⑤', months: [] }),
  ];
  const model = buildGanttModel(rows, FY, 'ja', TODAY_IN_FY);

  it('one line per row, in row order', () => {
    expect(model.lines.map((l) => [l.index, l.rowId])).toEqual([
      [0, 'r1'],
      [1, 'r2'],
      [2, 'r3'],
      [3, 'r4'],
      [4, 'r5'],
    ]);
  });

  it('every segment of a row is on that row’s line (line index = row index)', () => {
    expect(model.tasks.map((t) => [t.fg.rowId, t.fg.line])).toEqual([
      ['r1', 0],
      ['r1', 0],
      ['r1', 0],
      ['r3', 2],
      ['r4', 3],
      ['r4', 3],
    ]);
    for (const task of model.tasks) expect(rows[task.fg.line]?.id).toBe(task.fg.rowId);
  });

  it('task ids are unique and safe as CSS class names', () => {
    const ids = model.tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('tasks are valid for frappe-gantt: start ≤ end, no dependencies, one class token', () => {
    for (const task of model.tasks) {
      expect(task.start <= task.end).toBe(true);
      expect(task.dependencies).toBe('');
      expect(task.custom_class).not.toMatch(/\s/);
    }
  });

  it('a 50-row plan has 50 lines and all its bars on lines 0…49', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      row({ id: `r${i}`, number: String(i + 1), months: i % 3 === 0 ? [4, 6, 8] : [((i % 12) + 1) as number] }),
    );
    const m = buildGanttModel(many, FY, 'ja', TODAY_IN_FY);
    expect(m.lines).toHaveLength(50);
    expect(new Set(m.tasks.map((t) => t.fg.line)).size).toBe(50);
    expect(Math.max(...m.tasks.map((t) => t.fg.line))).toBe(49);
  });

  it('line geometry mirrors frappe-gantt (header, then one row height per line)', () => {
    expect(lineTop(0)).toBe(HEADER_HEIGHT);
    expect(lineTop(3) - lineTop(2)).toBe(ROW_HEIGHT);
    expect(barTop(2) - lineTop(2)).toBeGreaterThan(0);
    expect(barTop(2) - lineTop(2)).toBeLessThan(ROW_HEIGHT);
  });
});

describe('escaping', () => {
  it('escapes HTML special characters', () => {
    expect(escapeHtml(XSS)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`a & b "c" 'd' \`e\``)).toBe('a &amp; b &quot;c&quot; &#39;d&#39; &#96;e&#96;');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml('相談支援事業所等連絡会議')).toBe('相談支援事業所等連絡会議');
  });

  it('every string handed to frappe-gantt as markup is escaped', () => {
    const m = buildGanttModel(
      [row({ id: 'x', number: '<b>①</b>', title: XSS, months: [5, 9, 1], groupId: 'i1', groupLabel: '<i>課題</i>' })],
      FY,
      'ja',
      TODAY_IN_FY,
    );
    expect(m.tasks).toHaveLength(3);
    for (const task of m.tasks) {
      expect(task.name).toBe('&lt;b&gt;①&lt;/b&gt;');
      expect(task.description).toBe('&lt;b&gt;①&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;');
      for (const value of [task.name, task.description, task.id, task.custom_class]) expect(value).not.toMatch(/[<>]/);
    }
  });

  it('keeps the raw text for Svelte / textContent rendering (no double escaping)', () => {
    const m = buildGanttModel([row({ id: 'x', title: XSS })], FY, 'ja', TODAY_IN_FY);
    expect(m.lines[0]?.title).toBe(XSS);
    expect(m.lines[0]?.fullLabel).toBe(`① ${XSS}`);
  });
});

describe('progress', () => {
  it('bar fill = (done + 0.5 × partial) / the bar’s planned months that were not cancelled', () => {
    expect(barProgress([6, 7, 8], { 6: 'done', 7: 'partial' })).toMatchObject({
      score: 1.5,
      planned: 3,
      cancelled: 0,
      due: 3,
      fraction: 0.5,
      percent: 50,
      recorded: true,
    });
    expect(barProgress([5], { 5: 'done' }).fraction).toBe(1);
    expect(barProgress([5, 6], { 5: 'postponed', 6: 'notDone' })).toMatchObject({ fraction: 0, recorded: true });
  });

  it('a cancelled month leaves the due set, as in the roll-up (docs/rollup.md)', () => {
    expect(barProgress([5, 6, 7], { 5: 'cancelled', 6: 'done' })).toMatchObject({ planned: 3, cancelled: 1, due: 2, score: 1, percent: 50 });
    expect(barProgress([5, 6], { 5: 'cancelled', 6: 'done' }).percent).toBe(100);
    expect(barProgress([5, 6], { 5: 'cancelled', 6: 'partial' }).percent).toBe(50);
    // every month cancelled: nothing is due, no fill
    expect(barProgress([5, 6], { 5: 'cancelled', 6: 'cancelled' })).toMatchObject({ due: 0, fraction: 0, percent: 0, recorded: true });
    const m = buildGanttModel([row({ id: 'a', months: [5, 6, 9], progress: { 5: 'cancelled', 6: 'cancelled', 9: 'done' } })], FY, 'ja', TODAY_IN_FY);
    expect(m.tasks.map((t) => t.progress)).toEqual([0, 100]);
  });

  it('no progress → no fill', () => {
    expect(barProgress([5, 6], undefined)).toMatchObject({ fraction: 0, percent: 0, recorded: false });
    expect(barProgress([5, 6], {})).toMatchObject({ fraction: 0, recorded: false });
  });

  it('counts only the months of each bar', () => {
    const m = buildGanttModel(
      [row({ id: 'a', months: [5, 9, 10, 1], progress: { 5: 'done', 9: 'partial', 10: 'done', 1: 'notDone', 7: 'done' } })],
      FY,
      'ja',
      TODAY_IN_FY,
    );
    expect(m.tasks.map((t) => t.progress)).toEqual([100, 75, 0]);
    expect(m.hasProgress).toBe(true);
    // July was recorded but not planned: a marker, marked unplanned
    expect(m.lines[0]?.records.map((r) => [r.month, r.status, r.planned])).toEqual([
      [5, 'done', true],
      [7, 'done', false],
      [9, 'partial', true],
      [10, 'done', true],
      [1, 'notDone', true],
    ]);
    expect(m.hasUnplannedRecords).toBe(true);
  });

  it('accepts string month keys (JSON) and ignores unknown statuses', () => {
    const progress = JSON.parse('{"5":"done","6":"bogus","13":"done"}') as GanttRow['progress'];
    const m = buildGanttModel([row({ id: 'a', months: [5, 6], progress })], FY, 'en', TODAY_IN_FY);
    expect(m.tasks[0]?.progress).toBe(50);
    expect(m.lines[0]?.records).toHaveLength(1);
  });

  it('as-needed rows: records become markers, the 随時 text goes where no marker is', () => {
    const m = buildGanttModel(
      [row({ id: 'a', timing: 'asNeeded', progress: { 4: 'done', 5: 'done', 11: 'partial' } })],
      FY,
      'ja',
      TODAY_IN_FY,
    );
    expect(m.tasks).toEqual([]);
    expect(m.lines[0]?.records.map((r) => r.month)).toEqual([4, 5, 11]);
    // any month is fine for an as-needed row: no record is "unplanned"
    expect(m.lines[0]?.records.every((r) => r.planned)).toBe(true);
    expect(m.hasUnplannedRecords).toBe(false);
    expect(m.lines[0]?.asNeededLabelAt).toBe(2); // June, first month of the longest gap Jun–Oct
    expect(asNeededLabelIndex([])).toBe(0);
    expect(asNeededLabelIndex([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBeNull();
  });
});

describe('labels', () => {
  it('era header: 2019 → 令和元年度, 2026 → 令和8年度, 2018 → 平成30年度; English FY', () => {
    expect(fiscalYearLabel(2019, 'ja')).toBe('令和元年度');
    expect(fiscalYearLabel(2020, 'ja')).toBe('令和2年度');
    expect(fiscalYearLabel(2026, 'ja')).toBe('令和8年度');
    expect(fiscalYearLabel(2018, 'ja')).toBe('平成30年度');
    expect(fiscalYearLabel(2026, 'en')).toBe('FY2026');
    expect(headerLabel(2026, 'ja')).toBe('令和8年度（2026年4月～2027年3月）');
    expect(headerLabel(2026, 'en')).toBe('FY2026 (Apr 2026 – Mar 2027)');
  });

  it('month labels in fiscal order, both languages', () => {
    const ja = buildGanttModel([], FY, 'ja', TODAY_IN_FY).monthLabels;
    const en = buildGanttModel([], FY, 'en', TODAY_IN_FY).monthLabels;
    expect(ja).toEqual(['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月']);
    expect(en).toEqual(['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar']);
    expect(monthLabel(1, 'en')).toBe('Jan');
  });

  it('planned months as text', () => {
    expect(plannedText({ timing: 'months', months: [5, 9, 1] }, 'ja')).toBe('5月・9月・1月');
    expect(plannedText({ timing: 'months', months: [6, 7, 8, 2] }, 'ja')).toBe('6月～8月・2月');
    expect(plannedText({ timing: 'months', months: [12, 1] }, 'en')).toBe('Dec–Jan');
    expect(plannedText({ timing: 'everyMonth', months: [] }, 'ja')).toBe('毎月');
    expect(plannedText({ timing: 'asNeeded', months: [] }, 'en')).toBe('As needed');
  });

  it('the summary names the fiscal year and row count in the chosen language', () => {
    const rows = [row({ id: 'a', groupId: 'i1', groupLabel: '課題①' }), row({ id: 'b' })];
    expect(buildGanttModel(rows, 2019, 'ja', new Date(2019, 4, 1)).summary).toContain('令和元年度');
    expect(buildGanttModel(rows, FY, 'ja', TODAY_IN_FY).summary).toContain('2行');
    expect(buildGanttModel(rows, FY, 'en', TODAY_IN_FY).summary).toContain('FY2026');
  });
});

describe('groups (issue colours)', () => {
  it('same issue → same colour, in order of first appearance; no issue → neutral grey', () => {
    const m = buildGanttModel(
      [
        row({ id: 'a', groupId: 'i2', groupLabel: '課題②', months: [5] }),
        row({ id: 'b', groupId: 'i1', groupLabel: '課題①', months: [6] }),
        row({ id: 'c', groupId: 'i2', groupLabel: '課題②', months: [7] }),
        row({ id: 'd', groupId: null, months: [8] }),
      ],
      FY,
      'ja',
      TODAY_IN_FY,
    );
    expect(m.lines.map((l) => l.paletteIndex)).toEqual([0, 1, 0, -1]);
    expect(m.lines[0]?.swatch).toEqual(m.lines[2]?.swatch);
    expect(m.lines[0]?.swatch).not.toEqual(m.lines[1]?.swatch);
    expect(m.groups.map((g) => g.label)).toEqual(['課題②', '課題①', '課題なし']);
    expect(m.tasks.map((t) => t.color)).toEqual([m.lines[0]?.swatch.fill, m.lines[1]?.swatch.fill, m.lines[0]?.swatch.fill, m.lines[3]?.swatch.fill]);
  });
});

describe('today and layout', () => {
  it('today’s month inside the fiscal year, null outside', () => {
    expect(todayPosition(FY, new Date(2026, 4, 20))?.index).toBe(1);
    expect(todayPosition(FY, new Date(2027, 2, 31))?.index).toBe(11);
    expect(todayPosition(FY, new Date(2026, 3, 1))?.index).toBe(0);
    expect(todayPosition(FY, new Date(2026, 2, 31))).toBeNull();
    expect(todayPosition(FY, new Date(2027, 3, 1))).toBeNull();
    expect(buildGanttModel([], FY, 'ja', new Date(2025, 5, 1)).todayIndex).toBeNull();
  });

  it('takes today on Japan’s calendar, whatever the machine’s time zone (server and browser draw the same chart)', () => {
    // 29 Nov 16:00 UTC is 30 Nov 01:00 in Japan: the last day of November there
    expect(todayPosition(FY, new Date('2026-11-29T16:00:00Z'))).toEqual({ index: 7, fraction: (30 - 0.5) / 30 });
    expect(todayPosition(FY, new Date('2026-11-29T14:59:59Z'))).toEqual({ index: 7, fraction: (29 - 0.5) / 30 });
    // 31 Mar 2027 15:30 UTC is already April in Japan: the next fiscal year
    expect(todayPosition(FY, new Date('2027-03-31T15:30:00Z'))).toBeNull();
    expect(monthsIntoYear(FY, new Date('2027-03-31T15:30:00Z'))).toBe(12);
    expect(monthsIntoYear(FY, new Date('2026-03-31T14:59:00Z'))).toBe(-1);
  });

  it('twelve months fit beside a wide label column on a 1366 px screen', () => {
    const l = layoutFor(1320);
    expect(12 * l.columnWidth).toBeLessThanOrEqual(1000);
    expect(12 * l.columnWidth).toBeGreaterThanOrEqual(800);
    expect(l.labelWidth).toBeGreaterThanOrEqual(400);
    expect(l.width).toBeLessThanOrEqual(1320);
    expect(layoutFor(1366 - 17).width).toBeLessThanOrEqual(1366 - 17);
    expect(layoutFor(600).columnWidth).toBe(56); // narrower: the chart scrolls inside its box
  });
});

describe('cell states (overdue, this month, future, done late)', () => {
  const NOV_29 = new Date(2026, 10, 29); // 29 November 2026: November is in progress
  const now = monthsIntoYear(FY, NOV_29);

  it('counts months from April of the fiscal year', () => {
    expect(now).toBe(7);
    expect(monthsIntoYear(FY, new Date(2026, 3, 1))).toBe(0);
    expect(monthsIntoYear(FY, new Date(2027, 2, 31))).toBe(11);
    expect(monthsIntoYear(FY, new Date(2026, 2, 31))).toBe(-1);
    expect(monthsIntoYear(FY, new Date(2027, 3, 1))).toBe(12);
  });

  it('planned and unrecorded: overdue once the month has ended, this month while it runs, future after', () => {
    const cell = (month: number) => ganttCellState({ fiscalYear: FY, month, planned: true }, now);
    expect(cell(10)).toBe('overdue');
    expect(cell(4)).toBe('overdue');
    expect(cell(11)).toBe('thisMonth');
    expect(cell(12)).toBe('future');
    expect(cell(3)).toBe('future');
  });

  it('a year that has ended is all overdue where nothing was recorded; a year to come all future', () => {
    expect(ganttCellState({ fiscalYear: FY, month: 3, planned: true }, monthsIntoYear(FY, new Date(2027, 5, 1)))).toBe('overdue');
    expect(ganttCellState({ fiscalYear: FY, month: 4, planned: true }, monthsIntoYear(FY, new Date(2026, 0, 1)))).toBe('future');
  });

  it('recorded work: done in its month, done late after it; other statuses are records; unplanned empty months are nothing', () => {
    expect(ganttCellState({ fiscalYear: FY, month: 8, planned: true, status: 'done', heldOn: '2026-08-20' }, now)).toBe('done');
    expect(ganttCellState({ fiscalYear: FY, month: 8, planned: true, status: 'done', heldOn: '2026-09-18' }, now)).toBe('lateDone');
    expect(ganttCellState({ fiscalYear: FY, month: 12, planned: true, status: 'partial', heldOn: '2027-01-10' }, now)).toBe('lateDone');
    expect(ganttCellState({ fiscalYear: FY, month: 8, planned: true, status: 'done', heldOn: null }, now)).toBe('done');
    expect(ganttCellState({ fiscalYear: FY, month: 8, planned: true, status: 'postponed' }, now)).toBe('recorded');
    expect(ganttCellState({ fiscalYear: FY, month: 8, planned: false }, now)).toBe('none');
  });

  it('the model marks each line’s twelve cells and says whether any is overdue or done late', () => {
    const m = buildGanttModel(
      [row({ id: 'r1', months: [8, 10, 11, 12], progress: { 8: 'done' }, heldOn: { 8: '2026-09-18' } })],
      FY,
      'ja',
      NOV_29,
    );
    const cells = m.lines[0]!.cells;
    expect(cells).toHaveLength(12);
    expect(cells.map((c) => c.state)).toEqual(['none', 'none', 'none', 'none', 'lateDone', 'none', 'overdue', 'thisMonth', 'future', 'none', 'none', 'none']);
    expect(m.hasOverdue).toBe(true);
    expect(m.hasLateDone).toBe(true);
    expect(cells[6]!.text).toBe('10月 計画・遅れ（記録なし）');
    expect(cells[4]!.text).toBe('8月 計画・実施（遅れて実施）');
    const en = buildGanttModel([row({ id: 'r1', months: [10] })], FY, 'en', NOV_29);
    expect(en.lines[0]!.cells[6]!.text).toBe('Oct: Planned, Late (nothing recorded)');
  });
});

describe('keyboard movement in the chart', () => {
  const lines = buildGanttModel(
    [row({ id: 'a', months: [5, 9, 1] }), row({ id: 'b', months: [6] }), row({ id: 'c', timing: 'everyMonth' })],
    FY,
    'ja',
    TODAY_IN_FY,
  ).lines;

  it('arrows move one month or one row and stop at the edges', () => {
    expect(moveCell(lines, { line: 0, index: 0 }, 'ArrowRight', false)).toEqual({ line: 0, index: 1 });
    expect(moveCell(lines, { line: 0, index: 11 }, 'ArrowRight', false)).toEqual({ line: 0, index: 11 });
    expect(moveCell(lines, { line: 0, index: 0 }, 'ArrowLeft', false)).toEqual({ line: 0, index: 0 });
    expect(moveCell(lines, { line: 0, index: 4 }, 'ArrowDown', false)).toEqual({ line: 1, index: 4 });
    expect(moveCell(lines, { line: 2, index: 4 }, 'ArrowDown', false)).toEqual({ line: 2, index: 4 });
    expect(moveCell(lines, { line: 1, index: 4 }, 'ArrowUp', false)).toEqual({ line: 0, index: 4 });
  });

  it('Ctrl+arrows jump between the bars of a row; Home/End to the row’s ends, Ctrl+Home/End to the corners', () => {
    expect(moveCell(lines, { line: 0, index: 1 }, 'ArrowRight', true)).toEqual({ line: 0, index: 5 });
    expect(moveCell(lines, { line: 0, index: 5 }, 'ArrowRight', true)).toEqual({ line: 0, index: 9 });
    expect(moveCell(lines, { line: 0, index: 9 }, 'ArrowRight', true)).toEqual({ line: 0, index: 9 });
    expect(moveCell(lines, { line: 0, index: 9 }, 'ArrowLeft', true)).toEqual({ line: 0, index: 5 });
    expect(moveCell(lines, { line: 1, index: 6 }, 'Home', false)).toEqual({ line: 1, index: 0 });
    expect(moveCell(lines, { line: 1, index: 6 }, 'End', true)).toEqual({ line: 2, index: 11 });
    expect(moveCell(lines, { line: 1, index: 6 }, 'Home', true)).toEqual({ line: 0, index: 0 });
    expect(moveCell(lines, { line: 1, index: 6 }, 'x', false)).toBeNull();
    expect(moveCell([], { line: 0, index: 0 }, 'ArrowDown', false)).toBeNull();
  });

  it('line height grows with the tallest wrapped name and never shrinks below one line', () => {
    expect(rowHeightFor(0)).toBe(ROW_HEIGHT);
    expect(rowHeightFor(17)).toBe(ROW_HEIGHT);
    expect(rowHeightFor(52)).toBe(62);
    expect(barTop(1, 62) - lineTop(1, 62)).toBe((62 - 22) / 2);
  });
});
