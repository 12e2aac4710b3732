/** Plans: stored as one row each, the content as JSON text. Functions take a Kysely or a Transaction. */
import type { Kysely } from 'kysely';
import type { Plan, PlanContent, PlanSummary, PlanStatus } from '../../../schemas/types.js';
import { contentOf } from '../../core/plan-rules.js';
import type { Database, PlanRow } from '../database.js';

type Db = Kysely<Database>;

export interface WriteMeta {
  at: string;
  by: string | null;
}

/** The lifecycle columns a write may set (left as they are when absent). */
export interface LifecycleWrite {
  sourcePlanId?: string | null;
  approvedVersion?: number | null;
  changedSinceApproval?: boolean;
}

export function rowToPlan(row: PlanRow): Plan {
  const content = JSON.parse(row.content) as PlanContent;
  return {
    id: row.id,
    ...content,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    sourcePlanId: row.source_plan_id ?? null,
    approvedVersion: row.approved_version ?? null,
    changedSinceApproval: Number(row.changed_since_approval) === 1,
  };
}

export async function listPlans(db: Db, filter: { fiscalYear?: number; wardId?: string }): Promise<PlanSummary[]> {
  let q = db
    .selectFrom('plans')
    .select(['id', 'ward_id', 'fiscal_year', 'title', 'status', 'version', 'updated_at', 'updated_by', 'source_plan_id', 'approved_version', 'changed_since_approval']);
  if (filter.fiscalYear !== undefined) q = q.where('fiscal_year', '=', filter.fiscalYear);
  if (filter.wardId !== undefined) q = q.where('ward_id', '=', filter.wardId);
  const rows = await q.orderBy('fiscal_year', 'desc').orderBy('ward_id').execute();
  return rows.map((r) => ({
    id: r.id,
    wardId: r.ward_id,
    fiscalYear: r.fiscal_year,
    title: r.title,
    status: r.status as PlanStatus,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    sourcePlanId: r.source_plan_id ?? null,
    approvedVersion: r.approved_version ?? null,
    changedSinceApproval: Number(r.changed_since_approval) === 1,
  }));
}

export async function findPlan(db: Db, id: string): Promise<Plan | undefined> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToPlan(row) : undefined;
}

export async function findPlanFor(db: Db, wardId: string, fiscalYear: number): Promise<Plan | undefined> {
  const row = await db
    .selectFrom('plans')
    .selectAll()
    .where('ward_id', '=', wardId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  return row ? rowToPlan(row) : undefined;
}

export async function plansOfYear(db: Db, fiscalYear: number): Promise<Plan[]> {
  const rows = await db.selectFrom('plans').selectAll().where('fiscal_year', '=', fiscalYear).execute();
  return rows.map(rowToPlan);
}

export async function insertPlan(db: Db, id: string, plan: PlanContent, meta: WriteMeta, lifecycle: LifecycleWrite = {}): Promise<Plan> {
  const content = contentOf(plan);
  await db
    .insertInto('plans')
    .values({
      id,
      ward_id: content.wardId,
      fiscal_year: content.fiscalYear,
      title: content.title,
      status: content.status,
      version: 1,
      content: JSON.stringify(content),
      created_at: meta.at,
      updated_at: meta.at,
      updated_by: meta.by,
      source_plan_id: lifecycle.sourcePlanId ?? null,
      approved_version: lifecycle.approvedVersion ?? null,
      changed_since_approval: lifecycle.changedSinceApproval ? 1 : 0,
    })
    .execute();
  return (await findPlan(db, id))!;
}

/**
 * Replaces a plan's content if it is still at `baseVersion`. The version check and the write are one
 * statement, so two concurrent saves can never both succeed. Returns undefined when the version moved on.
 */
export async function replacePlan(
  db: Db,
  id: string,
  plan: PlanContent,
  baseVersion: number,
  meta: WriteMeta,
  lifecycle: LifecycleWrite = {},
): Promise<Plan | undefined> {
  const content = contentOf(plan);
  const result = await db
    .updateTable('plans')
    .set({
      title: content.title,
      status: content.status,
      content: JSON.stringify(content),
      version: baseVersion + 1,
      updated_at: meta.at,
      updated_by: meta.by,
      ...(lifecycle.approvedVersion !== undefined ? { approved_version: lifecycle.approvedVersion } : {}),
      ...(lifecycle.changedSinceApproval !== undefined ? { changed_since_approval: lifecycle.changedSinceApproval ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return findPlan(db, id);
}

/** Removes a plan row (the service checks that it is an unsubmitted draft and journals it). */
export async function deletePlanRow(db: Db, id: string, baseVersion: number): Promise<boolean> {
  await db.deleteFrom('comments').where('plan_id', '=', id).execute();
  await db.deleteFrom('plan_steps').where('plan_id', '=', id).execute();
  const result = await db.deleteFrom('plans').where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
