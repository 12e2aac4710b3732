/** Progress records: one per (plan, schedule row, month). */
import type { Kysely } from 'kysely';
import type { ProgressRecord, ProgressStatus } from '../../../schemas/types.js';
import type { Database, ProgressRow } from '../database.js';

type Db = Kysely<Database>;

export function rowToProgress(row: ProgressRow): ProgressRecord {
  return {
    planId: row.plan_id,
    wardId: row.ward_id,
    fiscalYear: row.fiscal_year,
    rowId: row.row_id,
    month: row.month,
    status: row.status as ProgressStatus,
    heldOn: row.held_on,
    attendance: row.attendance,
    note: row.note,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function progressOfPlan(db: Db, planId: string): Promise<ProgressRecord[]> {
  const rows = await db.selectFrom('progress').selectAll().where('plan_id', '=', planId).orderBy('row_id').orderBy('month').execute();
  return rows.map(rowToProgress);
}

export async function progressOfYear(db: Db, fiscalYear: number): Promise<ProgressRecord[]> {
  const rows = await db.selectFrom('progress').selectAll().where('fiscal_year', '=', fiscalYear).execute();
  return rows.map(rowToProgress);
}

export async function findProgress(db: Db, planId: string, rowId: string, month: number): Promise<ProgressRecord | undefined> {
  const row = await db
    .selectFrom('progress')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('row_id', '=', rowId)
    .where('month', '=', month)
    .executeTakeFirst();
  return row ? rowToProgress(row) : undefined;
}

export interface ProgressWrite {
  planId: string;
  wardId: string;
  fiscalYear: number;
  rowId: string;
  month: number;
  status: ProgressStatus;
  heldOn: string | null;
  attendance: number | null;
  note: string;
  extra: Record<string, unknown>;
}

/** Inserts a record at `version` (1 for a cell never recorded; after a deletion, past every earlier version). */
export async function insertProgress(db: Db, w: ProgressWrite, version: number, at: string, by: string | null): Promise<void> {
  await db
    .insertInto('progress')
    .values({
      plan_id: w.planId,
      row_id: w.rowId,
      month: w.month,
      ward_id: w.wardId,
      fiscal_year: w.fiscalYear,
      status: w.status,
      held_on: w.heldOn,
      attendance: w.attendance,
      note: w.note,
      extra: JSON.stringify(w.extra),
      version,
      updated_at: at,
      updated_by: by,
    })
    .execute();
}

/** Updates a record if it is still at `baseVersion`; false when someone else changed it first. */
export async function updateProgress(db: Db, w: ProgressWrite, baseVersion: number, at: string, by: string | null): Promise<boolean> {
  const result = await db
    .updateTable('progress')
    .set({
      status: w.status,
      held_on: w.heldOn,
      attendance: w.attendance,
      note: w.note,
      extra: JSON.stringify(w.extra),
      version: baseVersion + 1,
      updated_at: at,
      updated_by: by,
    })
    .where('plan_id', '=', w.planId)
    .where('row_id', '=', w.rowId)
    .where('month', '=', w.month)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteProgress(db: Db, planId: string, rowId: string, month: number, baseVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('progress')
    .where('plan_id', '=', planId)
    .where('row_id', '=', rowId)
    .where('month', '=', month)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
