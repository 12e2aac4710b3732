/** The as-of months a chair can pick, the default one, and the subcommittee's next meeting. */
import { FISCAL_MONTHS, currentYearMonth, fiscalIndex, fiscalYearOfDate, parseYearMonth, yearMonthOf } from '../../../../server/core/fiscal-year';

export function asOfOptions(fiscalYear: number): string[] {
  return FISCAL_MONTHS.map((m) => yearMonthOf(fiscalYear, m));
}

/** The query's month when it lies in the year; else this month when in the year; else the year's last (past) or first (future) month. */
export function defaultAsOf(fiscalYear: number, fromQuery: string | null, now: string = currentYearMonth()): string {
  const options = asOfOptions(fiscalYear);
  if (fromQuery && options.includes(fromQuery)) return fromQuery;
  if (options.includes(now)) return now;
  const n = parseYearMonth(now)!;
  return fiscalYearOfDate(n.year, n.month) > fiscalYear ? options[11]! : options[0]!;
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
