/**
 * Pure helpers over a plan's content (no Svelte, no DOM): the editable part of a stored plan, a
 * comparison that ignores representation-only differences, and new item ids.
 */
import type { Plan, PlanContent, PlanIssue, ScheduleRow } from '../../../../schemas/types.js';
import { contentOf as planContentOf } from '../../../../server/core/plan-rules.js';

/** The fields a ward writes (what PUT /api/plans/:id replaces), as a copy the editor may change freely. */
export function contentOf(plan: PlanContent | Plan): PlanContent {
  return structuredClone(planContentOf(plan));
}

/** issueId absent = null, goalIds absent = [] …: the same plan, whichever way it was written. */
function normalized(plan: PlanContent): unknown {
  const issue = (i: PlanIssue) => ({
    id: i.id,
    problem: i.problem,
    // A matrix rating is the ward's text too: changing one is an unsaved change.
    actions: i.actions.map((a) => ({ text: a.text, meetingTypeId: a.meetingTypeId ?? null, rating: a.rating ?? null })),
    remarks: i.remarks,
    goalIds: i.goalIds ?? [],
    themeIds: i.themeIds ?? [],
  });
  const row = (r: ScheduleRow) => ({
    id: r.id,
    title: r.title,
    issueId: r.issueId ?? null,
    meetingTypeId: r.meetingTypeId ?? null,
    timing: r.timing,
    months: r.timing === 'months' ? [...r.months].sort((a, b) => a - b) : [],
    rating: r.rating ?? null,
  });
  return {
    wardId: plan.wardId,
    fiscalYear: plan.fiscalYear,
    title: plan.title,
    status: plan.status,
    lastYearEfforts: plan.lastYearEfforts,
    findings: plan.findings,
    goals: plan.goals.map((g) => ({ id: g.id, text: g.text })),
    issues: plan.issues.map(issue),
    schedule: plan.schedule.map(row),
    notes: plan.notes,
    sourceNote: plan.sourceNote ?? '',
  };
}

export function sameContent(a: PlanContent, b: PlanContent): boolean {
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

let counter = 0;
/** A new item id, unique in `taken`: prefix + time + counter (matches ^[A-Za-z0-9_-]{1,64}$). */
export function newItemId(prefix: 'g' | 'i' | 'r', taken: Iterable<string>): string {
  const used = new Set(taken);
  for (;;) {
    counter = (counter + 1) % 1296;
    const id = `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
    if (!used.has(id)) return id;
  }
}

/** Texts that already carry their own number or bullet (①, ・, (1), 1.) are shown as written. */
export function hasOwnMarker(text: string): boolean {
  return /^\s*([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf・●○◦■□◆◇※\-*]|\(\d+\)|（\d+）|\d+[.．、)）])/.test(text);
}
