/**
 * Use cases of the office network beside the registry: which offices took part in a recorded meeting
 * (attendance, kept apart from the progress record it belongs to), visits/hearings/supervision, status
 * sheets (近況票) and the fixed date, time and place of a scheduled meeting. All journalled.
 */
import { randomUUID } from 'node:crypto';
import type { Attendance, AttendanceInput, MeetingDate, MeetingDateInput, StatusSheet, StatusSheetInput, Visit, VisitInput } from '../../schemas/types.js';
import { type AppError, errors, fieldError, validationError } from '../core/errors.js';
import { dateFitsMonth } from '../core/calendar.js';
import { yearMonthOf } from '../core/fiscal-year.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findPlan } from '../db/repositories/plans.js';
import {
  deleteMeetingDate,
  deleteVisit,
  findAttendance,
  findMeetingDate,
  findOffice,
  insertStatusSheet,
  insertVisit,
  listOffices,
  listVisits,
  writeAttendance,
  writeMeetingDate,
} from '../db/repositories/network.js';
import { type ServiceContext, isUniqueViolation } from './context.js';
import { inTransaction } from './transaction.js';

const PLAN = { en: 'The plan', ja: '計画' };
const OFFICE = { en: 'The office', ja: '事業所' };

function noRow(rowId: string): AppError {
  return validationError([fieldError('/rowId', `the plan has no schedule row "${rowId}"`, `計画にスケジュール行「${rowId}」はありません`)]);
}

/** Sets the offices that took part in the meeting of (plan, row, month); `version` null for the first time. */
export async function saveAttendance(ctx: ServiceContext, planId: string, rowId: string, month: number, input: AttendanceInput): Promise<Attendance> {
  const key = `${planId}/${rowId}/${month}`;
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const plan = await findPlan(trx, planId);
      if (!plan) throw errors.notFound(PLAN);
      if (!plan.schedule.some((r) => r.id === rowId)) throw noRow(rowId);
      const wardOffices = new Set((await listOffices(trx, plan.wardId)).map((o) => o.id));
      const strangers = input.officeIds.map((id, i) => ({ id, i })).filter((x) => !wardOffices.has(x.id));
      if (strangers.length) {
        throw validationError(strangers.map((s) => fieldError(`/officeIds/${s.i}`, `"${s.id}" is not an office of this ward's registry`, `「${s.id}」はこの区の事業所名簿にありません`)));
      }
      const before = await findAttendance(trx, planId, rowId, month);
      const base = input.version ?? null;
      if ((base === null && before) || (base !== null && (!before || before.version !== base))) throw errors.versionConflict(before ?? null);
      const officeIds = [...input.officeIds].sort();
      if (!(await writeAttendance(trx, { planId, wardId: plan.wardId, fiscalYear: plan.fiscalYear, rowId, month, officeIds }, base, ctx.now, ctx.actor?.username ?? null))) {
        throw errors.versionConflict((await findAttendance(trx, planId, rowId, month)) ?? null);
      }
      const after = (await findAttendance(trx, planId, rowId, month))!;
      await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'attendance', entityId: key, wardId: plan.wardId, action: before ? 'update' : 'create', version: after.version, summary: `attendance ${rowId} ${month}月: ${officeIds.length} offices`, before: before ?? null, after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.versionConflict((await findAttendance(ctx.db, planId, rowId, month)) ?? null);
    throw e;
  }
}

export async function recordVisit(ctx: ServiceContext, input: VisitInput): Promise<Visit> {
  return inTransaction(ctx.db, async (trx) => {
    const office = await findOffice(trx, input.officeId);
    if (!office) throw validationError([fieldError('/officeId', `no office "${input.officeId}"`, `事業所「${input.officeId}」はありません`)]);
    const visit: Visit = { id: randomUUID(), wardId: office.wardId, officeId: office.id, visitedOn: input.visitedOn, kind: input.kind, note: input.note ?? '', createdAt: ctx.now, createdBy: ctx.actor?.username ?? null };
    await insertVisit(trx, visit);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'visit', entityId: visit.id, wardId: office.wardId, action: 'create', version: 1, summary: `${input.kind} ${office.name} ${input.visitedOn}`, before: null, after: visit });
    return visit;
  });
}

export async function removeVisit(ctx: ServiceContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = (await trx.selectFrom('visits').select(['id', 'ward_id']).where('id', '=', id).executeTakeFirst()) ?? null;
    if (!before) throw errors.notFound({ en: 'The visit', ja: '訪問の記録' });
    const [visit] = (await listVisits(trx, { wardId: before.ward_id })).filter((v) => v.id === id);
    await deleteVisit(trx, id);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'visit', entityId: id, wardId: before.ward_id, action: 'delete', version: 1, summary: `visit ${visit?.visitedOn ?? ''} deleted`, before: visit ?? null, after: null });
  });
}

export async function addStatusSheet(ctx: ServiceContext, officeId: string, input: StatusSheetInput): Promise<StatusSheet> {
  return inTransaction(ctx.db, async (trx) => {
    const office = await findOffice(trx, officeId);
    if (!office) throw errors.notFound(OFFICE);
    if (input.availableFrom && input.newCases === 'no') {
      throw validationError([fieldError('/availableFrom', 'leave "from" empty when the office cannot take new cases', '新規の受け入れが「不可」のときは受け入れ開始日を空にしてください')]);
    }
    const sheet: StatusSheet = { id: randomUUID(), officeId, wardId: office.wardId, reportedOn: input.reportedOn, trends: input.trends ?? '', issues: input.issues ?? '', newCases: input.newCases, availableFrom: input.availableFrom ?? null, createdAt: ctx.now, createdBy: ctx.actor?.username ?? null };
    await insertStatusSheet(trx, sheet);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'statusSheet', entityId: sheet.id, wardId: office.wardId, action: 'create', version: 1, summary: `status sheet ${office.name} ${input.reportedOn}: ${input.newCases}`, before: null, after: sheet });
    return sheet;
  });
}

/** Fixes (or changes) the date, time and place of the meeting of (plan, row, month). */
export async function saveMeetingDate(ctx: ServiceContext, planId: string, rowId: string, month: number, input: MeetingDateInput): Promise<MeetingDate> {
  const key = `${planId}/${rowId}/${month}`;
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const plan = await findPlan(trx, planId);
      if (!plan) throw errors.notFound(PLAN);
      if (!plan.schedule.some((r) => r.id === rowId)) throw noRow(rowId);
      const problems = [];
      if (!dateFitsMonth(plan.fiscalYear, month, input.date)) problems.push(fieldError('/date', `must fall in ${yearMonthOf(plan.fiscalYear, month)}`, `${yearMonthOf(plan.fiscalYear, month)} の日付にしてください`));
      if (input.endTime && !input.startTime) problems.push(fieldError('/startTime', 'give the start time too', '開始時刻も入力してください'));
      if (input.endTime && input.startTime && input.endTime <= input.startTime) problems.push(fieldError('/endTime', 'must be after the start time', '開始時刻より後にしてください'));
      if (problems.length) throw validationError(problems);
      const before = await findMeetingDate(trx, planId, rowId, month);
      const base = input.version ?? null;
      if ((base === null && before) || (base !== null && (!before || before.version !== base))) throw errors.versionConflict(before ?? null);
      const write = { planId, rowId, month, wardId: plan.wardId, fiscalYear: plan.fiscalYear, date: input.date, startTime: input.startTime ?? null, endTime: input.endTime ?? null, place: (input.place ?? '').trim() };
      if (!(await writeMeetingDate(trx, write, base, ctx.now, ctx.actor?.username ?? null))) throw errors.versionConflict((await findMeetingDate(trx, planId, rowId, month)) ?? null);
      const after = (await findMeetingDate(trx, planId, rowId, month))!;
      await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'meetingDate', entityId: key, wardId: plan.wardId, action: before ? 'update' : 'create', version: after.version, summary: `meeting ${rowId} ${month}月 on ${input.date}`, before: before ?? null, after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.versionConflict((await findMeetingDate(ctx.db, planId, rowId, month)) ?? null);
    throw e;
  }
}

export async function removeMeetingDate(ctx: ServiceContext, planId: string, rowId: string, month: number, version: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = await findMeetingDate(trx, planId, rowId, month);
    if (!before) throw errors.notFound({ en: 'The meeting date', ja: '会議の日程' });
    if (!(await deleteMeetingDate(trx, planId, rowId, month, version))) throw errors.versionConflict(before);
    const plan = await findPlan(trx, planId);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'meetingDate', entityId: `${planId}/${rowId}/${month}`, wardId: plan?.wardId ?? null, action: 'delete', version: before.version, summary: `meeting ${rowId} ${month}月 date cleared`, before, after: null });
  });
}
