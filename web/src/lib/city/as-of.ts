/** The as-of months a chair can pick, the default one, and the subcommittee's next meeting. Pure. */
import { FISCAL_MONTHS, currentYearMonth, fiscalIndex, fiscalYearOfDate, parseYearMonth, yearMonthOf } from '../../../../server/core/fiscal-year.js';
import { defaultAsOfMonth, defaultMonth } from '../../../../server/core/fiscal-year.js';

/**
 * The twelve months of the year (April … March, YYYY-MM); before the year has begun, today's month comes
 * first: as of today nothing of the year is due yet (the roll-up then reports 対象なし / nothing due).
 */
export function asOfOptions(fiscalYear: number, now: string = currentYearMonth()): string[] {
  const months = FISCAL_MONTHS.map((m) => yearMonthOf(fiscalYear, m));
  return defaultMonth(fiscalYear, now).phase === 'before' ? [now, ...months] : months;
}

/** Whether an as-of month (YYYY-MM) lies before the fiscal year's April. */
export function isBeforeYear(fiscalYear: number, asOf: string): boolean {
  const m = parseYearMonth(asOf);
  return !!m && fiscalYearOfDate(m.year, m.month) < fiscalYear;
}

/**
 * The query's month when it is one of the options; else the default as-of month of the year
 * (`defaultAsOfMonth` in the core): the last finished month while the year runs, March after it, and
 * today's month — before the year — when it has not begun.
 */
export function defaultAsOf(fiscalYear: number, fromQuery: string | null, now: string = currentYearMonth()): string {
  if (fromQuery && asOfOptions(fiscalYear, now).includes(fromQuery)) return fromQuery;
  return defaultAsOfMonth(fiscalYear, now);
}

export interface CalendarEntry {
  id: string;
  month: number;
  kind: 'meeting' | 'report';
}

/** The id of the next calendar entry from today (this month included); null when the year is over. */
export function nextEntryId(fiscalYear: number, entries: CalendarEntry[], now: string = currentYearMonth()): string | null {
  const n = parseYearMonth(now)!;
  const nowFy = fiscalYearOfDate(n.year, n.month);
  if (nowFy > fiscalYear) return null;
  const from = nowFy < fiscalYear ? 0 : fiscalIndex(n.month);
  const sorted = [...entries].sort((a, b) => fiscalIndex(a.month) - fiscalIndex(b.month));
  return sorted.find((e) => fiscalIndex(e.month) >= from)?.id ?? null;
}
