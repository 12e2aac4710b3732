/**
 * Rules for progress records beyond their JSON Schema, and what a schedule cell stands at.
 *
 * A record belongs to the planned cell (row, month) it reports on; `heldOn` is the day the work actually
 * happened. Work may happen in another month than planned — late (after the month: postponed work caught
 * up) or early (before it) — but always inside the fiscal year and never after today. Work recorded as
 * done or partly done must have happened: without a date, its month must have begun. Cancelling or
 * postponing a later meeting in advance stays possible (no date needed).
 *
 * The core has no clock: "today" is always an argument (YYYY-MM-DD in Japan time, from the caller).
 * The rules are written out in docs/rollup.md ("Late and early work", "The month in progress").
 */
import type { FieldError, MeetingType, Plan, ProgressBatchItem, ProgressRecord, ProgressStatus, ScheduleRow } from '../../schemas/types.js';
import { type Catalog, findMeetingType } from './catalog.js';
import { fieldError } from './errors.js';
import { FISCAL_MONTHS, dateInFiscalYear, yearMonthOf } from './fiscal-year.js';
import { plannedMonths } from './plan-rules.js';

export type ExtraValidator = (meetingType: MeetingType, extra: Record<string, unknown>, pointer: string) => FieldError[];

/**
 * Field errors of one record (empty when it may be saved); never throws.
 * `today` is YYYY-MM-DD (Japan time): no date may lie after it.
 */
export function checkProgress(
  plan: Plan,
  record: ProgressBatchItem,
  catalog: Catalog,
  validateExtra: ExtraValidator,
  pointer: string,
  today: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const row = plan.schedule.find((r) => r.id === record.rowId);
  if (!row) {
    errs.push(fieldError(`${pointer}/rowId`, `the plan has no schedule row "${record.rowId}"`, `計画にスケジュール行 "${record.rowId}" はありません`));
    return errs;
  }
  const dateError = heldOnError(plan.fiscalYear, record, today);
  if (dateError) errs.push(fieldError(`${pointer}/heldOn`, dateError.en, dateError.ja));
  const extra = record.extra ?? {};
  const meetingType = row.meetingTypeId ? findMeetingType(catalog, plan.wardId, row.meetingTypeId) : undefined;
  if (meetingType?.progressFields) {
    errs.push(...validateExtra(meetingType, extra, `${pointer}/extra`));
  } else if (Object.keys(extra).length > 0) {
    errs.push(
      fieldError(
        `${pointer}/extra`,
        "must be empty: this row's meeting type defines no extra fields",
        'この行の会議種別には追加項目がありません',
      ),
    );
  }
  return errs;
}

/** Why a record's date (or its missing date) is refused, or null. */
function heldOnError(fiscalYear: number, record: Pick<ProgressBatchItem, 'month' | 'status' | 'heldOn'>, today: string): { en: string; ja: string } | null {
  const heldOn = record.heldOn ?? null;
  if (heldOn !== null) {
    if (!dateInFiscalYear(heldOn, fiscalYear)) {
      return {
        en: `must be a date in fiscal year ${fiscalYear} (${fiscalYear}-04-01 – ${fiscalYear + 1}-03-31)`,
        ja: `年度内(${fiscalYear}年4月1日〜${fiscalYear + 1}年3月31日)の日付にしてください`,
      };
    }
    if (heldOn > today) return { en: `must not be in the future (today is ${today})`, ja: `未来の日付は記録できません(今日は${today}です)` };
    return null;
  }
  if (isWorkDone(record.status) && monthPhase(fiscalYear, record.month, today) === 'future') {
    const ym = yearMonthOf(fiscalYear, record.month);
    return {
      en: `${ym} has not begun: work recorded as done or partly done needs the date it was done`,
      ja: `${ym}はまだ始まっていません。実施・一部実施として記録するには実施日を入れてください`,
    };
  }
  return null;
}

const isWorkDone = (status: ProgressStatus): boolean => status === 'done' || status === 'partial';

// ---------------------------------------------------------------------------------------------------
// Where a cell stands today.

/** A month of the fiscal year relative to today: finished, in progress, or not begun. */
export type MonthPhase = 'past' | 'current' | 'future';

/** `today` is YYYY-MM-DD or YYYY-MM. */
export function monthPhase(fiscalYear: number, month: number, today: string): MonthPhase {
  const ym = yearMonthOf(fiscalYear, month);
  const now = today.slice(0, 7);
  return ym < now ? 'past' : ym === now ? 'current' : 'future';
}

/** When work was done relative to its planned month; a record without a date counts as in its month. */
export type RecordTiming = 'early' | 'onTime' | 'late';

export function recordTiming(fiscalYear: number, month: number, heldOn: string | null): RecordTiming {
  if (!heldOn) return 'onTime';
  const ym = yearMonthOf(fiscalYear, month);
  const held = heldOn.slice(0, 7);
  return held < ym ? 'early' : held > ym ? 'late' : 'onTime';
}

/**
 * What a schedule cell shows:
 * - `done`      — planned, done or partly done in its month or earlier (see `status` and `timing`);
 * - `lateDone`  — planned, done or partly done after its month;
 * - `cancelled` — planned and cancelled (中止);
 * - `overdue`   — planned in a finished month and not done (no record, postponed or not done);
 * - `thisMonth` — planned in the month in progress and not done yet: not late;
 * - `future`    — planned in a later month and not done yet;
 * - `unplanned` — not planned, but work was done or partly done;
 * - `empty`     — not planned, nothing done.
 */
export type CellState = 'done' | 'lateDone' | 'cancelled' | 'overdue' | 'thisMonth' | 'future' | 'unplanned' | 'empty';

export interface CellStatus {
  state: CellState;
  /** the record's status, null without a record */
  status: ProgressStatus | null;
  /** for work done or partly done: when, relative to the planned month; otherwise null */
  timing: RecordTiming | null;
}

type RecordFacts = Pick<ProgressRecord, 'status' | 'heldOn'>;

/**
 * The state of one cell. `today` (YYYY-MM-DD or YYYY-MM) decides which months are finished; null means
 * every month of the year is finished (a view after the year, or a caller that does not care).
 */
export function cellStatus(fiscalYear: number, month: number, planned: boolean, record: RecordFacts | null | undefined, today: string | null): CellStatus {
  const status = record?.status ?? null;
  if (record && isWorkDone(record.status)) {
    const timing = recordTiming(fiscalYear, month, record.heldOn);
    return { state: !planned ? 'unplanned' : timing === 'late' ? 'lateDone' : 'done', status, timing };
  }
  if (!planned) return { state: 'empty', status, timing: null };
  if (status === 'cancelled') return { state: 'cancelled', status, timing: null };
  const phase = today === null ? 'past' : monthPhase(fiscalYear, month, today);
  return { state: phase === 'past' ? 'overdue' : phase === 'current' ? 'thisMonth' : 'future', status, timing: null };
}

export interface PlanCellStatus extends CellStatus {
  rowId: string;
  month: number;
}

/**
 * Every cell of a plan that is planned or has a record, row by row in plan order, months in fiscal order
 * (the Gantt chart's and the grid's marks). Records of rows no longer in the plan are left out.
 */
export function planCellStatuses(plan: Pick<Plan, 'fiscalYear' | 'schedule'>, records: readonly (RecordFacts & Pick<ProgressRecord, 'rowId' | 'month'>)[], today: string | null): PlanCellStatus[] {
  const byCell = new Map<string, RecordFacts>();
  for (const r of records) byCell.set(`${r.rowId}|${r.month}`, r);
  const out: PlanCellStatus[] = [];
  for (const row of plan.schedule) {
    const planned = plannedSet(row);
    for (const month of FISCAL_MONTHS) {
      const record = byCell.get(`${row.id}|${month}`);
      if (!planned.has(month) && !record) continue;
      out.push({ rowId: row.id, month, ...cellStatus(plan.fiscalYear, month, planned.has(month), record, today) });
    }
  }
  return out;
}

const plannedSet = (row: ScheduleRow): Set<number> => new Set(plannedMonths(row));
