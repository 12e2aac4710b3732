/**
 * The drill-down grid of one ward: its schedule rows × the twelve months, each cell planned or not and
 * what was recorded. Planned months come from the shared plan rules; nothing is scored here.
 */
import type { Plan, ProgressRecord, ProgressStatus } from '../../../../schemas/types';
import { FISCAL_MONTHS } from '../../../../server/core/fiscal-year';
import { plannedMonths } from '../../../../server/core/plan-rules';

export type GridMark = 'done' | 'partial' | 'postponed' | 'notDone' | 'cancelled' | 'planned' | 'unplanned' | 'none';

export interface GridCell {
  month: number;
  planned: boolean;
  status: ProgressStatus | null;
  mark: GridMark;
}

export interface GridRow {
  rowId: string;
  index: number;
  title: string;
  timing: Plan['schedule'][number]['timing'];
  cells: GridCell[];
}

export const MARK_SYMBOL: Record<GridMark, string> = {
  done: '✓',
  partial: '△',
  postponed: '→',
  notDone: '×',
  cancelled: '−',
  planned: '○',
  unplanned: '◇',
  none: '',
};

function markOf(planned: boolean, status: ProgressStatus | null): GridMark {
  if (!planned) return status === 'done' || status === 'partial' ? 'unplanned' : status ?? 'none';
  return status ?? 'planned';
}

export function planActualGrid(plan: Plan, records: ProgressRecord[]): GridRow[] {
  const byCell = new Map(records.map((r) => [`${r.rowId}:${r.month}`, r]));
  return plan.schedule.map((row, index) => {
    const planned = new Set(plannedMonths(row));
    return {
      rowId: row.id,
      index,
      title: row.title,
      timing: row.timing,
      cells: FISCAL_MONTHS.map((month) => {
        const status = byCell.get(`${row.id}:${month}`)?.status ?? null;
        const isPlanned = planned.has(month);
        return { month, planned: isPlanned, status, mark: markOf(isPlanned, status) };
      }),
    };
  });
}
