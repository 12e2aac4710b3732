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

export function rowToPlan(row: PlanRow): Plan {
  const content = JSON.parse(row.content) as PlanContent;
  return {
    id: row.id,
    ...content,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function listPlans(db: Db, filter: { fiscalYear?: number; wardId?: string }): Promise<PlanSummary[]> {
  let q = db.selectFrom('plans').select(['id', 'ward_id', 'fiscal_year', 'title', 'status', 'version', 'updated_at', 'updated_by']);
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

export async function insertPlan(db: Db, id: string, plan: PlanContent, meta: WriteMeta): Promise<Plan> {
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
    })
    .execute();
  return (await findPlan(db, id))!;
}

/**
 * Replaces a plan's content if it is still at `baseVersion`. The version check and the write are one
 * statement, so two concurrent saves can never both succeed. Returns undefined when the version moved on.
 */
export async function replacePlan(db: Db, id: string, plan: PlanContent, baseVersion: number, meta: WriteMeta): Promise<Plan | undefined> {
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
    })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return findPlan(db, id);
}
