/**
 * The "this month" form as data: which cells (row × month) the secretariat records on the page, the
 * draft typed for each, whether a draft differs from the stored record, the batch item it becomes, and
 * where a server field error (/records/3/heldOn) belongs. No business rule lives here: what is due or
 * overdue comes from the server's agenda, and the server validates every value.
 */
import type { FieldError, MeetingType, MonthAgenda, Plan, ProgressBatchItem, ProgressRecord, ProgressStatus, ScheduleRow } from '../../../../schemas/types';
import { monthDates } from '../../../../server/core/fiscal-year';
import { extraFieldsOf, type ExtraFieldSpec } from './progress-fields';

export const STATUSES: readonly ProgressStatus[] = ['done', 'partial', 'postponed', 'notDone', 'cancelled'];

/** due = planned this month; overdue = planned earlier, not yet done; asNeeded = 随時 row; unplanned = work outside the plan. */
export type EntryKind = 'due' | 'overdue' | 'asNeeded' | 'unplanned';

export interface MonthEntry {
  key: string;
  kind: EntryKind;
  rowId: string;
  month: number;
  /** 0-based position of the row in the schedule (shown as ①②…). */
  rowIndex: number;
  row: ScheduleRow;
  meetingType?: MeetingType;
  fields: ExtraFieldSpec[];
}

export interface ProgressDraft {
  status: ProgressStatus | '';
  heldOn: string;
  attendance: number | null;
  note: string;
  extra: Record<string, unknown>;
}

export function entryKey(rowId: string, month: number): string {
  return `${rowId}:${month}`;
}

/** A DOM id for an entry's field: p-r4-11-extra-participatingOffices. */
export function fieldId(entry: Pick<MonthEntry, 'rowId' | 'month'>, sub: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `p-${safe(entry.rowId)}-${entry.month}${sub ? '-' + sub.split('/').map(safe).join('-') : ''}`;
}

export function draftFrom(record: ProgressRecord | null | undefined): ProgressDraft {
  return {
    status: record?.status ?? '',
    heldOn: record?.heldOn ?? '',
    attendance: record?.attendance ?? null,
    note: record?.note ?? '',
    extra: { ...(record?.extra ?? {}) },
  };
}

function cleanExtra(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(extra).sort()) {
    const v = extra[key];
    if (v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) continue;
    out[key] = v;
  }
  return out;
}

function normalized(d: ProgressDraft) {
  return {
    status: d.status,
    heldOn: d.heldOn || null,
    attendance: typeof d.attendance === 'number' && !Number.isNaN(d.attendance) ? d.attendance : null,
    note: d.note,
    extra: cleanExtra(d.extra),
  };
}

/** Whether the draft says something other than the stored record (or, without one, anything at all). */
export function isChanged(draft: ProgressDraft, record: ProgressRecord | null | undefined): boolean {
  return JSON.stringify(normalized(draft)) !== JSON.stringify(normalized(draftFrom(record)));
}

/** Something was typed but no status chosen: the record cannot be saved yet. */
export function lacksStatus(draft: ProgressDraft): boolean {
  return draft.status === '';
}

export function toBatchItem(entry: MonthEntry, draft: ProgressDraft, record: ProgressRecord | null | undefined): ProgressBatchItem {
  const n = normalized(draft);
  return {
    rowId: entry.rowId,
    month: entry.month,
    status: n.status as ProgressStatus,
    heldOn: n.heldOn,
    attendance: n.attendance,
    note: n.note,
    extra: n.extra,
    version: record?.version ?? null,
  };
}

/** The first and last day of a month of the fiscal year. */
export function monthBounds(fiscalYear: number, month: number): { min: string; max: string } {
  const { first, last } = monthDates(fiscalYear, month);
  return { min: first, max: last };
}

/**
 * The date input's bounds: work may be done in another month than planned (late or early), but inside
 * the fiscal year and never after today (the server's rule, docs/rollup.md; the server checks it again).
 */
export function dateBounds(fiscalYear: number, today: string): { min: string; max: string } {
  const min = `${fiscalYear}-04-01`;
  const end = `${fiscalYear + 1}-03-31`;
  return { min, max: today < end ? (today < min ? min : today) : end };
}

/** One row of the page with its cells (this month's, then overdue months): one card per task. */
export interface RowGroup {
  rowId: string;
  rowIndex: number;
  row: ScheduleRow;
  meetingType?: MeetingType;
  entries: MonthEntry[];
}

/** Groups entries by row in plan order; within a row, the month shown first, then overdue months in fiscal order. */
export function groupByRow(entries: MonthEntry[]): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const e of entries) {
    let g = groups.get(e.rowId);
    if (!g) groups.set(e.rowId, (g = { rowId: e.rowId, rowIndex: e.rowIndex, row: e.row, meetingType: e.meetingType, entries: [] }));
    g.entries.push(e);
  }
  return [...groups.values()].sort((a, b) => a.rowIndex - b.rowIndex);
}

/** The value of one field of a draft, as text, to tell whether it changed since a save was refused. */
export function fieldValue(draft: ProgressDraft, sub: string): string {
  if (sub === 'status' || sub === 'heldOn' || sub === 'note') return String(draft[sub] ?? '');
  if (sub === 'attendance') return String(draft.attendance ?? '');
  if (sub.startsWith('extra/')) return JSON.stringify(draft.extra[sub.slice(6)] ?? null);
  return JSON.stringify(normalized(draft));
}

/** A refused field's error stands until the user changes that field (a fixed field loses its error at once). */
export function errorStands(error: PlacedError, now: ProgressDraft | undefined, sent: ProgressDraft | undefined): boolean {
  if (!now || !sent) return true;
  return fieldValue(now, error.sub) === fieldValue(sent, error.sub);
}

/**
 * The entries of the page, in the order the secretariat works through them: this month's planned cells,
 * then overdue ones, then as-needed rows, then work outside the plan (already recorded, or added now).
 */
export function buildEntries(
  plan: Plan,
  agenda: MonthAgenda,
  records: ProgressRecord[],
  added: string[],
  meetingTypeOf: (id: string | null | undefined) => MeetingType | undefined,
): MonthEntry[] {
  const rowIndex = new Map(plan.schedule.map((r, i) => [r.id, i]));
  const seen = new Set<string>();
  const out: MonthEntry[] = [];
  const push = (kind: EntryKind, rowId: string, month: number) => {
    const key = entryKey(rowId, month);
    const i = rowIndex.get(rowId);
    if (seen.has(key) || i === undefined) return;
    seen.add(key);
    const row = plan.schedule[i]!;
    const meetingType = meetingTypeOf(row.meetingTypeId);
    out.push({ key, kind, rowId, month, rowIndex: i, row, meetingType, fields: extraFieldsOf(meetingType) });
  };
  for (const item of agenda.due) push('due', item.rowId, item.month);
  for (const item of agenda.overdue) push('overdue', item.rowId, item.month);
  for (const item of agenda.asNeeded) push('asNeeded', item.rowId, item.month);
  const recordedHere = records.filter((r) => r.month === agenda.month).sort((a, b) => (rowIndex.get(a.rowId) ?? 0) - (rowIndex.get(b.rowId) ?? 0));
  for (const r of recordedHere) push('unplanned', r.rowId, r.month);
  for (const key of added) {
    const [rowId, month] = key.split(':');
    push('unplanned', rowId!, Number(month));
  }
  return out;
}

/** Rows that may get an unplanned record in this month: those not on the page for it yet. */
export function unplannedCandidates(plan: Plan, month: number, entries: MonthEntry[]): { row: ScheduleRow; index: number }[] {
  const present = new Set(entries.filter((e) => e.month === month).map((e) => e.rowId));
  return plan.schedule.map((row, index) => ({ row, index })).filter(({ row }) => !present.has(row.id));
}

export interface PlacedError {
  key: string;
  /** the field inside the record: heldOn, attendance, note, status, extra/participatingOffices, extra, or '' for the whole record */
  sub: string;
  error: FieldError;
}

/** Maps the server's field errors (/records/3/heldOn) back to the entries that were sent, in order. */
export function placeErrors(fields: FieldError[], sentKeys: string[]): { placed: PlacedError[]; unplaced: FieldError[] } {
  const placed: PlacedError[] = [];
  const unplaced: FieldError[] = [];
  for (const error of fields) {
    const m = /^\/records\/(\d+)(?:\/(.*))?$/.exec(error.path);
    const key = m ? sentKeys[Number(m[1])] : undefined;
    if (m && key) placed.push({ key, sub: m[2] ?? '', error });
    else unplaced.push(error);
  }
  return { placed, unplaced };
}

/** One line of the error summary: which row and field, why, and the id of the input to focus. */
export interface SummaryItem {
  label: string;
  message: string;
  targetId: string;
}
