/** Escalations: issues a ward sends to the citywide subcommittee, and the replies. */
import type { Kysely } from 'kysely';
import type { Escalation, EscalationStatus } from '../../../schemas/types.js';
import type { Database, EscalationRow, EscalationsTable } from '../database.js';

type Db = Kysely<Database>;

export function rowToEscalation(r: EscalationRow): Escalation {
  return {
    id: r.id,
    planId: r.plan_id,
    wardId: r.ward_id,
    fiscalYear: r.fiscal_year,
    issueId: r.issue_id,
    note: r.note,
    confidential: r.confidential === 1,
    status: r.status as EscalationStatus,
    reply: r.reply,
    repliedAt: r.replied_at,
    repliedBy: r.replied_by,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export async function listEscalations(db: Db, filter: { fiscalYear?: number; wardId?: string; planId?: string }): Promise<Escalation[]> {
  let q = db.selectFrom('escalations').selectAll();
  if (filter.fiscalYear !== undefined) q = q.where('fiscal_year', '=', filter.fiscalYear);
  if (filter.wardId !== undefined) q = q.where('ward_id', '=', filter.wardId);
  if (filter.planId !== undefined) q = q.where('plan_id', '=', filter.planId);
  const rows = await q.orderBy('created_at').execute();
  return rows.map(rowToEscalation);
}

export async function findEscalation(db: Db, id: string): Promise<Escalation | undefined> {
  const row = await db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToEscalation(row) : undefined;
}

export async function insertEscalation(db: Db, e: Escalation): Promise<void> {
  await db
    .insertInto('escalations')
    .values({
      id: e.id,
      plan_id: e.planId,
      ward_id: e.wardId,
      fiscal_year: e.fiscalYear,
      issue_id: e.issueId,
      note: e.note,
      confidential: e.confidential ? 1 : 0,
      status: e.status,
      reply: e.reply,
      replied_at: e.repliedAt,
      replied_by: e.repliedBy,
      created_at: e.createdAt,
      created_by: e.createdBy,
      updated_at: e.updatedAt,
      version: e.version,
    })
    .execute();
}

/** Writes the changed fields if the escalation is still at `baseVersion`. */
export async function updateEscalation(
  db: Db,
  id: string,
  baseVersion: number,
  set: Partial<Pick<EscalationsTable, 'note' | 'confidential' | 'status' | 'reply' | 'replied_at' | 'replied_by'>> & { updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('escalations')
    .set({ ...set, version: baseVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
