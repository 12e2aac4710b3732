/** Plugin metrics as text: ratios are fractions (0.56) shown as percents; baselines by year. */
import type { RollupMetric } from '../../../../schemas/types';
import { eraShort } from '../../../../server/core/fiscal-year';
import { i18n } from '../i18n/index.svelte';

export function metricValueText(value: number | null | undefined, format: RollupMetric['format']): string {
  if (value === null || value === undefined) return '—';
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? value.toLocaleString('ja-JP') : value.toFixed(2);
}

/** "R6 45.0% → R7 53.0%" (FY2024 45.0% → FY2025 53.0% in English), oldest first. */
export function baselineText(metric: RollupMetric): string {
  const entries = Object.entries(metric.baseline ?? {})
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  return entries.map(([year, v]) => `${i18n.lang === 'ja' ? eraShort(Number(year)) : `FY${year}`} ${metricValueText(v, metric.format)}`).join(' → ');
}
