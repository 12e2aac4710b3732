/** Years side by side: loads one ward's two years and lets the core compare them. */
import type { YearComparison } from '../../schemas/types.js';
import { errors } from '../core/errors.js';
import { currentYearMonth, yearMonthOf } from '../core/fiscal-year.js';
import { comparePlans, yearFigures } from '../core/plan-compare.js';
import { blankContent } from '../core/plan-templates.js';
import { listEscalations } from '../db/repositories/escalations.js';
import { findPlanFor } from '../db/repositories/plans.js';
import { progressOfPlan } from '../db/repositories/progress.js';
import type { ServiceContext } from './context.js';

export async function compareYears(ctx: ServiceContext, wardId: string, from: number, to: number): Promise<YearComparison> {
  if (!ctx.plugins.catalog.wards.some((w) => w.id === wardId)) throw errors.notFound({ en: `Ward "${wardId}"`, ja: `区 "${wardId}"` });
  const today = currentYearMonth(new Date(ctx.now));
  const load = async (fiscalYear: number) => {
    const plan = (await findPlanFor(ctx.db, wardId, fiscalYear)) ?? null;
    const [progress, escalations] = plan ? await Promise.all([progressOfPlan(ctx.db, plan.id), listEscalations(ctx.db, { planId: plan.id })]) : [[], []];
    const last = yearMonthOf(fiscalYear, 3);
    return { fiscalYear, plan, progress, escalations, asOf: today > last ? last : today };
  };
  const [a, b] = await Promise.all([load(from), load(to)]);
  if (!a.plan && !b.plan) throw errors.notFound({ en: `A plan of "${wardId}" for ${from} or ${to}`, ja: `${from}年度・${to}年度の計画` });
  const before = a.plan ?? blankContent(wardId, from);
  const after = b.plan ?? blankContent(wardId, to);
  return {
    wardId,
    from: yearFigures(ctx.plugins.catalog, wardId, a),
    to: yearFigures(ctx.plugins.catalog, wardId, b),
    sections: comparePlans(before, after),
  };
}
