/**
 * Escalation use cases: a ward sends an issue it cannot solve alone to the subcommittee, may edit or
 * withdraw it, and the subcommittee (city role) replies. Versioned and journalled like everything else.
 */
import { randomUUID } from 'node:crypto';
import type { Escalation, EscalationCreate, EscalationReply, EscalationUpdate } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findEscalation, insertEscalation, listEscalations, updateEscalation } from '../db/repositories/escalations.js';
import { findPlan } from '../db/repositories/plans.js';
import { type ServiceContext, isUniqueViolation } from './context.js';

const ESCALATION = { en: 'The escalation', ja: '部会への提起' };

function alreadyEscalated(current: Escalation): AppError {
  return new AppError(
    409,
    'ALREADY_ESCALATED',
    { en: 'This issue has already been sent to the subcommittee; edit that escalation instead.', ja: 'この課題はすでに部会へ提起されています。既存の提起を編集してください。' },
    { current },
  );
}

/**
 * The check above each insert sees only committed escalations; two requests at the same moment (on two
 * instances, or two PostgreSQL connections) both pass it, and the database's unique index
 * (escalations_one_open_per_issue) refuses the second: answered as the same 409.
 */
async function oneOpenPerIssue<T>(ctx: ServiceContext, planId: () => Promise<string | undefined>, issueId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const plan = await planId();
    const open = plan ? (await listEscalations(ctx.db, { planId: plan })).find((x) => x.issueId === issueId && x.status !== 'withdrawn') : undefined;
    if (open) throw alreadyEscalated(open);
    throw e;
  }
}

export async function createEscalation(ctx: ServiceContext, planId: string, input: EscalationCreate): Promise<Escalation> {
  return oneOpenPerIssue(ctx, async () => planId, input.issueId, () => insertOne(ctx, planId, input));
}

async function insertOne(ctx: ServiceContext, planId: string, input: EscalationCreate): Promise<Escalation> {
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await findPlan(trx, planId);
    if (!plan) throw errors.notFound({ en: 'The plan', ja: '計画' });
    if (!plan.issues.some((i) => i.id === input.issueId)) {
      throw validationError([fieldError('/issueId', `the plan has no issue "${input.issueId}"`, `計画に課題 "${input.issueId}" はありません`)]);
    }
    const open = (await listEscalations(trx, { planId })).find((e) => e.issueId === input.issueId && e.status !== 'withdrawn');
    if (open) throw alreadyEscalated(open);
    const e: Escalation = {
      id: randomUUID(),
      planId,
      wardId: plan.wardId,
      fiscalYear: plan.fiscalYear,
      issueId: input.issueId,
      note: input.note,
      confidential: input.confidential ?? false,
      status: 'open',
      reply: null,
      repliedAt: null,
      repliedBy: null,
      createdAt: ctx.now,
      createdBy: ctx.actor?.username ?? null,
      updatedAt: ctx.now,
      version: 1,
    };
    await insertEscalation(trx, e);
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'escalation', entityId: e.id, wardId: e.wardId, action: 'create', version: 1, summary: `issue ${e.issueId} escalated`, before: null, after: e });
    return e;
  });
}

export async function changeEscalation(ctx: ServiceContext, id: string, input: EscalationUpdate): Promise<Escalation> {
  const current = await findEscalation(ctx.db, id);
  return oneOpenPerIssue(ctx, async () => current?.planId, current?.issueId ?? '', () => updateOne(ctx, id, input));
}

async function updateOne(ctx: ServiceContext, id: string, input: EscalationUpdate): Promise<Escalation> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findEscalation(trx, id);
    if (!before) throw errors.notFound(ESCALATION);
    if (before.version !== input.version) throw errors.versionConflict(before);
    const reopening = before.status === 'withdrawn' && input.withdrawn === false;
    if (reopening) {
      const other = (await listEscalations(trx, { planId: before.planId })).find((e) => e.id !== id && e.issueId === before.issueId && e.status !== 'withdrawn');
      if (other) throw alreadyEscalated(other);
    }
    const ok = await updateEscalation(trx, id, input.version, {
      note: input.note ?? before.note,
      confidential: (input.confidential ?? before.confidential) ? 1 : 0,
      // A reopened escalation that had been answered keeps its answer (the ward can add to the note).
      status: input.withdrawn ? 'withdrawn' : reopening ? (before.reply ? 'answered' : 'open') : before.status,
      updated_at: ctx.now,
    });
    if (!ok) throw errors.versionConflict((await findEscalation(trx, id)) ?? before);
    const after = (await findEscalation(trx, id))!;
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'escalation', entityId: id, wardId: after.wardId, action: 'update', version: after.version, summary: after.status === 'withdrawn' ? 'escalation withdrawn' : 'escalation edited', before, after });
    return after;
  });
}

export async function replyToEscalation(ctx: ServiceContext, id: string, input: EscalationReply): Promise<Escalation> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findEscalation(trx, id);
    if (!before) throw errors.notFound(ESCALATION);
    if (before.status === 'withdrawn') {
      throw new AppError(409, 'ESCALATION_WITHDRAWN', { en: 'The ward has withdrawn this escalation.', ja: 'この提起は区により取り下げられています。' }, { current: before });
    }
    if (before.version !== input.version) throw errors.versionConflict(before);
    const ok = await updateEscalation(trx, id, input.version, {
      reply: input.reply,
      replied_at: ctx.now,
      replied_by: ctx.actor?.username ?? null,
      status: 'answered',
      updated_at: ctx.now,
    });
    if (!ok) throw errors.versionConflict((await findEscalation(trx, id)) ?? before);
    const after = (await findEscalation(trx, id))!;
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'escalation', entityId: id, wardId: after.wardId, action: 'reply', version: after.version, summary: 'subcommittee replied', before, after });
    return after;
  });
}
