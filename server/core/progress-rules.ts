/**
 * Rules for a progress record beyond its JSON Schema: it must name a row of the plan, a date held inside
 * the recorded month, and extra fields that the row's meeting type defines (checked by the plugin's
 * JSON Schema through `validateExtra`). Returns field errors; never throws.
 */
import type { FieldError, MeetingType, Plan, ProgressBatchItem } from '../../schemas/types.js';
import { type Catalog, findMeetingType } from './catalog.js';
import { fieldError } from './errors.js';
import { dateInFiscalMonth, yearMonthOf } from './fiscal-year.js';

export type ExtraValidator = (meetingType: MeetingType, extra: Record<string, unknown>, pointer: string) => FieldError[];

export function checkProgress(
  plan: Plan,
  record: ProgressBatchItem,
  catalog: Catalog,
  validateExtra: ExtraValidator,
  pointer = '',
): FieldError[] {
  const errs: FieldError[] = [];
  const row = plan.schedule.find((r) => r.id === record.rowId);
  if (!row) {
    errs.push(fieldError(`${pointer}/rowId`, `the plan has no schedule row "${record.rowId}"`, `計画にスケジュール行 "${record.rowId}" はありません`));
    return errs;
  }
  if (record.heldOn && !dateInFiscalMonth(record.heldOn, plan.fiscalYear, record.month)) {
    const ym = yearMonthOf(plan.fiscalYear, record.month);
    errs.push(
      fieldError(
        `${pointer}/heldOn`,
        `must be a date in ${ym} (the recorded month of fiscal year ${plan.fiscalYear})`,
        `記録する月(${ym})の日付にしてください`,
      ),
    );
  }
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
