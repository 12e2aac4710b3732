/**
 * The "this month" list of a ward: what is due in a month, what is overdue from earlier months, and the
 * as-needed rows where work may be recorded at any time. Same scoring as the roll-up: a cell is overdue
 * when it was planned before the month, is not cancelled, and has no done/partial record.
 */
import type { AgendaItem, MonthAgenda, Plan, ProgressRecord } from '../../schemas/types.js';
import { fiscalIndex, yearMonthOf } from './fiscal-year.js';
import { plannedMonths } from './plan-rules.js';

const SCORED = new Set(['done', 'partial', 'cancelled']);

export function monthAgenda(plan: Plan, records: ProgressRecord[], month: number): MonthAgenda {
  const recordOf = (rowId: string, m: number) => records.find((r) => r.rowId === rowId && r.month === m) ?? null;
  const due: AgendaItem[] = [];
  const overdue: AgendaItem[] = [];
  const asNeeded: AgendaItem[] = [];
  const at = fiscalIndex(month);
  for (const row of plan.schedule) {
    if (row.timing === 'asNeeded') {
      asNeeded.push({ rowId: row.id, month, record: recordOf(row.id, month) });
      continue;
    }
    for (const m of plannedMonths(row)) {
      const record = recordOf(row.id, m);
      if (fiscalIndex(m) === at) due.push({ rowId: row.id, month: m, record });
      else if (fiscalIndex(m) < at && !(record && SCORED.has(record.status))) overdue.push({ rowId: row.id, month: m, record });
    }
  }
  return { planId: plan.id, fiscalYear: plan.fiscalYear, month, yearMonth: yearMonthOf(plan.fiscalYear, month), due, overdue, asNeeded };
}
