/** The office network's tables: offices, attendance, visits, status sheets and fixed meeting dates. */
import type { Kysely } from 'kysely';
import type { Attendance, MeetingDate, NewCases, Office, OfficeFields, StatusSheet, Visit, VisitKind } from '../../../schemas/types.js';
import type { AttendanceRow, Database, OfficeRow } from '../database.js';

type Db = Kysely<Database>;

export function rowToOffice(r: OfficeRow): Office {
  return {
    id: r.id,
    wardId: r.ward_id,
    name: r.name,
    kind: r.kind,
    staffCount: r.staff_count === null ? null : Number(r.staff_count),
    fte: r.fte === null ? null : Number(r.fte),
    onePerson: Number(r.one_person) === 1,
    servesChildren: Number(r.serves_children) === 1,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    closure: r.closure as Office['closure'],
    contactRole: r.contact_role,
    contactPhone: r.contact_phone,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function listOffices(db: Db, wardId?: string): Promise<Office[]> {
  let q = db.selectFrom('offices').selectAll();
  if (wardId) q = q.where('ward_id', '=', wardId);
  const rows = await q.orderBy('ward_id').orderBy('name').orderBy('id').execute();
  return rows.map(rowToOffice);
}

export async function findOffice(db: Db, id: string): Promise<Office | undefined> {
  const row = await db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToOffice(row) : undefined;
}

function officeColumns(f: OfficeFields) {
  return {
    name: f.name,
    kind: f.kind,
    staff_count: f.staffCount ?? null,
    fte: f.fte ?? null,
    one_person: f.onePerson ? 1 : 0,
    serves_children: f.servesChildren ? 1 : 0,
    opened_on: f.openedOn ?? null,
    closed_on: f.closedOn ?? null,
    closure: f.closure ?? null,
    contact_role: f.contactRole ?? '',
    contact_phone: f.contactPhone ?? '',
  };
}

export async function insertOffice(db: Db, id: string, wardId: string, f: OfficeFields, at: string, by: string | null): Promise<void> {
  await db.insertInto('offices').values({ id, ward_id: wardId, ...officeColumns(f), version: 1, created_at: at, updated_at: at, updated_by: by }).execute();
}

export async function updateOffice(db: Db, id: string, f: OfficeFields, baseVersion: number, at: string, by: string | null): Promise<boolean> {
  const r = await db
    .updateTable('offices')
    .set({ ...officeColumns(f), version: baseVersion + 1, updated_at: at, updated_by: by })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- attendance

export function rowToAttendance(r: AttendanceRow): Attendance {
  return {
    planId: r.plan_id,
    wardId: r.ward_id,
    fiscalYear: r.fiscal_year,
    rowId: r.row_id,
    month: r.month,
    officeIds: JSON.parse(r.office_ids) as string[],
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function attendanceOfPlan(db: Db, planId: string): Promise<Attendance[]> {
  const rows = await db.selectFrom('attendance').selectAll().where('plan_id', '=', planId).orderBy('month').orderBy('row_id').execute();
  return rows.map(rowToAttendance);
}

export async function attendanceOfYears(db: Db, fromYear: number, toYear: number): Promise<Attendance[]> {
  const rows = await db.selectFrom('attendance').selectAll().where('fiscal_year', '>=', fromYear).where('fiscal_year', '<=', toYear).execute();
  return rows.map(rowToAttendance);
}

export async function findAttendance(db: Db, planId: string, rowId: string, month: number): Promise<Attendance | undefined> {
  const row = await db.selectFrom('attendance').selectAll().where('plan_id', '=', planId).where('row_id', '=', rowId).where('month', '=', month).executeTakeFirst();
  return row ? rowToAttendance(row) : undefined;
}

export async function writeAttendance(db: Db, a: Omit<Attendance, 'version' | 'updatedAt' | 'updatedBy'>, baseVersion: number | null, at: string, by: string | null): Promise<boolean> {
  if (baseVersion === null) {
    await db
      .insertInto('attendance')
      .values({ plan_id: a.planId, row_id: a.rowId, month: a.month, ward_id: a.wardId, fiscal_year: a.fiscalYear, office_ids: JSON.stringify(a.officeIds), version: 1, updated_at: at, updated_by: by })
      .execute();
    return true;
  }
  const r = await db
    .updateTable('attendance')
    .set({ office_ids: JSON.stringify(a.officeIds), version: baseVersion + 1, updated_at: at, updated_by: by })
    .where('plan_id', '=', a.planId)
    .where('row_id', '=', a.rowId)
    .where('month', '=', a.month)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- visits

export async function listVisits(db: Db, filter: { wardId?: string; from?: string; to?: string }): Promise<Visit[]> {
  let q = db.selectFrom('visits').selectAll();
  if (filter.wardId) q = q.where('ward_id', '=', filter.wardId);
  if (filter.from) q = q.where('visited_on', '>=', filter.from);
  if (filter.to) q = q.where('visited_on', '<=', filter.to);
  const rows = await q.orderBy('visited_on').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, wardId: r.ward_id, officeId: r.office_id, visitedOn: r.visited_on, kind: r.kind as VisitKind, note: r.note, createdAt: r.created_at, createdBy: r.created_by }));
}

export async function insertVisit(db: Db, v: Visit): Promise<void> {
  await db.insertInto('visits').values({ id: v.id, ward_id: v.wardId, office_id: v.officeId, visited_on: v.visitedOn, kind: v.kind, note: v.note, created_at: v.createdAt, created_by: v.createdBy }).execute();
}

export async function deleteVisit(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('visits').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---------------------------------------------------------------- status sheets

export async function listStatusSheets(db: Db, filter: { officeId?: string; wardId?: string }): Promise<StatusSheet[]> {
  let q = db.selectFrom('status_sheets').selectAll();
  if (filter.officeId) q = q.where('office_id', '=', filter.officeId);
  if (filter.wardId) q = q.where('ward_id', '=', filter.wardId);
  const rows = await q.orderBy('reported_on', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    wardId: r.ward_id,
    reportedOn: r.reported_on,
    trends: r.trends,
    issues: r.issues,
    newCases: r.new_cases as NewCases,
    availableFrom: r.available_from,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

export async function insertStatusSheet(db: Db, s: StatusSheet): Promise<void> {
  await db
    .insertInto('status_sheets')
    .values({ id: s.id, office_id: s.officeId, ward_id: s.wardId, reported_on: s.reportedOn, trends: s.trends, issues: s.issues, new_cases: s.newCases, available_from: s.availableFrom, created_at: s.createdAt, created_by: s.createdBy })
    .execute();
}

// ---------------------------------------------------------------- meeting dates

function rowToMeetingDate(r: { plan_id: string; row_id: string; month: number; date: string; start_time: string | null; end_time: string | null; place: string; version: number }): MeetingDate {
  return { planId: r.plan_id, rowId: r.row_id, month: r.month, date: r.date, startTime: r.start_time, endTime: r.end_time, place: r.place, version: r.version };
}

export async function meetingDatesOfPlans(db: Db, planIds: string[]): Promise<MeetingDate[]> {
  if (!planIds.length) return [];
  const rows = await db.selectFrom('meeting_dates').selectAll().where('plan_id', 'in', planIds).execute();
  return rows.map(rowToMeetingDate);
}

export async function findMeetingDate(db: Db, planId: string, rowId: string, month: number): Promise<MeetingDate | undefined> {
  const row = await db.selectFrom('meeting_dates').selectAll().where('plan_id', '=', planId).where('row_id', '=', rowId).where('month', '=', month).executeTakeFirst();
  return row ? rowToMeetingDate(row) : undefined;
}

export async function writeMeetingDate(db: Db, m: Omit<MeetingDate, 'version'> & { wardId: string; fiscalYear: number }, baseVersion: number | null, at: string, by: string | null): Promise<boolean> {
  const values = { date: m.date, start_time: m.startTime, end_time: m.endTime, place: m.place, updated_at: at, updated_by: by };
  if (baseVersion === null) {
    await db.insertInto('meeting_dates').values({ plan_id: m.planId, row_id: m.rowId, month: m.month, ward_id: m.wardId, fiscal_year: m.fiscalYear, version: 1, ...values }).execute();
    return true;
  }
  const r = await db
    .updateTable('meeting_dates')
    .set({ ...values, version: baseVersion + 1 })
    .where('plan_id', '=', m.planId)
    .where('row_id', '=', m.rowId)
    .where('month', '=', m.month)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteMeetingDate(db: Db, planId: string, rowId: string, month: number, baseVersion: number): Promise<boolean> {
  const r = await db.deleteFrom('meeting_dates').where('plan_id', '=', planId).where('row_id', '=', rowId).where('month', '=', month).where('version', '=', baseVersion).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** When any of these plans' fixed dates last changed (null if none): the calendar feed's DTSTAMP. */
export async function lastMeetingDateChange(db: Db, planIds: string[]): Promise<string | null> {
  if (!planIds.length) return null;
  const row = await db.selectFrom('meeting_dates').select((eb) => eb.fn.max('updated_at').as('at')).where('plan_id', 'in', planIds).executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}
