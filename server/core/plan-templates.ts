/**
 * Plan templates: the sections, issues, actions and schedule rows a new plan starts with. A city plugin's
 * template serves every ward (the common format), a ward plugin's that ward (its recurring rows, e.g. a
 * monthly steering meeting), and an administrator or city user may save any plan as one. Pure rules.
 */
import type { FieldError, Plan, PlanContent, TemplateContent } from '../../schemas/types.js';
import type { Catalog } from './catalog.js';
import { planTitleFor } from './next-year.js';
import { checkPlan } from './plan-rules.js';

/** A new draft plan of `wardId` for `fiscalYear` filled from a template. */
export function planFromTemplate(template: TemplateContent, catalog: Catalog, wardId: string, fiscalYear: number): PlanContent {
  const copy = structuredClone(template);
  return {
    wardId,
    fiscalYear,
    title: planTitleFor(catalog, wardId, fiscalYear),
    status: 'draft',
    lastYearEfforts: copy.lastYearEfforts ?? [],
    findings: copy.findings ?? [],
    goals: copy.goals,
    issues: copy.issues,
    schedule: copy.schedule.map((row) => {
      // A template's rows are a fresh start: no carried-over marks from the plan it was saved from.
      const { carried: _carried, ...rest } = row;
      return rest;
    }),
    notes: copy.notes ?? '',
  };
}

/**
 * What a plan gives a template: its goals, issues, actions and rows (with their months), and the notes.
 * The year's own record — efforts, findings — belongs to that year and is left out; ratings too.
 */
export function templateFromPlan(plan: Plan | PlanContent): TemplateContent {
  const copy = structuredClone(plan);
  return {
    goals: copy.goals,
    issues: copy.issues.map((issue) => ({
      ...issue,
      actions: issue.actions.map(({ rating: _r, lastRating: _l, ...a }) => a),
    })),
    schedule: copy.schedule.map(({ rating: _r, carried: _c, ...row }) => row),
    notes: copy.notes,
  };
}

/** The template checked like a plan of each ward it serves; the errors name the ward. */
export function checkTemplate(template: TemplateContent, catalog: Catalog, wardIds: string[]): { wardId: string; errors: FieldError[] }[] {
  return wardIds.flatMap((wardId) => {
    const errors = checkPlan(planFromTemplate(template, catalog, wardId, 2026), catalog);
    return errors.length ? [{ wardId, errors }] : [];
  });
}

/** An empty plan (the blank choice, and the missing side of a comparison). */
export function blankContent(wardId: string, fiscalYear: number, title = ''): PlanContent {
  return { wardId, fiscalYear, title, status: 'draft', lastYearEfforts: [], findings: [], goals: [], issues: [], schedule: [], notes: '' };
}
