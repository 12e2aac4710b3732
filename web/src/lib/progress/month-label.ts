/** Month labels with their calendar year, in Japanese convention: 2026年10月 / October 2026. */
import { calendarYearOf } from '../../../../server/core/fiscal-year';
import { i18n } from '../i18n/index.svelte';

const EN_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function yearMonthLabel(fiscalYear: number, month: number): string {
  const year = calendarYearOf(fiscalYear, month);
  return i18n.lang === 'en' ? `${EN_FULL[month - 1]} ${year}` : `${year}年${month}月`;
}

/** "2026-10" → 2026年10月 / October 2026 */
export function isoMonthLabel(yearMonth: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return i18n.lang === 'en' ? `${EN_FULL[m - 1]} ${y}` : `${y}年${m}月`;
}
