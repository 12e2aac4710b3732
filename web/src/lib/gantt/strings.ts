/** Every text the chart shows, per language. No frappe-gantt text (Today, Mode, English months) is used. */
import type { ProgressStatus } from '../../../../schemas/types.js';

export type Lang = 'ja' | 'en';

export interface GanttStrings {
  status: Readonly<Record<ProgressStatus, string>>;
  everyMonth: string;
  asNeeded: string;
  /** text inside the dashed band of an as-needed row */
  asNeededBand: string;
  noIssue: string;
  taskColumn: string;
  legendIssues: string;
  legendStatus: string;
  legendOther: string;
  legendAsNeeded: string;
  legendProgressFill: string;
  legendToday: (month: string) => string;
  legendUnplanned: string;
  legendOverdue: string;
  legendLateDone: string;
  legendFuture: string;
  legendKeys: string;
  lateDone: string;
  overdue: string;
  thisMonth: string;
  future: string;
  /** grid cell text: '6月 計画・遅れ' */
  cellPair: (month: string, state: string) => string;
  stateSep: string;
  gridLabel: (era: string) => string;
  printedOn: (date: Date) => string;
  planned: string;
  notPlanned: string;
  notRecorded: string;
  progress: string;
  issue: string;
  record: string;
  noRows: string;
  tableCaption: (era: string) => string;
  tableHeaders: readonly [string, string, string, string, string];
  summary: (era: string, rows: number, groups: number, todayMonth: string | null) => string;
  /** '2 / 3 か月' */
  /** a bar's progress: score of the due (not cancelled) months; cancelled months are named apart */
  progressText: (score: number, due: number, percent: number, cancelled: number) => string;
  /** list separators */
  listSep: string;
  rangeSep: string;
  statusPair: (month: string, status: string) => string;
  recordSep: string;
}

function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export const STRINGS: Readonly<Record<Lang, GanttStrings>> = {
  ja: {
    status: { done: '実施', partial: '一部実施', postponed: '延期', notDone: '未実施', cancelled: '中止' },
    everyMonth: '毎月',
    asNeeded: '随時',
    asNeededBand: '随時',
    noIssue: '課題なし',
    taskColumn: '作業手順',
    legendIssues: '課題',
    legendStatus: '実績',
    legendOther: '見方',
    legendAsNeeded: '随時（必要に応じて実施）',
    legendProgressFill: 'バーの濃い部分：計画した月のうち実施できた割合（一部実施は半分と数え、中止した月は数えません）',
    legendToday: (month) => `今月（${month}）：実施中の月。記録がなくても、まだ遅れではありません`,
    legendUnplanned: '点線の丸：計画していない月に記録された実績',
    legendOverdue: '斜線と「！」：計画した月が過ぎたのに、記録がありません（遅れ）',
    legendLateDone: '二重丸の「✓」：計画した月より後に実施しました（遅れて実施）',
    legendFuture: '印のないバー：これからの予定（色は課題ごと）',
    legendKeys: '操作：図の中で矢印キーで月と行を移動し、Enter でその月の記録を開きます。',
    lateDone: '遅れて実施',
    overdue: '遅れ（記録なし）',
    thisMonth: '今月（まだ記録なし）',
    future: 'これから',
    cellPair: (month, state) => `${month} ${state}`,
    stateSep: '・',
    gridLabel: (era) => `${era} 作業手順・スケジュール（ガントチャート）`,
    printedOn: (d) => `印刷日：${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`,
    planned: '計画',
    notPlanned: '計画外',
    notRecorded: '未記録',
    progress: '進捗',
    issue: '課題',
    record: '実績',
    noRows: 'スケジュールの行がありません。',
    tableCaption: (era) => `${era} 作業手順・スケジュール`,
    tableHeaders: ['番号', '作業手順', '課題', '計画', '実績'],
    summary: (era, rows, groups, todayMonth) =>
      `${era}の作業スケジュール（ガントチャート）。4月から翌年3月まで、${rows}行` +
      (groups > 0 ? `、課題${groups}件で色分け` : '') +
      (todayMonth ? `。今月は${todayMonth}` : '') +
      '。各行の計画月と実績は、この図に続く表にあります。',
    progressText: (score, due, percent, cancelled) =>
      due > 0 ? `${trimNumber(score)} / ${due} か月（${percent}%）${cancelled ? `・中止 ${cancelled} か月を除く` : ''}` : `すべて中止（${cancelled} か月）`,
    listSep: '・',
    rangeSep: '～',
    statusPair: (month, status) => `${month} ${status}`,
    recordSep: '、',
  },
  en: {
    status: { done: 'Done', partial: 'Partly done', postponed: 'Postponed', notDone: 'Not done', cancelled: 'Cancelled' },
    everyMonth: 'Every month',
    asNeeded: 'As needed',
    asNeededBand: 'As needed',
    noIssue: 'No issue',
    taskColumn: 'Task',
    legendIssues: 'Issues',
    legendStatus: 'Recorded',
    legendOther: 'Key',
    legendAsNeeded: 'As needed (no fixed month)',
    legendProgressFill: 'Darker part of a bar: the share of its planned months that was carried out (a partly done month counts as half; cancelled months are left out)',
    legendToday: (month) => `This month (${month}): in progress — not late even if nothing is recorded yet`,
    legendUnplanned: 'Dotted circle: a record in a month that was not planned',
    legendOverdue: 'Stripes and “!”: the planned month has passed and nothing is recorded (late)',
    legendLateDone: 'Double circle with “✓”: carried out after the planned month (done late)',
    legendFuture: 'Bar without a mark: still to come (colour by issue)',
    legendKeys: 'Keyboard: in the chart, arrow keys move between months and rows; Enter opens that month’s record.',
    lateDone: 'done late',
    overdue: 'Late (nothing recorded)',
    thisMonth: 'This month (not recorded yet)',
    future: 'To come',
    cellPair: (month, state) => `${month}: ${state}`,
    stateSep: ', ',
    gridLabel: (era) => `${era} work schedule (Gantt chart)`,
    printedOn: (d) => `Printed ${d.getDate()} ${MONTHS_EN[d.getMonth()]} ${d.getFullYear()}`,
    planned: 'Planned',
    notPlanned: 'Not planned',
    notRecorded: 'Not recorded',
    progress: 'Progress',
    issue: 'Issue',
    record: 'Recorded',
    noRows: 'This schedule has no rows.',
    tableCaption: (era) => `${era} work schedule`,
    tableHeaders: ['No.', 'Task', 'Issue', 'Planned', 'Recorded'],
    summary: (era, rows, groups, todayMonth) =>
      `Gantt chart of the ${era} work schedule, April to March: ${rows} row${rows === 1 ? '' : 's'}` +
      (groups > 0 ? `, coloured by ${groups} issue${groups === 1 ? '' : 's'}` : '') +
      (todayMonth ? `. The current month is ${todayMonth}` : '') +
      '. The planned months and records of each row are in the table that follows.',
    progressText: (score, due, percent, cancelled) =>
      due > 0
        ? `${trimNumber(score)} of ${due} month${due === 1 ? '' : 's'} (${percent}%)${cancelled ? `; ${cancelled} cancelled, not counted` : ''}`
        : `all cancelled (${cancelled} month${cancelled === 1 ? '' : 's'})`,
    listSep: ', ',
    rangeSep: '–',
    statusPair: (month, status) => `${month}: ${status}`,
    recordSep: '; ',
  },
};

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Column label of a calendar month (1–12): '4月' / 'Apr'. */
export function monthLabel(month: number, lang: Lang): string {
  if (lang === 'ja') return `${month}月`;
  return MONTHS_EN[(month - 1 + 12) % 12] ?? String(month);
}

/**
 * The fiscal year in the Japanese era: FY2026 → 令和8年度, FY2019 → 令和元年度, FY2018 → 平成30年度
 * (a fiscal year is named after the era in force on its first day, April 1; Reiwa began May 1 2019 but
 * FY2019 is officially 令和元年度). English: 'FY2026'.
 */
export function fiscalYearLabel(fiscalYear: number, lang: Lang): string {
  if (lang === 'en') return `FY${fiscalYear}`;
  const era = (name: string, first: number): string => {
    const n = fiscalYear - first + 1;
    return `${name}${n === 1 ? '元' : n}年度`;
  };
  if (fiscalYear >= 2019) return era('令和', 2019);
  if (fiscalYear >= 1989) return era('平成', 1989);
  return `${fiscalYear}年度`;
}

/** The chart's upper header: '令和8年度（2026年4月～2027年3月）' / 'FY2026 (Apr 2026 – Mar 2027)'. */
export function headerLabel(fiscalYear: number, lang: Lang): string {
  if (lang === 'en') return `FY${fiscalYear} (Apr ${fiscalYear} – Mar ${fiscalYear + 1})`;
  return `${fiscalYearLabel(fiscalYear, 'ja')}（${fiscalYear}年4月～${fiscalYear + 1}年3月）`;
}
