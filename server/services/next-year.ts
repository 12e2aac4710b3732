/**
 * Drafting next year's plan from this year's: loads the plan, its records, escalations and comments,
 * lets the core write the draft, and stores it linked to its source. Drafting again opens the existing
 * draft; a next year already submitted or approved is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Plan } from '../../schemas/types.js';
import { AppError, errors, validationError } from '../core/errors.js';
import { currentYearMonth, eraFiscalYear } from '../core/fiscal-year.js';
import { draftNextYear, draftingAsOf } from '../core/next-year.js';
import { checkPlan, contentOf } from '../core/plan-rules.js';
import { effortLines } from '../core/participation.js';
import { listEscalations } from '../db/repositories/escalations.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findPlan, findPlanFor, insertPlan } from '../db/repositories/plans.js';
import { progressOfPlan } from '../db/repositories/progress.js';
import { listComments } from './comments.js';
import { networkYear } from './network-figures.js';
import { type ServiceContext, isUniqueViolation } from './context.js';

export type NextYearResult = { created: true; plan: Plan } | { created: false; plan: Plan };

function nextYearTaken(existing: Plan): AppError {
  const status = existing.status === 'submitted' ? { en: 'submitted', ja: '提出済み' } : existing.status === 'approved' ? { en: 'approved', ja: '承認済み' } : { en: existing.status, ja: '保管済み' };
  return new AppError(
    409,
    'NEXT_YEAR_EXISTS',
    {
      en: `The plan for fiscal year ${existing.fiscalYear} is already ${status.en}; it cannot be drafted again. Open that plan instead.`,
      ja: `${eraFiscalYear(existing.fiscalYear)}の計画はすでに${status.ja}のため、下書きを作り直せません。その計画を開いてください。`,
    },
    { current: existing },
  );
}

/** Open drafts (draft or returned) are reopened; anything further along is refused. */
function existingOutcome(existing: Plan): NextYearResult {
  if (existing.status === 'draft' || existing.status === 'returned') return { created: false, plan: existing };
  throw nextYearTaken(existing);
}

export async function draftNextYearPlan(ctx: ServiceContext, sourceId: string): Promise<NextYearResult> {
  const source = await findPlan(ctx.db, sourceId);
  if (!source) throw errors.notFound({ en: 'The plan', ja: '計画' });
  const existing = await findPlanFor(ctx.db, source.wardId, source.fiscalYear + 1);
  if (existing) return existingOutcome(existing);

  const [progress, escalations, comments] = await Promise.all([
    progressOfPlan(ctx.db, source.id),
    listEscalations(ctx.db, { planId: source.id }),
    listComments(ctx, source.id),
  ]);
  const asOf = draftingAsOf(source.fiscalYear, currentYearMonth(new Date(ctx.now)));
  // The office network's year (participation, new offices, visits) is part of what was done; attendance
  // stands in for typed-in counts exactly as in the roll-up.
  const network = await networkYear(ctx.db, ctx.plugins, source.fiscalYear, asOf, [source], progress);
  const participation = network.participation.get(source.wardId);
  const networkLines = participation ? effortLines(participation, network.coverage.get(source.wardId)) : [];
  const { content } = draftNextYear({ plan: source, catalog: ctx.plugins.catalog, progress: network.progress, escalations, comments, asOf, networkLines });
  // The catalog may have changed since the source was written (a meeting type removed): say so plainly.
  const problems = checkPlan(content, ctx.plugins.catalog);
  if (problems.length) throw validationError(problems);
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<NextYearResult> => {
      const again = await findPlanFor(trx, content.wardId, content.fiscalYear);
      if (again) return existingOutcome(again);
      const created = await insertPlan(trx, randomUUID(), content, { at: ctx.now, by: ctx.actor?.username ?? null }, { sourcePlanId: source.id });
      await appendJournal(trx, {
        at: ctx.now,
        actor: ctx.actor,
        entity: 'plan',
        entityId: created.id,
        wardId: created.wardId,
        action: 'create',
        version: created.version,
        summary: `plan drafted from ${source.fiscalYear} (version ${source.version}): ${created.title}`,
        before: null,
        after: contentOf(created),
      });
      return { created: true, plan: created };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const raced = await findPlanFor(ctx.db, content.wardId, content.fiscalYear);
      if (raced) return existingOutcome(raced);
    }
    throw e;
  }
}
