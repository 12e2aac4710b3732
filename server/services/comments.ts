/** Comments on a ward's plan (the subcommittee's feedback, the ward's answers); append-only and journalled. */
import { randomUUID } from 'node:crypto';
import type { CommentCreate, PlanComment } from '../../schemas/types.js';
import { errors, fieldError, validationError } from '../core/errors.js';
import type { CommentsTable } from '../db/database.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findPlan } from '../db/repositories/plans.js';
import { displayNamesOf } from '../db/repositories/users.js';
import type { ServiceContext } from './context.js';

export function rowToComment(r: CommentsTable): PlanComment {
  return { id: r.id, planId: r.plan_id, wardId: r.ward_id, fiscalYear: r.fiscal_year, issueId: r.issue_id, body: r.body, author: r.author, authorRole: r.author_role, createdAt: r.created_at };
}

export async function listComments(ctx: Pick<ServiceContext, 'db'>, planId: string): Promise<PlanComment[]> {
  const rows = await ctx.db.selectFrom('comments').selectAll().where('plan_id', '=', planId).orderBy('created_at').orderBy('id').execute();
  const names = await displayNamesOf(ctx.db, rows.map((r) => r.author));
  return rows.map((r) => ({ ...rowToComment(r), authorName: names.get(r.author) ?? null }));
}

export async function addComment(ctx: ServiceContext, planId: string, input: CommentCreate, authorRole: string): Promise<PlanComment> {
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await findPlan(trx, planId);
    if (!plan) throw errors.notFound({ en: 'The plan', ja: '計画' });
    if (input.issueId && !plan.issues.some((i) => i.id === input.issueId)) {
      throw validationError([fieldError('/issueId', `the plan has no issue "${input.issueId}"`, `計画に課題 "${input.issueId}" はありません`)]);
    }
    const row: CommentsTable = { id: randomUUID(), plan_id: planId, ward_id: plan.wardId, fiscal_year: plan.fiscalYear, issue_id: input.issueId ?? null, body: input.body, author: ctx.actor?.username ?? '', author_role: authorRole, created_at: ctx.now };
    await trx.insertInto('comments').values(row).execute();
    const comment = rowToComment(row);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'comment', entityId: comment.id, wardId: plan.wardId, action: 'create', version: null, summary: 'comment added', before: null, after: comment });
    return comment;
  });
}
