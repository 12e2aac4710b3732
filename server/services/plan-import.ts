/**
 * Importing a ward's plan from its office file: read (server/formats/xlsx.ts → core reader), validate like
 * any plan (JSON Schema + plan rules) with every error naming the sheet and cell, then either answer a
 * preview or save it as a new plan or a new version of the ward's plan of that year (same 409 rules as
 * the editor: a new version must name the version it replaces).
 */
import type { FieldError, ImportPreview, Plan, PlanContent } from '../../schemas/types.js';
import { findWard } from '../core/catalog.js';
import { AppError, fieldError } from '../core/errors.js';
import { eraFiscalYear } from '../core/fiscal-year.js';
import { checkPlan } from '../core/plan-rules.js';
import { cellOfPath } from '../core/plan-reading.js';
import { toFieldErrors } from '../core/validation-messages.js';
import { findPlanFor } from '../db/repositories/plans.js';
import { readPlanWorkbookIsolated } from '../formats/read-isolated.js';
import { sharedAjv } from '../validation/schemas.js';
import type { ServiceContext } from './context.js';
import { createPlan, updatePlan } from './plans.js';

export interface ImportOptions {
  wardId: string;
  fiscalYear: number;
  /** The version of the ward's existing plan the import replaces (a new version); omitted for a new plan. */
  version?: number;
}

function unreadable(fields: FieldError[]): AppError {
  const first = fields[0]!;
  return new AppError(
    400,
    'IMPORT_INVALID',
    { en: `The file cannot be taken as a plan. ${first.message}`, ja: `ファイルを計画として読み込めません。${first.messageJa}` },
    { fields },
  );
}

/** Reads and validates; throws 400 (with sheet and cell) when the file is not a valid plan. */
export async function readImport(ctx: ServiceContext, bytes: Buffer, options: ImportOptions): Promise<ImportPreview> {
  const ward = findWard(ctx.plugins.catalog, options.wardId);
  if (!ward) {
    const known = ctx.plugins.catalog.wards.map((w) => w.id).join(', ');
    throw unreadable([fieldError('/query/ward', `unknown ward "${options.wardId}" (known: ${known})`, `不明な区です: "${options.wardId}"(登録済み: ${known})`)]);
  }
  const defaultTitle = `${eraFiscalYear(options.fiscalYear)} 指定特定相談支援事業所と関係機関のネットワーク強化に向けた計画案(${ward.councilName.ja})`;
  const result = await readPlanWorkbookIsolated(bytes, { wardId: options.wardId, fiscalYear: options.fiscalYear, defaultTitle });
  if (result.errors.length) throw unreadable(result.errors);

  const validate = sharedAjv('body').getSchema('plan.schema.json#/definitions/planContent')!;
  const problems = validate(result.plan) ? checkPlan(result.plan, ctx.plugins.catalog) : toFieldErrors(validate.errors);
  if (problems.length) {
    throw unreadable(
      problems.map((p) => {
        const cell = cellOfPath(result.read, p.path) ?? result.sheet;
        return { ...p, cell, message: `${cell}: ${p.message}`, messageJa: `${cell}: ${p.messageJa}` };
      }),
    );
  }
  const existing = await findPlanFor(ctx.db, options.wardId, options.fiscalYear);
  return {
    sheet: result.sheet,
    plan: result.plan,
    read: result.read,
    notUnderstood: result.notUnderstood,
    existing: existing ? { id: existing.id, version: existing.version } : null,
  };
}

/** Saves what readImport read: a new plan, or (with `version`) a new version of the existing one. */
export async function saveImport(ctx: ServiceContext, preview: ImportPreview, options: ImportOptions): Promise<Plan> {
  const content: PlanContent = preview.plan;
  if (preview.existing && options.version !== undefined) {
    return updatePlan(ctx, preview.existing.id, { ...content, version: options.version });
  }
  // No existing plan, or no version given: createPlan answers 409 PLAN_EXISTS (with the current plan) if one exists.
  return createPlan(ctx, content);
}
