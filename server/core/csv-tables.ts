/**
 * The CSV tables (schedule, progress records, roll-up) as rows of text, and the CSV text itself: RFC 4180
 * quoting with CRLF line ends, which Excel on Japanese Windows opens as it should. Encoding (UTF-8 with a
 * byte-order mark, or Windows-31J) is the adapter's job (server/formats/csv.ts). Pure.
 */
import type { Plan, PlanContent, ProgressRecord, Rollup } from '../../schemas/types.js';
import type { Catalog } from './catalog.js';
import { findMeetingType, findWard } from './catalog.js';
import { FISCAL_MONTHS } from './fiscal-year.js';
import { LABELS, circled } from './plan-layout.js';

export type CsvTable = string[][];

export const STATUS_JA: Record<string, string> = { done: '実施', partial: '一部実施', postponed: '延期', notDone: '未実施', cancelled: '中止' };
export const HEALTH_JA: Record<string, string> = { onTrack: '順調', watch: '注意', behind: '遅れ', none: '対象なし' };

/**
 * A text Excel would run as a formula (=, +, -, @, tab, CR first: CSV injection) gets a leading
 * apostrophe, as OWASP advises; so does a text that already starts with one, so that parseCsv can take
 * exactly one off again and every text comes back as it was.
 */
const FORMULA_START = /^['=+\-@\t\r]/;

function field(raw: string): string {
  const value = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function unguard(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** CSV text: every field quoted when it must be, CRLF after every line (the last one too). */
export function csvText(table: CsvTable): string {
  return table.map((row) => row.map(field).join(',') + '\r\n').join('');
}

/** Parses CSV text as written by csvText (and by Excel): quoted fields, doubled quotes, CRLF or LF; the formula guard taken off. */
export function parseCsv(text: string): CsvTable {
  const rows: CsvTable = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    }
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur || row.length) rows.push([...row, cur]);
  return rows.map((r) => r.map(unguard));
}

/** The schedule: one line per row, a column per month with 予定 where planned (毎月 / 随時 as written). */
export function scheduleTable(plan: PlanContent): CsvTable {
  const head = ['番号', LABELS.schedule, '実施時期', ...FISCAL_MONTHS.map(LABELS.month)];
  return [
    head,
    ...plan.schedule.map((row, i) => {
      const planned = new Set(row.timing === 'everyMonth' ? FISCAL_MONTHS : row.months);
      const timing = row.timing === 'everyMonth' ? LABELS.everyMonth : row.timing === 'asNeeded' ? LABELS.asNeeded : '';
      return [circled(i + 1), row.title, timing, ...FISCAL_MONTHS.map((m) => (planned.has(m) ? '予定' : ''))];
    }),
  ];
}

/** The progress records, one line each, in schedule and fiscal-month order; the ward's own fields last. */
export function progressTable(plan: Plan, records: ProgressRecord[], catalog: Catalog): CsvTable {
  const ward = findWard(catalog, plan.wardId);
  const rowIndex = new Map(plan.schedule.map((r, i) => [r.id, i]));
  const sorted = [...records].sort(
    (a, b) => (rowIndex.get(a.rowId) ?? 1e9) - (rowIndex.get(b.rowId) ?? 1e9) || FISCAL_MONTHS.indexOf(a.month) - FISCAL_MONTHS.indexOf(b.month),
  );
  // The ward's extra fields, labelled as its plugin labels them.
  const extraLabels = new Map<string, string>();
  for (const rec of sorted) {
    const row = plan.schedule[rowIndex.get(rec.rowId) ?? -1];
    const mt = row?.meetingTypeId ? findMeetingType(catalog, plan.wardId, row.meetingTypeId) : undefined;
    const props = (mt?.progressFields as { properties?: Record<string, { 'x-label'?: { ja?: string } }> } | undefined)?.properties ?? {};
    for (const key of Object.keys(rec.extra ?? {})) if (!extraLabels.has(key)) extraLabels.set(key, props[key]?.['x-label']?.ja ?? key);
  }
  const keys = [...extraLabels.keys()];
  const head = [catalog.city.unitName.ja, '年度', '番号', '取組', '月', '予定', '状況', '実施日', '参加者数', 'メモ', ...keys.map((k) => extraLabels.get(k)!)];
  return [
    head,
    ...sorted.map((rec) => {
      const i = rowIndex.get(rec.rowId);
      const row = i === undefined ? undefined : plan.schedule[i];
      const planned = row ? (row.timing === 'everyMonth' ? true : row.timing === 'months' && row.months.includes(rec.month)) : false;
      return [
        ward?.name.ja ?? plan.wardId,
        String(plan.fiscalYear),
        i === undefined ? '' : circled(i + 1),
        row?.title ?? rec.rowId,
        LABELS.month(rec.month),
        row?.timing === 'asNeeded' ? LABELS.asNeeded : planned ? '予定' : '予定外',
        STATUS_JA[rec.status] ?? rec.status,
        rec.heldOn ?? '',
        rec.attendance === null ? '' : String(rec.attendance),
        rec.note,
        ...keys.map((k) => {
          const v = rec.extra?.[k];
          return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        }),
      ];
    }),
  ];
}

/** The roll-up: one line per ward, then the city. */
export function rollupTable(rollup: Rollup, catalog: Catalog): CsvTable {
  const head = [catalog.city.unitName.ja, '基準月', '予定', '実施', '一部実施', '中止', '達成率(%)', '状況', '遅れ', '予定外の実施', '部会への報告'];
  const pct = (p: number | null) => (p === null ? '' : String(p));
  return [
    head,
    ...rollup.wards.map((w) => [
      findWard(catalog, w.wardId)?.name.ja ?? w.wardId,
      rollup.asOf,
      String(w.due),
      String(w.done),
      String(w.partial),
      String(w.cancelled),
      pct(w.percent),
      HEALTH_JA[w.health] ?? w.health,
      String(w.overdue.length),
      String(w.unplanned.length),
      String(w.escalated),
    ]),
    ['市全体', rollup.asOf, String(rollup.city.due), String(rollup.city.done), String(rollup.city.partial), String(rollup.city.cancelled), pct(rollup.city.percent), '', '', '', ''],
  ];
}
