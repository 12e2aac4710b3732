import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { PlanContent } from '../../schemas/types.js';
import { LABELS, cellAddress, circled, planToGrid } from '../../server/core/plan-layout.js';
import { readPlanSheet, splitBullets, type ReadSheet } from '../../server/core/plan-reading.js';
import { ACTUALS_SHEET, PLAN_SHEET, planWorkbook, readPlanWorkbook } from '../../server/formats/xlsx.js';
import { demoPlans } from '../helpers/app.js';
import { OFFICE_FILE_PLAN, officeWorkbook } from '../helpers/office-files.js';

const FISCAL = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];
const read = (bytes: Buffer, plan: Pick<PlanContent, 'wardId' | 'fiscalYear'>) =>
  readPlanWorkbook(bytes, { wardId: plan.wardId, fiscalYear: plan.fiscalYear, defaultTitle: 'default title' });

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function findCell(ws: ExcelJS.Worksheet, text: string): ExcelJS.Cell | undefined {
  let hit: ExcelJS.Cell | undefined;
  ws.eachRow((row) => row.eachCell((c) => {
    if (!hit && c.value === text && (!c.isMerged || c.master.address === c.address)) hit = c;
  }));
  return hit;
}

describe('the official layout (pure)', () => {
  it('numbers ①… and names cells like Excel', () => {
    expect([1, 20, 21, 35, 36, 50, 51].map(circled)).toEqual(['①', '⑳', '㉑', '㉟', '㊱', '㊿', '(51)']);
    expect([1, 26, 27, 52].map((c) => cellAddress(1, c))).toEqual(['A1', 'Z1', 'AA1', 'AZ1']);
    expect(LABELS.lastYearEfforts(2026)).toBe('令和7年度の取組');
    expect(LABELS.lastYearEfforts(2020)).toBe('令和元年度の取組');
  });

  it('lays out a plan with one month column per fiscal month and every text once', () => {
    for (const plan of demoPlans()) {
      const grid = planToGrid(plan);
      const header = grid.cells.filter((c) => c.row === grid.scheduleHeaderRow && c.role === 'header').map((c) => c.text);
      expect(header).toEqual([LABELS.schedule, ...FISCAL.map((m) => `${m}月`)]);
      const texts = grid.cells.map((c) => c.text);
      for (const t of [...plan.lastYearEfforts, ...plan.findings, ...plan.goals.map((g) => g.text), ...plan.schedule.map((s) => s.title)]) expect(texts).toContain(t);
    }
  });

  it('splits a cell of "・" items and keeps a single text as written', () => {
    expect(splitBullets('・一つ目\n・二つ目\n 続き')).toEqual(['一つ目', '二つ目\n続き']);
    expect(splitBullets('・一つだけ')).toEqual(['・一つだけ']);
    expect(splitBullets('①本文\n②本文')).toEqual(['①本文\n②本文']);
  });

  it('reports a month row with no task and a shaded cell outside the grid, naming the cell', () => {
    const { cells, put } = cellMap();
    put(1, 2, LABELS.schedule);
    FISCAL.forEach((m, k) => put(1, 3 + k, `${m}月`));
    put(2, 1, '①');
    put(2, 2, '会議');
    put(2, 4, '', true);
    put(2, 16, '', true); // beyond 3月 (column O)
    put(3, 1, '②');
    put(3, 5, '', true); // planned, but no task
    const sheet: ReadSheet = { name: 'S', rowCount: 3, colCount: 16, cells, merges: [] };
    const result = readPlanSheet(sheet, { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
    expect(result.errors.map((e) => e.cell)).toEqual(['S!P2', 'S!B3']);
    expect(result.errors[0]!.messageJa).toContain('網掛け');
    expect(result.errors[1]!.messageJa).toContain('取組');
    expect(result.plan.schedule[0]!.months).toEqual([5]);
  });

  it('reads 予定, a date or a count in a month cell as a planned month, reporting it; a cross or 0 plans nothing', () => {
    const { cells, put } = cellMap();
    put(1, 1, LABELS.schedule);
    FISCAL.forEach((m, k) => put(1, 2 + k, `${m}月`));
    put(2, 1, '会議');
    const written: [number, string][] = [[4, '予定'], [5, '5/20'], [6, '20日'], [7, '7月15日(水)'], [8, '2回'], [9, '1'], [10, '◆'], [11, '×'], [12, '0'], [1, '未定']];
    for (const [m, text] of written) put(2, 2 + FISCAL.indexOf(m as (typeof FISCAL)[number]), text);
    const sheet: ReadSheet = { name: 'S', rowCount: 2, colCount: 13, cells, merges: [] };
    const result = readPlanSheet(sheet, { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
    expect(result.plan.schedule[0]!.months).toEqual([4, 5, 6, 7, 8, 9, 10]);
    const noted = (ja: string) => result.notUnderstood.filter((n) => n.messageJa.includes(ja)).map((n) => n.text);
    expect(noted('予定のある月として')).toEqual(['予定', '5/20', '20日', '7月15日(水)', '2回', '1']);
    expect(noted('印として読めない')).toEqual(['×', '0', '未定']);
  });

  it('reads a month drawn two columns wide (上旬・下旬 under one header), 3月 included', () => {
    const { cells, put } = cellMap();
    put(1, 1, LABELS.schedule);
    const merges = FISCAL.map((m, k) => {
      put(1, 2 + 2 * k, `${m}月`);
      return { top: 1, left: 2 + 2 * k, bottom: 1, right: 3 + 2 * k };
    });
    put(2, 1, '会議');
    put(2, 4, '', true); // 5月 上旬 (4月 is columns 2–3, 5月 4–5…)
    put(2, 7, '', true); // 6月 下旬
    put(2, 25, '', true); // 3月 下旬: the last column of the grid, not outside it
    put(3, 1, '訪問');
    put(3, 11, '○'); // 8月 下旬
    const sheet: ReadSheet = { name: 'S', rowCount: 3, colCount: 25, cells, merges };
    const result = readPlanSheet(sheet, { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
    expect(result.errors).toEqual([]);
    expect(result.plan.schedule.map((r) => r.months)).toEqual([[5, 6, 3], [8]]);
  });

  it('reads the marks, not the fill, when the office painted every month cell as its input area', () => {
    const { cells, put } = cellMap();
    put(1, 1, LABELS.schedule);
    FISCAL.forEach((m, k) => put(1, 2 + k, `${m}月`));
    put(2, 1, '会議');
    put(3, 1, '訪問');
    put(4, 1, '周知');
    put(4, 2, '毎月'); // a 毎月 row, not painted, does not count against the input area
    FISCAL.forEach((m, k) => {
      put(2, 2 + k, m === 5 || m === 9 ? '○' : '', true);
      put(3, 2 + k, m === 1 ? '○' : '', true);
    });
    const painted: ReadSheet = { name: 'S', rowCount: 4, colCount: 13, cells, merges: [{ top: 4, left: 2, bottom: 4, right: 13 }] };
    const result = readPlanSheet(painted, { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
    expect(result.plan.schedule.map((r) => [r.timing, r.months])).toEqual([['months', [5, 9]], ['months', [1]], ['everyMonth', []]]);
    expect(result.notUnderstood.filter((n) => n.cell === 'S!B1').map((n) => n.messageJa)).toEqual([expect.stringContaining('印を予定の月として')]);
    // one month cell left unpainted: the fill is the plan again, marks or not
    cells.set('3:2', { text: '', shaded: false });
    expect(readPlanSheet(painted, { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' }).plan.schedule[0]!.months).toHaveLength(12);
  });

  it('finds last year’s efforts however the label spells the year and 取組, and notes a year that does not fit', () => {
    const sheetWith = (title: string, label: string): ReadSheet => {
      const { cells, put } = cellMap();
      put(1, 1, title);
      put(2, 1, label);
      put(2, 2, '・事業所を訪問した。\n・研修を開いた。');
      put(3, 1, LABELS.schedule);
      FISCAL.forEach((m, k) => put(3, 2 + k, `${m}月`));
      put(4, 1, '会議');
      put(4, 3, '', true);
      return { name: 'S', rowCount: 4, colCount: 13, cells, merges: [] };
    };
    const title = '令和8年度 ネットワーク強化に向けた計画案';
    for (const label of ['令和7年度の取組', '令和７年度の取り組み', '令和7年度の取組み', '2025年度の取組', '２０２５年度の取り組み', '前年度の取組', '昨年度の取り組み']) {
      const result = readPlanSheet(sheetWith(title, label), { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
      expect(result.plan.lastYearEfforts, label).toEqual(['事業所を訪問した。', '研修を開いた。']);
      // (the sections this small sheet lacks are noted without a cell)
      expect(result.notUnderstood.filter((n) => n.cell !== null), label).toEqual([]);
    }
    // another year, in either calendar: read, and noted at the label or the title
    for (const [t, label, cell] of [
      [title, '令和6年度の取組', 'S!A2'],
      [title, '2024年度の取り組み', 'S!A2'],
      ['2027年度 ネットワーク強化に向けた計画案', '2025年度の取組', 'S!A1'],
      ['令和9年度 ネットワーク強化に向けた計画案', '令和7年度の取組', 'S!A1'],
    ] as const) {
      const result = readPlanSheet(sheetWith(t, label), { wardId: 'aoba', fiscalYear: 2026, defaultTitle: 't' });
      expect(result.plan.lastYearEfforts, label).toEqual(['事業所を訪問した。', '研修を開いた。']);
      expect(result.notUnderstood.filter((n) => n.cell !== null).map((n) => n.cell), `${t} / ${label}`).toEqual([cell]);
    }
  });
});

/** The cells of a hand-made sheet for the reader, and a writer of them. */
function cellMap() {
  const cells = new Map<string, { text: string; shaded: boolean }>();
  const put = (r: number, c: number, text: string, shaded = false) => cells.set(`${r}:${c}`, { text, shaded });
  return { cells, put };
}

describe('xlsx export', () => {
  it('writes each demo plan with its texts, shaded months and print settings', async () => {
    for (const plan of demoPlans()) {
      const wb = await load(await planWorkbook(plan));
      const ws = wb.getWorksheet(PLAN_SHEET)!;
      expect(ws.getCell('A1').value).toBe(plan.title);
      for (const label of [LABELS.lastYearEfforts(2026), LABELS.findings(2026), LABELS.goals, LABELS.issueProblem, LABELS.issueActions, LABELS.notes]) {
        expect(findCell(ws, label), label).toBeDefined();
      }
      for (const t of [...plan.lastYearEfforts, ...plan.findings, ...plan.goals.map((g) => g.text)]) expect(findCell(ws, t), t).toBeDefined();
      for (const issue of plan.issues) {
        expect(findCell(ws, issue.problem)).toBeDefined();
        for (const a of issue.actions) expect(findCell(ws, a.text)).toBeDefined();
      }
      const headerRow = Number(findCell(ws, LABELS.schedule)!.row);
      const monthCol = new Map(FISCAL.map((m) => [m, Number(findCell(ws, `${m}月`)!.col)]));
      plan.schedule.forEach((row, i) => {
        const r = headerRow + 1 + i;
        expect(ws.getCell(r, 1).value).toBe(circled(i + 1));
        expect(ws.getCell(r, 2).value).toBe(row.title);
        if (row.timing === 'months') {
          const shaded = FISCAL.filter((m) => (ws.getCell(r, monthCol.get(m)!).fill as ExcelJS.FillPattern | undefined)?.pattern === 'solid');
          expect(shaded.sort((a, b) => a - b), row.title).toEqual([...row.months].sort((a, b) => a - b));
        } else {
          expect(ws.getCell(r, monthCol.get(4)!).value).toBe(row.timing === 'everyMonth' ? '毎月' : '随時');
          expect(ws.getCell(r, monthCol.get(3)!).isMerged).toBe(true);
        }
      });
      expect(ws.getCell(headerRow, 1).alignment?.wrapText).toBe(true);
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.fitToPage).toBe(true);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.fitToHeight).toBe(0);
      expect(ws.pageSetup.printTitlesRow).toBe('1:1');
      expect(ws.headerFooter.oddFooter).toContain('&P / &N');
      expect(ws.getColumn(2).width).toBeGreaterThan(30);
    }
  });

  it('adds the actuals sheet with marks when asked', async () => {
    const plan = demoPlans()[0]!;
    const row = plan.schedule[0]!;
    const actuals = new Map([[row.id, new Map([[row.months[0]!, '●']])]]);
    const wb = await load(await planWorkbook(plan, { actuals }));
    const ws = wb.getWorksheet(ACTUALS_SHEET)!;
    expect(findCell(ws, '●')).toBeDefined();
    // and the import still reads the plan sheet, not the actuals
    const back = await read(await planWorkbook(plan, { actuals }), plan);
    expect(back.sheet).toBe(PLAN_SHEET);
    expect(back.plan).toEqual(plan);
  });
});

describe('xlsx import', () => {
  it('gives back each demo plan exactly (round trip)', async () => {
    for (const plan of demoPlans()) {
      const back = await read(await planWorkbook(plan), plan);
      expect(back.errors).toEqual([]);
      expect(back.notUnderstood).toEqual([]);
      expect(back.plan).toEqual(plan);
    }
  });

  it('reads an office file: shifted columns, merged cells, another fill, full-width digits, bullets, blank rows', async () => {
    for (const gap of [0, 1, 3]) {
      const back = await read(await officeWorkbook({ gap }), OFFICE_FILE_PLAN);
      expect(back.errors).toEqual([]);
      expect(back.plan).toEqual(OFFICE_FILE_PLAN);
      // what came from where, and what was skipped
      expect(back.read.find((r) => r.path === '/schedule/0/months')!.cell).toMatch(/^R8計画!/);
      expect(back.notUnderstood.map((n) => n.messageJa).join()).toContain('番号だけ');
    }
  });

  it('takes any fill colour or pattern as a shaded month, but not a white fill', async () => {
    const fills: ExcelJS.Fill[] = [
      { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF92D050' } },
      { type: 'pattern', pattern: 'lightGray', fgColor: { argb: 'FF000000' } },
      { type: 'pattern', pattern: 'solid', fgColor: { theme: 4, tint: 0.6 } as unknown as ExcelJS.Color },
      { type: 'gradient', gradient: 'angle', degree: 0, stops: [{ position: 0, color: { argb: 'FFFF0000' } }, { position: 1, color: { argb: 'FF0000FF' } }] },
    ];
    for (const fill of fills) {
      const back = await read(await officeWorkbook({ fill }), OFFICE_FILE_PLAN);
      expect(back.plan.schedule.map((s) => [s.timing, s.months])).toEqual(OFFICE_FILE_PLAN.schedule.map((s) => [s.timing, s.months]));
    }
  });

  it('reads ○ marks as planned months and warns about a row with nothing planned', async () => {
    const bytes = await officeWorkbook({
      tweak: (ws, at) => {
        const r = at.scheduleRow + 1;
        for (let k = 0; k < 12; k++) ws.getCell(r, at.firstMonthCol + k).fill = { type: 'pattern', pattern: 'none' };
        ws.getCell(r, at.firstMonthCol).value = '○';
        ws.getCell(r + 5, 3).value = '予定を決めていない取組';
        ws.getCell(r + 5, 2).value = '５';
      },
    });
    const back = await read(bytes, OFFICE_FILE_PLAN);
    expect(back.plan.schedule[0]!.months).toEqual([4]);
    const last = back.plan.schedule.at(-1)!;
    expect(last).toMatchObject({ title: '予定を決めていない取組', timing: 'asNeeded' });
    expect(back.notUnderstood.some((n) => n.messageJa.includes('随時'))).toBe(true);
  });
});
