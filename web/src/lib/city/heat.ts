/**
 * The heat map's colour classes. The percent itself comes from the server's roll-up; this only maps it to
 * a tone with the thresholds the roll-up used, so a colour never disagrees with the health label.
 */
import type { RollupMonthFigures } from '../../../../schemas/types';
import { fiscalIndex, fiscalYearOfDate } from '../../../../server/core/fiscal-year';

export type HeatTone = 'good' | 'watch' | 'low' | 'zero' | 'neutral' | 'future' | 'empty';

export function heatTone(m: RollupMonthFigures, afterAsOf: boolean, thresholds: { onTrack: number; watch: number }): HeatTone {
  if (afterAsOf) return m.planned > 0 ? 'future' : 'empty';
  if (m.percent === null) return m.planned > 0 || m.unplanned > 0 ? 'neutral' : 'empty';
  if (m.percent >= thresholds.onTrack) return 'good';
  if (m.percent >= thresholds.watch) return 'watch';
  return m.percent > 0 ? 'low' : 'zero';
}

/** Whether a month of the year comes after the as-of month (YYYY-MM) in the same fiscal year. */
export function isAfterAsOf(fiscalYear: number, month: number, asOf: string): boolean {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const asOfFy = fiscalYearOfDate(y, m);
  if (asOfFy < fiscalYear) return true;
  if (asOfFy > fiscalYear) return false;
  return fiscalIndex(month) > fiscalIndex(m);
}
