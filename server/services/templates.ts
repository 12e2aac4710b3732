/** Plan templates: the plugins' (read-only) and those saved from plans (stored, journalled). */
import { randomUUID } from 'node:crypto';
import type { LocalizedText, Plan, PlanTemplate, SaveAsTemplate, TemplateContent } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { findWard } from '../core/catalog.js';
import { planFromTemplate, templateFromPlan } from '../core/plan-templates.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findPlan } from '../db/repositories/plans.js';
import type { ServiceContext } from './context.js';
import { createPlan } from './plans.js';

const MAX_SAVED = 200;

/** The templates a ward may start from (all wards' when wardId is undefined): city, ward, then saved ones. */
export async function listTemplates(ctx: Pick<ServiceContext, 'db' | 'plugins'>, wardId?: string): Promise<PlanTemplate[]> {
  const fits = (t: { wardId: string | null }) => wardId === undefined || t.wardId === null || t.wardId === wardId;
  const rows = await ctx.db.selectFrom('plan_templates').selectAll().orderBy('created_at').orderBy('id').limit(MAX_SAVED).execute();
  const saved: PlanTemplate[] = rows.map((r) => ({
    id: `saved/${r.id}`,
    origin: 'saved',
    wardId: r.ward_id,
    name: JSON.parse(r.name) as LocalizedText,
    content: JSON.parse(r.content) as TemplateContent,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
  return [...(ctx.plugins.templates ?? []), ...saved].filter(fits);
}

export async function saveAsTemplate(ctx: ServiceContext, planId: string, input: SaveAsTemplate): Promise<PlanTemplate> {
  const plan = await findPlan(ctx.db, planId);
  if (!plan) throw errors.notFound({ en: 'The plan', ja: '計画' });
  const count = await ctx.db.selectFrom('plan_templates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  if (Number(count?.n ?? 0) >= MAX_SAVED) {
    throw new AppError(409, 'TOO_MANY_TEMPLATES', { en: `At most ${MAX_SAVED} saved templates.`, ja: `保存できるテンプレートは${MAX_SAVED}件までです。` });
  }
  const id = randomUUID();
  const content = templateFromPlan(plan);
  const wardId = input.forAllWards ? null : plan.wardId;
  if (input.forAllWards) {
    // A template for every ward may only name the city's common meeting types.
    const own = new Set(findWard(ctx.plugins.catalog, plan.wardId)?.meetingTypes.filter((m) => m.origin === 'ward').map((m) => m.id) ?? []);
    const named = [...content.schedule.map((r) => r.meetingTypeId), ...content.issues.flatMap((i) => i.actions.map((a) => a.meetingTypeId))];
    if (named.some((m) => m && own.has(m))) {
      throw validationError([fieldError('/forAllWards', "the plan names the ward's own meeting types; save it for this ward only", 'この計画は区独自の会議種別を使っています。この区のテンプレートとして保存してください')]);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_templates')
      .values({ id, ward_id: wardId, name: JSON.stringify(input.name), content: JSON.stringify(content), created_at: ctx.now, created_by: ctx.actor?.username ?? null })
      .execute();
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'template', entityId: id, wardId, action: 'create', version: null, summary: `template saved from plan ${plan.id}: ${input.name.ja}`, before: null, after: { name: input.name, content } });
  });
  return { id: `saved/${id}`, origin: 'saved', wardId, name: input.name, content, createdAt: ctx.now, createdBy: ctx.actor?.username ?? null };
}

/** A new draft plan of a ward filled from a template (checked like any new plan). */
export async function planFromTemplateId(ctx: ServiceContext, input: { templateId: string; wardId: string; fiscalYear: number }): Promise<Plan> {
  const template = (await listTemplates(ctx, input.wardId)).find((t) => t.id === input.templateId);
  if (!template) {
    throw validationError([fieldError('/templateId', `no template "${input.templateId}" for ward "${input.wardId}"`, `この区で使えるテンプレート "${input.templateId}" はありません`)]);
  }
  return createPlan(ctx, planFromTemplate(template.content, ctx.plugins.catalog, input.wardId, input.fiscalYear), { initialStatus: 'draft' });
}
