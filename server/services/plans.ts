/**
 * Plan use cases: create, replace (with the version it was based on), restore an older version. Each is
 * one transaction that writes the plan and its journal entry together.
 */
import { randomUUID } from 'node:crypto';
import type { Plan, PlanContent, PlanCreate, PlanUpdate } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { checkPlan, contentOf } from '../core/plan-rules.js';
import { changedAfterRevision, isEditable } from '../core/plan-lifecycle.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findPlan, findPlanFor, insertPlan, replacePlan } from '../db/repositories/plans.js';
import { snapshotAt } from '../db/repositories/journal.js';
import { type ServiceContext, isUniqueViolation } from './context.js';

const PLAN = { en: 'The plan', ja: '計画' };

function planExists(current: Plan): AppError {
  return new AppError(
    409,
    'PLAN_EXISTS',
    {
      en: `Ward "${current.wardId}" already has a plan for fiscal year ${current.fiscalYear}; edit that one.`,
      ja: `この区の${current.fiscalYear}年度の計画はすでにあります。既存の計画を編集してください。`,
    },
    { current },
  );
}

export interface CreateOptions {
  /**
   * 'draft': a new plan must start as a draft (ward editors through the API: the status moves only by
   * the lifecycle's steps). 'any': an administrator or the demo loader bringing in an existing plan.
   */
  initialStatus?: 'draft' | 'any';
  /** The plan it was drafted from (last year's). */
  sourcePlanId?: string | null;
}

/** A ward edits its text only while the plan is a draft, returned, or approved (a revision). */
export function planLocked(plan: Plan): AppError {
  return new AppError(
    409,
    'PLAN_LOCKED',
    {
      en: `The plan is ${plan.status}: it cannot be edited now${plan.status === 'submitted' ? ' (wait until the city approves or returns it)' : ''}.`,
      ja: plan.status === 'submitted' ? '計画は提出済みです。市が承認または差し戻すまで編集できません。' : '計画は保管済みのため編集できません。',
    },
    { current: plan },
  );
}

function statusUnchangeable(current: Plan): AppError {
  return validationError([
    fieldError(
      '/status',
      `the status changes only through a step (POST /api/plans/{id}/transition); it is "${current.status}"`,
      `状況は提出・承認などの操作でのみ変わります(現在は "${current.status}")`,
    ),
  ]);
}

export async function createPlan(ctx: ServiceContext, input: PlanCreate, options: CreateOptions = {}): Promise<Plan> {
  const content = contentOf(input);
  if (options.initialStatus === 'draft' && content.status !== 'draft') {
    throw validationError([fieldError('/status', `a new plan starts as a draft (got "${content.status}")`, `新しい計画は「作成中」から始まります("${content.status}" は指定できません)`)]);
  }
  const problems = checkPlan(content, ctx.plugins.catalog);
  if (problems.length) throw validationError(problems);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const existing = await findPlanFor(trx, content.wardId, content.fiscalYear);
      if (existing) throw planExists(existing);
      // A plan brought in as already approved has its first version as the approved baseline.
      const approved = content.status === 'approved' || content.status === 'archived';
      const plan = await insertPlan(trx, randomUUID(), content, { at: ctx.now, by: ctx.actor?.username ?? null }, { sourcePlanId: options.sourcePlanId ?? null, approvedVersion: approved ? 1 : null });
      await appendJournal(trx, {
        at: ctx.now,
        actor: ctx.actor,
        entity: 'plan',
        entityId: plan.id,
        wardId: plan.wardId,
        action: 'create',
        version: plan.version,
        summary: `plan created: ${plan.title}`,
        before: null,
        after: contentOf(plan),
      });
      return plan;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const existing = await findPlanFor(ctx.db, content.wardId, content.fiscalYear);
      if (existing) throw planExists(existing);
    }
    throw e;
  }
}

export async function updatePlan(ctx: ServiceContext, id: string, input: PlanUpdate): Promise<Plan> {
  if (input.id !== undefined && input.id !== id) {
    throw validationError([fieldError('/id', `does not match the plan in the URL (${id})`, `URL の計画(${id})と一致しません`)]);
  }
  const content = contentOf(input);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findPlan(trx, id);
    if (!current) throw errors.notFound(PLAN);
    const fixed: ReturnType<typeof fieldError>[] = [];
    if (content.wardId !== current.wardId) {
      fixed.push(fieldError('/wardId', `a plan's ward cannot be changed (it is "${current.wardId}")`, `計画の区は変更できません(現在は "${current.wardId}")`));
    }
    if (content.fiscalYear !== current.fiscalYear) {
      fixed.push(fieldError('/fiscalYear', `a plan's fiscal year cannot be changed (it is ${current.fiscalYear})`, `計画の年度は変更できません(現在は ${current.fiscalYear})`));
    }
    const problems = [...fixed, ...checkPlan(content, ctx.plugins.catalog)];
    if (problems.length) throw validationError(problems);
    if (input.version !== current.version) throw errors.versionConflict(current);
    if (content.status !== current.status) throw statusUnchangeable(current);
    if (!isEditable(current.status)) throw planLocked(current);
    const saved = await replacePlan(trx, id, content, input.version, { at: ctx.now, by: ctx.actor?.username ?? null }, { changedSinceApproval: changedAfterRevision(current) });
    if (!saved) throw errors.versionConflict((await findPlan(trx, id)) ?? current);
    await appendJournal(trx, {
      at: ctx.now,
      actor: ctx.actor,
      entity: 'plan',
      entityId: id,
      wardId: saved.wardId,
      action: 'update',
      version: saved.version,
      summary: `plan saved (version ${saved.version})`,
      before: contentOf(current),
      after: contentOf(saved),
    });
    return saved;
  });
}

/** An older version as it was saved (from the journal). */
export async function planVersion(ctx: ServiceContext, id: string, version: number): Promise<Plan> {
  const current = await findPlan(ctx.db, id);
  if (!current) throw errors.notFound(PLAN);
  const snapshot = (await snapshotAt(ctx.db, 'plan', id, version)) as PlanContent | undefined;
  if (!snapshot) throw errors.notFound({ en: `Version ${version} of the plan`, ja: `計画の版 ${version}` });
  const entry = await ctx.db
    .selectFrom('journal')
    .select(['at', 'username'])
    .where('entity', '=', 'plan')
    .where('entity_id', '=', id)
    .where('version', '=', version)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return {
    ...snapshot,
    id,
    version,
    createdAt: current.createdAt,
    updatedAt: entry.at,
    updatedBy: entry.username,
    sourcePlanId: current.sourcePlanId,
    approvedVersion: current.approvedVersion,
    changedSinceApproval: current.changedSinceApproval,
  };
}

/** Restores an older version as a new version (journalled as a restore); takes the current version it is based on. */
export async function restorePlan(ctx: ServiceContext, id: string, fromVersion: number, baseVersion: number): Promise<Plan> {
  const old = await planVersion(ctx, id, fromVersion);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findPlan(trx, id);
    if (!current) throw errors.notFound(PLAN);
    if (current.version !== baseVersion) throw errors.versionConflict(current);
    if (!isEditable(current.status)) throw planLocked(current);
    // A restore brings back the text, never a status: that moves only by the lifecycle's steps.
    const content = { ...contentOf(old), status: current.status };
    // The catalog may have changed since (a meeting type removed): a restore must still be a valid plan.
    const problems = checkPlan(content, ctx.plugins.catalog);
    if (problems.length) throw validationError(problems);
    const saved = await replacePlan(trx, id, content, baseVersion, { at: ctx.now, by: ctx.actor?.username ?? null }, { changedSinceApproval: changedAfterRevision(current) });
    if (!saved) throw errors.versionConflict((await findPlan(trx, id)) ?? current);
    await appendJournal(trx, {
      at: ctx.now,
      actor: ctx.actor,
      entity: 'plan',
      entityId: id,
      wardId: saved.wardId,
      action: 'restore',
      version: saved.version,
      summary: `version ${fromVersion} restored as version ${saved.version}`,
      before: contentOf(current),
      after: contentOf(saved),
    });
    return saved;
  });
}
