/**
 * The citywide roll-up as every view and export shows it: the year's plans, records and escalations, the
 * office network's figures beside the engine's (attendance stands in for typed-in counts before the
 * engine runs; each ward gets its participation and visit coverage), and "today" so that the month in
 * progress is never counted late. GET /api/rollup (through the cache), the CSV and the city workbook all
 * call this, so that a printed pack and the screen cannot disagree.
 */
import type { Kysely } from 'kysely';
import type { Plan, Rollup } from '../../schemas/types.js';
import { currentFiscalYear, currentYearMonth, defaultAsOfMonth, fiscalYearOfDate, parseYearMonth } from '../core/fiscal-year.js';
import { computeRollup } from '../core/rollup.js';
import { listEscalations } from '../db/repositories/escalations.js';
import { plansOfYear } from '../db/repositories/plans.js';
import { progressOfYear } from '../db/repositories/progress.js';
import type { Database } from '../db/database.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';
import { networkYear } from './network-figures.js';

export interface RollupQuery {
  fiscalYear?: number;
  /** 'YYYY-MM'; default: the last finished month of the year (the month in progress is reported apart). */
  asOf?: string;
}

/** The fiscal year and as-of month a query means on `now`. */
export function rollupPeriod(query: RollupQuery, now: Date): { fiscalYear: number; asOf: string; today: string } {
  const parsed = query.asOf ? parseYearMonth(query.asOf) : null;
  const fiscalYear = query.fiscalYear ?? (parsed ? fiscalYearOfDate(parsed.year, parsed.month) : currentFiscalYear(now));
  const today = currentYearMonth(now);
  return { fiscalYear, asOf: query.asOf ?? defaultAsOfMonth(fiscalYear, today), today };
}

export async function computeCityRollup(db: Kysely<Database>, plugins: LoadedPlugins, fiscalYear: number, asOf: string, today: string): Promise<{ plans: Plan[]; rollup: Rollup }> {
  const [plans, progress, escalations] = await Promise.all([plansOfYear(db, fiscalYear), progressOfYear(db, fiscalYear), listEscalations(db, { fiscalYear })]);
  const network = await networkYear(db, plugins, fiscalYear, asOf, plans, progress);
  const rollup = computeRollup({ fiscalYear, asOf, today, catalog: plugins.catalog, plans, progress: network.progress, escalations });
  return {
    plans,
    rollup: { ...rollup, wards: rollup.wards.map((w) => ({ ...w, participation: network.participation.get(w.wardId), coverage: network.coverage.get(w.wardId) })) },
  };
}
