/**
 * The "this month" list of a ward: what is due in a month, what is overdue from earlier months, and the
 * as-needed rows where work may be recorded at any time. Same rules as the roll-up: a cell is overdue
 * when it was planned in a month before the one shown that is finished by today, is not cancelled, and
 * has no done/partial record (work done late, whatever its date, clears it). A month not over yet is
 * never overdue: it is "this month" (docs/rollup.md, "The month in progress").
 */
import type { AgendaItem, MonthAgenda, Plan, ProgressRecord } from '../../schemas/types.js';
import { fiscalIndex, yearMonthOf } from './fiscal-year.js';
import { plannedMonths } from './plan-rules.js';
import { monthPhase } from './progress-rules.js';

const SCORED = new Set(['done', 'partial', 'cancelled']);

/** `today` (YYYY-MM-DD or YYYY-MM) decides which months are over; null: every month before `month` is. */
export function monthAgenda(plan: Plan, records: ProgressRecord[], month: number, today: string | null = null): MonthAgenda {
  const byCell = new Map<string, ProgressRecord>();
  for (const r of records) byCell.set(`${r.rowId}|${r.month}`, r);
  const recordOf = (rowId: string, m: number) => byCell.get(`${rowId}|${m}`) ?? null;
  const due: AgendaItem[] = [];
  const overdue: AgendaItem[] = [];
  const asNeeded: AgendaItem[] = [];
  const at = fiscalIndex(month);
  const over = (m: number) => today === null || monthPhase(plan.fiscalYear, m, today) === 'past';
  for (const row of plan.schedule) {
    if (row.timing === 'asNeeded') {
      asNeeded.push({ rowId: row.id, month, record: recordOf(row.id, month) });
      continue;
    }
    for (const m of plannedMonths(row)) {
      const record = recordOf(row.id, m);
      if (fiscalIndex(m) === at) due.push({ rowId: row.id, month: m, record });
      else if (fiscalIndex(m) < at && over(m) && !(record && SCORED.has(record.status))) overdue.push({ rowId: row.id, month: m, record });
    }
  }
  return { planId: plan.id, fiscalYear: plan.fiscalYear, month, yearMonth: yearMonthOf(plan.fiscalYear, month), due, overdue, asNeeded };
}
