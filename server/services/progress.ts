/**
 * Recording progress: one record, or a month's records in one pass (all or nothing). Every record
 * carries the version it was based on; a stale one fails the whole batch with 409.
 */
import type { FieldError, MeetingType, ProgressBatchItem, ProgressRecord } from '../../schemas/types.js';
import { AppError, errors, validationError } from '../core/errors.js';
import { checkProgress } from '../core/progress-rules.js';
import { currentDate } from '../core/fiscal-year.js';
import { toFieldErrors } from '../core/validation-messages.js';
import { appendJournal, lastJournalledVersion } from '../db/repositories/journal.js';
import { findPlan } from '../db/repositories/plans.js';
import { deleteProgress, findProgress, insertProgress, progressOfPlan, updateProgress } from '../db/repositories/progress.js';
import { type ServiceContext, isUniqueViolation } from './context.js';

const PLAN = { en: 'The plan', ja: '計画' };

function progressKey(planId: string, rowId: string, month: number): string {
  return `${planId}/${rowId}/${month}`;
}

export function extraValidator(ctx: Pick<ServiceContext, 'plugins'>) {
  return (meetingType: MeetingType, extra: Record<string, unknown>, pointer: string): FieldError[] => {
    const key = meetingType.origin === 'city' ? `${ctx.plugins.catalog.city.id}/${meetingType.id}` : `${wardOf(ctx, meetingType)}/${meetingType.id}`;
    const validate = ctx.plugins.progressValidators.get(key);
    if (!validate || validate(extra)) return [];
    return toFieldErrors(validate.errors, pointer);
  };
}

function wardOf(ctx: Pick<ServiceContext, 'plugins'>, meetingType: MeetingType): string | undefined {
  return ctx.plugins.catalog.wards.find((w) => w.meetingTypes.includes(meetingType))?.id;
}

function conflict(current: ProgressRecord | undefined, item: ProgressBatchItem): AppError {
  if (current) return errors.versionConflict(current);
  return new AppError(
    409,
    'VERSION_CONFLICT',
    {
      en: `The record for row ${item.rowId}, month ${item.month} was deleted by someone else. Your change was not saved.`,
      ja: `この記録(${item.rowId}・${item.month}月)は他の人によって削除されています。変更は保存されていません。`,
    },
    { current: null },
  );
}

/** Saves records for one plan in one transaction. */
export async function saveProgress(ctx: ServiceContext, planId: string, items: ProgressBatchItem[], pointerOf: (i: number) => string, options: { dryRun?: boolean } = {}): Promise<ProgressRecord[]> {
  const plan = await findPlan(ctx.db, planId);
  if (!plan) throw errors.notFound(PLAN);
  const validate = extraValidator(ctx);
  const today = currentDate(new Date(ctx.now));
  const problems = items.flatMap((item, i) => checkProgress(plan, item, ctx.plugins.catalog, validate, pointerOf(i), today));
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = `${item.rowId}/${item.month}`;
    if (seen.has(key)) problems.push({ path: `${pointerOf(i)}`, field: `records[${i}]`, message: `row ${item.rowId}, month ${item.month} appears twice`, messageJa: `同じ行・月(${item.rowId}・${item.month}月)が2回あります` });
    seen.add(key);
  });
  if (problems.length) throw validationError(problems);
  // A check only (the month page asks before saving, so that every problem shows at once): nothing written.
  if (options.dryRun) return [];

  const by = ctx.actor?.username ?? null;
  try {
    return await writeRecords(ctx, planId, items, pointerOf, by);
  } catch (e) {
    // Two people creating the same record at the same moment: the second insert hits the primary key.
    if (isUniqueViolation(e)) {
      const item = items.find((i) => i.version === undefined || i.version === null)!;
      throw errors.versionConflict((await findProgress(ctx.db, planId, item.rowId, item.month)) ?? null);
    }
    throw e;
  }
}

async function writeRecords(ctx: ServiceContext, planId: string, items: ProgressBatchItem[], pointerOf: (i: number) => string, by: string | null): Promise<ProgressRecord[]> {
  const validate = extraValidator(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    // The plan may have changed between the check above and this transaction (a row removed).
    const fresh = await findPlan(trx, planId);
    if (!fresh) throw errors.notFound(PLAN);
    const recheck = items.flatMap((item, i) => checkProgress(fresh, item, ctx.plugins.catalog, validate, pointerOf(i), currentDate(new Date(ctx.now))));
    if (recheck.length) throw validationError(recheck);
    const saved: ProgressRecord[] = [];
    for (const item of items) {
      const write = {
        planId,
        wardId: fresh.wardId,
        fiscalYear: fresh.fiscalYear,
        rowId: item.rowId,
        month: item.month,
        status: item.status,
        heldOn: item.heldOn ?? null,
        attendance: item.attendance ?? null,
        note: item.note ?? '',
        extra: item.extra ?? {},
      };
      const before = await findProgress(trx, planId, item.rowId, item.month);
      if (item.version === undefined || item.version === null) {
        if (before) throw errors.versionConflict(before);
        // A cell recorded, deleted and recorded again must not reuse a version number: a stale edit based
        // on the deleted record would otherwise match the new one and overwrite it.
        await insertProgress(trx, write, (await lastJournalledVersion(trx, 'progress', progressKey(planId, item.rowId, item.month))) + 1, ctx.now, by);
      } else {
        if (!before || before.version !== item.version) throw conflict(before, item);
        if (!(await updateProgress(trx, write, item.version, ctx.now, by))) throw conflict(await findProgress(trx, planId, item.rowId, item.month), item);
      }
      const after = (await findProgress(trx, planId, item.rowId, item.month))!;
      await appendJournal(trx, {
        at: ctx.now,
        actor: ctx.actor,
        entity: 'progress',
        entityId: progressKey(planId, item.rowId, item.month),
        wardId: fresh.wardId,
        action: before ? 'update' : 'create',
        version: after.version,
        summary: `progress ${item.rowId} ${item.month}月: ${after.status}`,
        before: before ?? null,
        after,
      });
      saved.push(after);
    }
    return saved;
  });
}

export async function removeProgress(ctx: ServiceContext, planId: string, rowId: string, month: number, baseVersion: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findProgress(trx, planId, rowId, month);
    if (!before) throw errors.notFound({ en: 'The progress record', ja: '進捗の記録' });
    if (before.version !== baseVersion || !(await deleteProgress(trx, planId, rowId, month, baseVersion))) {
      throw errors.versionConflict((await findProgress(trx, planId, rowId, month)) ?? before);
    }
    await appendJournal(trx, {
      at: ctx.now,
      actor: ctx.actor,
      entity: 'progress',
      entityId: progressKey(planId, rowId, month),
      wardId: before.wardId,
      action: 'delete',
      version: before.version,
      summary: `progress ${rowId} ${month}月 deleted`,
      before,
      after: null,
    });
  });
}

export { progressOfPlan };
