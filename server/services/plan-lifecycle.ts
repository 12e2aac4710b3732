/**
 * The plan's lifecycle steps (submit, approve, return, archive) and deleting an unsubmitted draft. Each is
 * one transaction writing the plan, the step (with its reason) and the journal entry together.
 */
import { randomUUID } from 'node:crypto';
import type { Plan, PlanStep, PlanTransition } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { decideStep, isDeletable } from '../core/plan-lifecycle.js';
import type { Principal } from '../core/permissions.js';
import { contentOf } from '../core/plan-rules.js';
import { appendJournal } from '../db/repositories/journal.js';
import { deletePlanRow, findPlan, replacePlan } from '../db/repositories/plans.js';
import type { ServiceContext } from './context.js';

const PLAN = { en: 'The plan', ja: '計画' };

const STATUS_JA: Record<string, string> = { draft: '作成中', submitted: '提出済', approved: '承認済', returned: '差戻し', archived: '保管' };

export async function transitionPlan(ctx: ServiceContext, principal: Principal, id: string, input: PlanTransition): Promise<Plan> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findPlan(trx, id);
    if (!current) throw errors.notFound(PLAN);
    const decision = decideStep(principal, current, input.to, input.reason);
    if (!decision.ok && decision.reason === 'forbidden') throw errors.forbidden();
    if (input.version !== current.version) throw errors.versionConflict(current);
    if (!decision.ok && decision.reason === 'notAllowed') {
      const allowed = decision.allowed.join(', ') || 'none';
      throw new AppError(
        409,
        'STEP_NOT_ALLOWED',
        {
          en: `A ${current.status} plan cannot be moved to ${input.to} (allowed: ${allowed}).`,
          ja: `「${STATUS_JA[current.status]}」の計画を「${STATUS_JA[input.to]}」にはできません。`,
        },
        { current },
      );
    }
    if (!decision.ok) {
      throw validationError([fieldError('/reason', 'say why the plan is returned, so that the ward knows what to change', '差し戻す理由を書いてください(区が何を直せばよいか分かるように)')]);
    }
    const reason = (input.reason ?? '').trim();
    const content = { ...contentOf(current), status: input.to };
    const approving = input.to === 'approved';
    const saved = await replacePlan(
      trx,
      id,
      content,
      current.version,
      { at: ctx.now, by: ctx.actor?.username ?? null },
      approving ? { approvedVersion: current.version + 1, changedSinceApproval: false } : input.to === 'returned' ? { changedSinceApproval: false } : {},
    );
    if (!saved) throw errors.versionConflict((await findPlan(trx, id)) ?? current);
    await trx
      .insertInto('plan_steps')
      .values({ id: randomUUID(), plan_id: id, ward_id: saved.wardId, at: ctx.now, username: ctx.actor?.username ?? null, from_status: current.status, to_status: input.to, version: saved.version, reason })
      .execute();
    await appendJournal(trx, {
      at: ctx.now,
      actor: ctx.actor,
      entity: 'plan',
      entityId: id,
      wardId: saved.wardId,
      action: 'transition',
      version: saved.version,
      summary: `${current.status} → ${input.to}${reason ? `: ${reason}` : ''}`,
      before: contentOf(current),
      after: contentOf(saved),
    });
    if (input.to === 'returned') {
      // The reason also appears among the plan's comments, where the ward answers the subcommittee.
      const comment = { id: randomUUID(), plan_id: id, ward_id: saved.wardId, fiscal_year: saved.fiscalYear, issue_id: null, body: `差戻し: ${reason}`, author: ctx.actor?.username ?? '', author_role: principal.role, created_at: ctx.now };
      await trx.insertInto('comments').values(comment).execute();
      await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'comment', entityId: comment.id, wardId: saved.wardId, action: 'create', version: null, summary: 'comment added (plan returned)', before: null, after: { body: comment.body } });
    }
    return saved;
  });
}

export async function listSteps(ctx: Pick<ServiceContext, 'db'>, planId: string): Promise<PlanStep[]> {
  const rows = await ctx.db.selectFrom('plan_steps').selectAll().where('plan_id', '=', planId).orderBy('at', 'desc').orderBy('version', 'desc').execute();
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, at: r.at, username: r.username, from: r.from_status, to: r.to_status, version: r.version, reason: r.reason }));
}

/** Deletes a plan created by mistake: only an unsubmitted draft, only with nothing recorded against it. */
export async function deletePlan(ctx: ServiceContext, id: string, baseVersion: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findPlan(trx, id);
    if (!current) throw errors.notFound(PLAN);
    if (current.version !== baseVersion) throw errors.versionConflict(current);
    if (!isDeletable(current.status)) {
      throw new AppError(409, 'PLAN_NOT_DELETABLE', {
        en: 'Only an unsubmitted draft can be deleted; a submitted plan is an official record.',
        ja: '削除できるのは未提出の作成中の計画だけです。提出した計画は公式の記録として残ります。',
      }, { current });
    }
    const [records, escalations] = await Promise.all([
      trx.selectFrom('progress').select('row_id').where('plan_id', '=', id).limit(1).execute(),
      trx.selectFrom('escalations').select('id').where('plan_id', '=', id).limit(1).execute(),
    ]);
    if (records.length || escalations.length) {
      throw new AppError(409, 'PLAN_HAS_RECORDS', {
        en: 'The draft already has progress records or escalations; it cannot be deleted.',
        ja: 'この計画には進捗の記録または部会への提起があるため削除できません。',
      }, { current });
    }
    if (!(await deletePlanRow(trx, id, baseVersion))) throw errors.versionConflict(current);
    await appendJournal(trx, {
      at: ctx.now,
      actor: ctx.actor,
      entity: 'plan',
      entityId: id,
      wardId: current.wardId,
      action: 'delete',
      version: current.version,
      summary: `draft deleted: ${current.title}`,
      before: contentOf(current),
      after: null,
    });
  });
}
