/** Where the exports and prints are: one place for the URLs the menus and pages use. */
export const planLinks = (planId: string, wardId: string, fiscalYear: number) => ({
  print: `/plans/${wardId}/${fiscalYear}/print`,
  printActuals: `/plans/${wardId}/${fiscalYear}/print?actuals=1`,
  xlsx: `/api/plans/${encodeURIComponent(planId)}/export.xlsx`,
  xlsxActuals: `/api/plans/${encodeURIComponent(planId)}/export.xlsx?actuals=true`,
  scheduleCsv: (sjis = false) => `/api/plans/${encodeURIComponent(planId)}/schedule.csv${sjis ? '?encoding=shift_jis' : ''}`,
  progressCsv: (sjis = false) => `/api/plans/${encodeURIComponent(planId)}/progress.csv${sjis ? '?encoding=shift_jis' : ''}`,
  import: `/plans/${wardId}/${fiscalYear}/import`,
});

export const cityLinks = (fiscalYear: number, asOf: string) => ({
  pack: `/city/${fiscalYear}/pack?asOf=${asOf}`,
  rollupCsv: (sjis = false) => `/api/rollup.csv?fiscalYear=${fiscalYear}&asOf=${asOf}${sjis ? '&encoding=shift_jis' : ''}`,
  cityXlsx: `/api/rollup.xlsx?fiscalYear=${fiscalYear}&asOf=${asOf}`,
});

/** Today as the print shows it: 2026年11月29日 / 29 Nov 2026. */
export function todayLabel(lang: 'ja' | 'en', now = new Date()): string {
  return lang === 'ja'
    ? `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`
    : now.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
