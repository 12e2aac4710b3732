/**
 * Display helpers: the fiscal year in the Japanese era, month labels in fiscal order, numbers and dates.
 * Month arithmetic itself comes from the server's pure core (one source of truth).
 */
import { FISCAL_MONTHS, eraFiscalYear, fiscalIndex, yearMonthOf } from '../../../server/core/fiscal-year';
import { i18n } from './i18n/index.svelte';

export { FISCAL_MONTHS, yearMonthOf };

/** 令和8年度 (2026) / FY2026 */
export function fiscalYearLabel(fy: number, withGregorian = true): string {
  if (i18n.lang === 'en') return `FY${fy}`;
  return withGregorian ? `${eraFiscalYear(fy)}(${fy})` : eraFiscalYear(fy);
}

export function eraLabel(fy: number): string {
  return eraFiscalYear(fy);
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 5月 / May */
export function monthLabel(month: number): string {
  return i18n.lang === 'en' ? EN_MONTHS[month - 1]! : `${month}月`;
}

/** ①②… for a 0-based position (the documents number issues and rows this way). */
export function circled(index: number): string {
  const n = index + 1;
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return `(${n})`;
}

/** 2026-05-12 → 2026年5月12日 / 12 May 2026 */
export function dateLabel(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return i18n.lang === 'en' ? `${d} ${EN_MONTHS[m - 1]} ${y}` : `${y}年${m}月${d}日`;
}

/** A timestamp in Japan time: 2026年5月12日 14:03 */
export function dateTimeLabel(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  const jst = new Date(t.getTime() + 9 * 3600_000);
  const hh = String(jst.getUTCHours()).padStart(2, '0');
  const mm = String(jst.getUTCMinutes()).padStart(2, '0');
  return `${dateLabel(jst.toISOString())} ${hh}:${mm}`;
}

export function percentLabel(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${p.toFixed(1)}%`;
}

/**
 * Cells of a late-work list, oldest month first (fiscal order), plan order kept within a month. The
 * roll-up lists them by plan row; read as a to-do list, and cut to its first few on a ward card, the
 * oldest must come first.
 */
export function oldestFirst<T extends { month: number }>(cells: readonly T[]): T[] {
  return [...cells].sort((a, b) => fiscalIndex(a.month) - fiscalIndex(b.month));
}
