/**
 * Hand-made workbooks "as a ward office writes them": the official layout but not this app's export —
 * shifted columns, merged cells, another fill, full-width digits, bullets in one cell, blank rows.
 * Used by the unit and API tests of the import.
 */
import ExcelJS from 'exceljs';
import type { PlanContent } from '../../schemas/types.js';

export interface OfficeFileOptions {
  /** Fill of a planned month (default: a yellow dark-grid pattern). */
  fill?: ExcelJS.Fill;
  /** Extra empty rows between the parts. */
  gap?: number;
  /** Mutate the sheet after it is drawn (bad-input cases). */
  tweak?: (ws: ExcelJS.Worksheet, at: { scheduleRow: number; firstMonthCol: number }) => void;
}

export const OFFICE_FILE_PLAN: PlanContent = {
  wardId: 'aoba',
  fiscalYear: 2026,
  title: '令和8年度 指定特定相談支援事業所と関係機関のネットワーク強化に向けた計画案(青葉区障害者自立支援協議会)',
  status: 'draft',
  lastYearEfforts: ['事業所へのヒアリングを実施した。', '連絡会議で事例検討の方法を検討した。'],
  findings: ['新しい事業所は相談先がないと感じている。'],
  goals: [
    { id: 'g1', text: '相談員同士が相談し合える関係を作る。' },
    { id: 'g2', text: '他機関と顔の見える関係を作る。' },
  ],
  issues: [
    {
      id: 'i1',
      problem: '新規事業所が参加しやすい場が必要である。',
      actions: [
        { text: 'ちょこっとケースレビューを行う。', meetingTypeId: null },
        { text: '新規事業所向けの連絡会を開く。', meetingTypeId: null },
      ],
      remarks: '委託と協力する。',
    },
    { id: 'i2', problem: '他機関との情報交換の場が必要である。', actions: [{ text: '包括と共催する。', meetingTypeId: null }], remarks: '' },
  ],
  schedule: [
    { id: 'r1', title: 'ケースレビューの実施', issueId: null, meetingTypeId: null, timing: 'months', months: [6, 8, 10, 12, 2] },
    { id: 'r2', title: '包括への周知(毎月)', issueId: null, meetingTypeId: null, timing: 'everyMonth', months: [] },
    { id: 'r3', title: '新規事業所への訪問(随時)', issueId: null, meetingTypeId: null, timing: 'asNeeded', months: [] },
    { id: 'r4', title: '次年度計画の検討', issueId: null, meetingTypeId: null, timing: 'months', months: [2, 3] },
  ],
  notes: '・訪問は委託と二人で行う。\n・記録は運営会議に報告する。',
};

const MONTHS_FW = ['４月', '５月', '６月', '７月', '８月', '９月', '１０月', '１１月', '１２月', '１月', '２月', '３月'];
const FISCAL = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

/** The office file of OFFICE_FILE_PLAN: labels one column to the right, title merged, bullets in one cell. */
export async function officeWorkbook(options: OfficeFileOptions = {}): Promise<Buffer> {
  const p = OFFICE_FILE_PLAN;
  const gap = options.gap ?? 1;
  const fill: ExcelJS.Fill = options.fill ?? { type: 'pattern', pattern: 'darkGrid', fgColor: { argb: 'FFFFFF00' }, bgColor: { argb: 'FFFFC000' } };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('R8計画');
  // A whole-sheet white fill, as some offices paint their forms: not a planned month.
  ws.getCell('A1').value = '区障害者自立支援協議会における';
  ws.mergeCells('B2:R2');
  ws.getCell('B2').value = p.title;
  let r = 3 + gap;
  ws.getCell(r, 2).value = '令和７年度の取組';
  ws.getCell(r, 4).value = p.lastYearEfforts.map((t) => `・${t}`).join('\n');
  ws.mergeCells(r, 4, r, 18);
  r += 1;
  ws.getCell(r, 2).value = '令和７年度の取組を通じて明らかになったこと';
  ws.getCell(r, 4).value = p.findings[0]!;
  r += 1 + gap;
  ws.getCell(r, 2).value = '目 標';
  ws.getCell(r, 3).value = '①'; // numbered in a cell of its own
  ws.getCell(r, 4).value = p.goals[0]!.text;
  ws.getCell(r + 1, 4).value = p.goals[1]!.text;
  ws.mergeCells(r, 2, r + 1, 2);
  r += 2 + gap;
  ws.getCell(r, 3).value = '目標達成に向け解決すべき課題';
  ws.getCell(r, 4).value = '課題解決のための取組';
  ws.getCell(r, 5).value = '備考';
  r += 1;
  // issue ①: number and problem merged over two rows, one action per row; ②: actions as bullets in one cell
  ws.getCell(r, 2).value = '①';
  ws.getCell(r, 3).value = p.issues[0]!.problem;
  ws.getCell(r, 4).value = p.issues[0]!.actions[0]!.text;
  ws.getCell(r + 1, 4).value = p.issues[0]!.actions[1]!.text;
  ws.getCell(r, 5).value = p.issues[0]!.remarks;
  ws.mergeCells(r, 2, r + 1, 2);
  ws.mergeCells(r, 3, r + 1, 3);
  ws.mergeCells(r, 5, r + 1, 5);
  r += 2;
  ws.getCell(r, 2).value = '②';
  ws.getCell(r, 3).value = p.issues[1]!.problem;
  ws.getCell(r, 4).value = p.issues[1]!.actions[0]!.text;
  r += 1 + gap + 1;
  const scheduleRow = r;
  ws.getCell(r, 2).value = '課題解決のための取組に係る作業手順・スケジュール';
  ws.mergeCells(r, 2, r, 5);
  const firstMonthCol = 7;
  MONTHS_FW.forEach((m, k) => (ws.getCell(r, firstMonthCol + k).value = m));
  r += 1;
  p.schedule.forEach((row, i) => {
    ws.getCell(r, 2).value = String.fromCharCode(0xff11 + i); // full-width 1, 2, …
    ws.getCell(r, 3).value = row.title;
    ws.mergeCells(r, 3, r, 5);
    if (row.timing === 'everyMonth') {
      ws.mergeCells(r, firstMonthCol, r, firstMonthCol + 11);
      ws.getCell(r, firstMonthCol).value = '毎 月';
      ws.getCell(r, firstMonthCol).fill = fill;
    } else if (row.timing === 'asNeeded') {
      ws.mergeCells(r, firstMonthCol, r, firstMonthCol + 11);
      ws.getCell(r, firstMonthCol).value = '随時';
    } else {
      FISCAL.forEach((m, k) => {
        const cell = ws.getCell(r, firstMonthCol + k);
        cell.fill = row.months.includes(m) ? fill : { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFFF' } };
      });
    }
    r += 1;
    if (i === 1) r += gap; // a blank row inside the grid
  });
  // an empty numbered row, as the form has spare lines
  ws.getCell(r, 2).value = '⑥';
  r += 1 + gap;
  ws.getCell(r, 2).value = 'その他計画案に関する特記事項';
  ws.getCell(r + 1, 2).value = p.notes;
  ws.mergeCells(r + 1, 2, r + 1, 18);
  options.tweak?.(ws, { scheduleRow, firstMonthCol });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
