/**
 * Rules a plan must satisfy beyond its JSON Schema: references between its parts and to the ward
 * plugin's meeting types. Returns field errors (empty when the plan is valid); never throws.
 */
import type { FieldError, Plan, PlanContent, ScheduleRow } from '../../schemas/types.js';
import { type Catalog, findWard } from './catalog.js';
import { fieldError } from './errors.js';
import { FISCAL_MONTHS, fiscalIndex } from './fiscal-year.js';

export function checkPlan(plan: PlanContent, catalog: Catalog): FieldError[] {
  const errs: FieldError[] = [];
  const ward = findWard(catalog, plan.wardId);
  if (!ward) {
    const known = catalog.wards.map((w) => w.id).join(', ');
    errs.push(fieldError('/wardId', `unknown ward "${plan.wardId}" (known: ${known})`, `不明な区です: "${plan.wardId}"(登録済み: ${known})`));
  }
  const meetingTypes = new Set(ward?.meetingTypes.map((m) => m.id) ?? []);
  const themes = new Set(catalog.city.themes.map((t) => t.id));
  const unknownMeetingType = (path: string, id: string) =>
    errs.push(
      fieldError(
        path,
        `unknown meeting type "${id}" for ward "${plan.wardId}"`,
        `${ward?.name.ja ?? plan.wardId}にない会議種別です: "${id}"`,
      ),
    );

  duplicates(plan.goals.map((g) => g.id), (i, id) => errs.push(fieldError(`/goals/${i}/id`, `id "${id}" is used twice`, `id "${id}" が重複しています`)));
  duplicates(plan.issues.map((g) => g.id), (i, id) => errs.push(fieldError(`/issues/${i}/id`, `id "${id}" is used twice`, `id "${id}" が重複しています`)));
  duplicates(plan.schedule.map((g) => g.id), (i, id) => errs.push(fieldError(`/schedule/${i}/id`, `id "${id}" is used twice`, `id "${id}" が重複しています`)));

  const goalIds = new Set(plan.goals.map((g) => g.id));
  const issueIds = new Set(plan.issues.map((g) => g.id));
  plan.issues.forEach((issue, i) => {
    (issue.goalIds ?? []).forEach((g, j) => {
      if (!goalIds.has(g)) errs.push(fieldError(`/issues/${i}/goalIds/${j}`, `no goal with id "${g}" in this plan`, `この計画に id "${g}" の目標はありません`));
    });
    (issue.themeIds ?? []).forEach((t, j) => {
      if (!themes.has(t)) errs.push(fieldError(`/issues/${i}/themeIds/${j}`, `unknown theme "${t}"`, `不明なテーマです: "${t}"`));
    });
    issue.actions.forEach((a, j) => {
      if (a.meetingTypeId && ward && !meetingTypes.has(a.meetingTypeId)) unknownMeetingType(`/issues/${i}/actions/${j}/meetingTypeId`, a.meetingTypeId);
    });
  });
  plan.schedule.forEach((row, i) => {
    if (row.issueId && !issueIds.has(row.issueId)) {
      errs.push(fieldError(`/schedule/${i}/issueId`, `no issue with id "${row.issueId}" in this plan`, `この計画に id "${row.issueId}" の課題はありません`));
    }
    if (row.meetingTypeId && ward && !meetingTypes.has(row.meetingTypeId)) unknownMeetingType(`/schedule/${i}/meetingTypeId`, row.meetingTypeId);
    if (row.timing !== 'months' && row.months.length > 0) {
      const label = row.timing === 'everyMonth' ? { en: 'every month', ja: '毎月' } : { en: 'as needed', ja: '随時' };
      errs.push(
        fieldError(
          `/schedule/${i}/months`,
          `must be empty when the row is planned ${label.en} (timing "${row.timing}")`,
          `${label.ja}の行には月を指定できません`,
        ),
      );
    }
  });
  return errs;
}

function duplicates(ids: string[], report: (index: number, id: string) => void): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report(i, id);
    seen.add(id);
  });
}

/** The months a row is planned in, in fiscal order: every month = all twelve; as needed = none. */
export function plannedMonths(row: Pick<ScheduleRow, 'timing' | 'months'>): number[] {
  if (row.timing === 'everyMonth') return [...FISCAL_MONTHS];
  if (row.timing === 'asNeeded') return [];
  return [...row.months].sort((a, b) => fiscalIndex(a) - fiscalIndex(b));
}

/** The content part of a plan (what the ward writes), without the stored object's metadata. */
export function contentOf(plan: PlanContent | Plan): PlanContent {
  const content: PlanContent = {
    wardId: plan.wardId,
    fiscalYear: plan.fiscalYear,
    title: plan.title,
    status: plan.status,
    lastYearEfforts: plan.lastYearEfforts,
    findings: plan.findings,
    goals: plan.goals,
    issues: plan.issues,
    schedule: plan.schedule,
    notes: plan.notes,
  };
  if (plan.sourceNote !== undefined) content.sourceNote = plan.sourceNote;
  return content;
}
