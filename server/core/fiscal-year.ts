/**
 * Month arithmetic of the Japanese fiscal year (April–March) and the era names the documents use.
 * Months are the calendar months as printed in the schedule grid: 4 … 12, 1, 2, 3.
 */

/** The twelve months in fiscal order, as the grid prints them. */
export const FISCAL_MONTHS: readonly number[] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

/** Position of a calendar month in the fiscal year: April → 0 … March → 11. */
export function fiscalIndex(month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month out of range: ${month}`);
  return (month + 8) % 12;
}

/** Calendar year of a month of fiscal year `fiscalYear`: April–December in that year, January–March in the next. */
export function calendarYearOf(fiscalYear: number, month: number): number {
  return month >= 4 ? fiscalYear : fiscalYear + 1;
}

/** "YYYY-MM" of a month of a fiscal year. */
export function yearMonthOf(fiscalYear: number, month: number): string {
  return `${calendarYearOf(fiscalYear, month)}-${String(month).padStart(2, '0')}`;
}

/** The fiscal year a calendar date falls in. */
export function fiscalYearOfDate(year: number, month: number): number {
  return month >= 4 ? year : year - 1;
}

export interface ParsedYearMonth {
  year: number;
  month: number;
}

export function parseYearMonth(value: string): ParsedYearMonth | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

/**
 * How many fiscal months of `fiscalYear` have begun by the as-of month (inclusive): 0 before the year,
 * 12 after it. The due cells of a plan are its planned cells whose fiscal index is below this number.
 */
export function monthsElapsed(fiscalYear: number, asOf: ParsedYearMonth): number {
  const asOfFiscalYear = fiscalYearOfDate(asOf.year, asOf.month);
  if (asOfFiscalYear < fiscalYear) return 0;
  if (asOfFiscalYear > fiscalYear) return 12;
  return fiscalIndex(asOf.month) + 1;
}

/** Whether an ISO date (YYYY-MM-DD) lies in the given month of the fiscal year. */
export function dateInFiscalMonth(isoDate: string, fiscalYear: number, month: number): boolean {
  return isoDate.slice(0, 7) === yearMonthOf(fiscalYear, month);
}

/** Whether an ISO date (YYYY-MM-DD) lies in the fiscal year (1 April – 31 March). */
export function dateInFiscalYear(isoDate: string, fiscalYear: number): boolean {
  return isoDate >= `${fiscalYear}-04-01` && isoDate <= `${fiscalYear + 1}-03-31`;
}

/** First Reiwa year is 2019. */
const REIWA_START = 2019;

/** 令和N年度 (令和元年度 for 2019). */
export function eraFiscalYear(fiscalYear: number): string {
  const n = fiscalYear - REIWA_START + 1;
  if (n < 1) return `${fiscalYear}年度`;
  return `令和${n === 1 ? '元' : n}年度`;
}

/**
 * The fiscal year a text names first, in the era (令和8年度, 令和元年度) or in the Western calendar
 * (2026年度), or null. Half-width digits: normalize (NFKC) first.
 */
export function fiscalYearNamed(text: string): number | null {
  const m = /令和(\d+|元)年度|(\d{4})年度/.exec(text);
  if (!m) return null;
  return m[2] !== undefined ? Number(m[2]) : REIWA_START - 1 + (m[1] === '元' ? 1 : Number(m[1]));
}

/** The short form used in tables: R8. */
export function eraShort(fiscalYear: number): string {
  return `R${fiscalYear - REIWA_START + 1}`;
}

/** The current month as YYYY-MM, in Japan's time zone (the offices' clock, whatever the server's). */
export function currentYearMonth(now: Date = new Date()): string {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  return `${jst.getUTCFullYear()}-${String(jst.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Today's date as YYYY-MM-DD, in Japan's time zone (what "never in the future" is measured against). */
export function currentDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** The fiscal year that contains `now` (Japan time). */
export function currentFiscalYear(now: Date = new Date()): number {
  const ym = parseYearMonth(currentYearMonth(now))!;
  return fiscalYearOfDate(ym.year, ym.month);
}

/**
 * Which month a page about a fiscal year opens on when the link names none (the month page, the
 * subcommittee view's as-of month, the agenda API):
 * - while the year runs: this month;
 * - after the year: its last month, March;
 * - before the year has begun: its first month, April (for the as-of month the caller keeps today's
 *   month, outside the year, so that nothing counts as due yet).
 */
export type YearPhase = 'before' | 'during' | 'after';

export interface DefaultMonth {
  /** where today stands relative to the fiscal year */
  phase: YearPhase;
  /** the calendar month (4 … 12, 1 … 3) of the fiscal year to open on */
  month: number;
  /** today's month, YYYY-MM (Japan time) */
  now: string;
}

/** `now` is YYYY-MM (default: this month in Japan); anything else throws a RangeError. */
export function defaultMonth(fiscalYear: number, now: string = currentYearMonth()): DefaultMonth {
  const today = parseYearMonth(now);
  if (!today) throw new RangeError(`not a YYYY-MM month: ${now}`);
  const fy = fiscalYearOfDate(today.year, today.month);
  if (fy === fiscalYear) return { phase: 'during', month: today.month, now };
  return fy > fiscalYear ? { phase: 'after', month: 3, now } : { phase: 'before', month: 4, now };
}

/**
 * The as-of month a roll-up of a fiscal year opens on (GET /api/rollup, the subcommittee view): the
 * last finished month while the year runs, so that a meeting pack printed in November is not called late
 * for November's meetings still to come (the month in progress is shown apart); in April, when no month
 * of the year is finished, April itself (nothing of it is overdue yet). After the year: March. Before
 * it: today's month (nothing due yet). `now` is YYYY-MM.
 */
export function defaultAsOfMonth(fiscalYear: number, now: string): string {
  const d = defaultMonth(fiscalYear, now);
  if (d.phase === 'before') return now;
  if (d.phase === 'after') return yearMonthOf(fiscalYear, 3);
  const i = fiscalIndex(d.month);
  return yearMonthOf(fiscalYear, FISCAL_MONTHS[Math.max(0, i - 1)]!);
}

/** Days in a calendar month (February of a leap year: 29). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' of the first and the last day of month `month` (1–12) of fiscal year `fiscalYear`. */
export function monthDates(fiscalYear: number, month: number): { first: string; last: string } {
  const year = calendarYearOf(fiscalYear, month);
  const mm = String(month).padStart(2, '0');
  return { first: `${year}-${mm}-01`, last: `${year}-${mm}-${String(daysInMonth(year, month)).padStart(2, '0')}` };
}
