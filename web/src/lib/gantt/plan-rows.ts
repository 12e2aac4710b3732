/** A plan's schedule as the Gantt chart's rows (shared by the Gantt page and the chart drawn before hydration, predraw.ts). */
import type { Plan, ProgressRecord, ProgressStatus } from '../../../../schemas/types';
import { circled } from '../format';
import type { GanttRow } from './gantt-model.js';

/** `groupLabel` names a row's issue from its number (①, ②…), in the page's language. */
export function ganttRowsOf(plan: Plan, records: readonly ProgressRecord[], groupLabel: (n: string) => string): GanttRow[] {
  const issueIndex = new Map(plan.issues.map((issue, i) => [issue.id, i]));
  const progress = new Map<string, Partial<Record<number, ProgressStatus>>>();
  const heldOn = new Map<string, Partial<Record<number, string | null>>>();
  for (const r of records) {
    const row = progress.get(r.rowId) ?? {};
    row[r.month] = r.status;
    progress.set(r.rowId, row);
    const dates = heldOn.get(r.rowId) ?? {};
    dates[r.month] = r.heldOn;
    heldOn.set(r.rowId, dates);
  }
  return plan.schedule.map((row, i) => {
    const at = row.issueId ? issueIndex.get(row.issueId) : undefined;
    return {
      id: row.id,
      number: circled(i),
      title: row.title,
      groupId: at === undefined ? null : row.issueId!,
      groupLabel: at === undefined ? null : groupLabel(circled(at)),
      timing: row.timing,
      months: row.months,
      progress: progress.get(row.id),
      heldOn: heldOn.get(row.id),
    };
  });
}
