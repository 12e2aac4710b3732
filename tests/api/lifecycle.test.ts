/**
 * The plan's lifecycle over the API: each step per role (a ward cannot approve, the chair cannot edit the
 * ward's text), "changed since approval" after a revision, deletion only of unsubmitted drafts, the
 * journal and the steps of every change; templates (every plugin template makes a valid plan; saving a
 * plan as a template) and years side by side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { JournalEntry, Plan, PlanComment, PlanStep, PlanTemplate, YearComparison } from '../../schemas/types.js';
import { checkPlan } from '../../server/core/plan-rules.js';
import { createAjv } from '../../server/validation/schemas.js';
import { type Client, client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

let app: FastifyInstance;
let aoba: Client;
let chair: Client;
let admin: Client;

beforeEach(async () => {
  app = await testApp();
  aoba = await client(app, 'aoba');
  chair = await client(app, 'chair');
  admin = await client(app, 'admin');
});
afterEach(async () => {
  await app.close();
});

async function newDraft(fiscalYear = 2027): Promise<Plan> {
  const res = await aoba.post('/api/plans', { ...demoPlan('aoba'), fiscalYear, status: 'draft', title: '令和9年度 青葉区の計画案' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Plan;
}

async function step(who: Client, plan: Plan, to: string, reason?: string) {
  return who.post(`/api/plans/${plan.id}/transition`, { to, version: plan.version, ...(reason !== undefined ? { reason } : {}) });
}

describe('the lifecycle', () => {
  it('walks draft → submitted → returned → submitted → approved → revised → re-approved → archived, by the right roles only', async () => {
    let plan = await newDraft();
    expect(plan.status).toBe('draft');
    expect(plan.approvedVersion).toBeNull();

    // A ward cannot approve its own plan, not even a draft; nor submit another ward's.
    expect((await step(aoba, plan, 'approved')).statusCode).toBe(403);
    expect((await step(await client(app, 'izumi'), plan, 'submitted')).statusCode).toBe(403);
    expect((await step(await client(app, 'viewer'), plan, 'submitted')).statusCode).toBe(403);
    // The chair may not submit for the ward, and a draft cannot be approved (not submitted yet).
    expect((await step(chair, plan, 'submitted')).statusCode).toBe(403);
    const early = await step(chair, plan, 'approved');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('STEP_NOT_ALLOWED');

    let res = await step(aoba, plan, 'submitted');
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect(plan.status).toBe('submitted');

    // While the city reviews it, the ward cannot edit it; the chair never edits the ward's text.
    const locked = await aoba.put(`/api/plans/${plan.id}`, { ...plan, notes: 'こっそり修正' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('PLAN_LOCKED');
    expect((await chair.put(`/api/plans/${plan.id}`, { ...plan, notes: '部会長の修正' })).statusCode).toBe(403);
    // A stale version is refused.
    const stale = await chair.post(`/api/plans/${plan.id}/transition`, { to: 'approved', version: plan.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');

    // Returning needs a reason; the reason reaches the ward as a comment.
    const noReason = await step(chair, plan, 'returned', '  ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].path).toBe('/reason');
    res = await step(chair, plan, 'returned', '課題②の取組に実施時期を書いてください');
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect(plan.status).toBe('returned');
    const comments = (await aoba.get(`/api/plans/${plan.id}/comments`)).json() as PlanComment[];
    expect(comments.some((c) => c.body.includes('課題②の取組に実施時期を書いてください') && c.author === 'chair')).toBe(true);

    res = await aoba.put(`/api/plans/${plan.id}`, { ...plan, notes: '課題②の実施時期を追記' });
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    plan = (await step(aoba, plan, 'submitted')).json() as Plan;
    res = await step(chair, plan, 'approved');
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect(plan.status).toBe('approved');
    expect(plan.approvedVersion).toBe(plan.version);
    expect(plan.changedSinceApproval).toBe(false);
    const approvedVersion = plan.version;
    // Re-approving an unchanged approved plan is not a step.
    expect((await step(chair, plan, 'approved')).json().code).toBe('STEP_NOT_ALLOWED');

    // A revision after approval: allowed, marked, the approved version stays readable for the chair.
    res = await aoba.put(`/api/plans/${plan.id}`, { ...plan, notes: '年度途中の見直し: 10月の連絡会議を11月に変更' });
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect(plan.status).toBe('approved');
    expect(plan.changedSinceApproval).toBe(true);
    expect(plan.approvedVersion).toBe(approvedVersion);
    const baseline = (await chair.get(`/api/plans/${plan.id}/versions/${approvedVersion}`)).json() as Plan;
    expect(baseline.notes).toBe('課題②の実施時期を追記');
    const summary = ((await chair.get('/api/plans?fiscalYear=2027&ward=aoba')).json() as Plan[])[0]!;
    expect(summary.changedSinceApproval).toBe(true);

    res = await step(chair, plan, 'approved');
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect(plan.changedSinceApproval).toBe(false);
    expect(plan.approvedVersion).toBe(plan.version);

    res = await step(chair, plan, 'archived');
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json() as Plan;
    expect((await aoba.put(`/api/plans/${plan.id}`, { ...plan, notes: 'x' })).json().code).toBe('PLAN_LOCKED');
    expect((await step(chair, plan, 'approved')).json().code).toBe('STEP_NOT_ALLOWED');

    // Every step is journalled, with who and why, and listed as a step.
    const steps = (await aoba.get(`/api/plans/${plan.id}/steps`)).json() as PlanStep[];
    expect(steps.map((s) => `${s.from}→${s.to}:${s.username}`).reverse()).toEqual([
      'draft→submitted:aoba',
      'submitted→returned:chair',
      'returned→submitted:aoba',
      'submitted→approved:chair',
      'approved→approved:chair',
      'approved→archived:chair',
    ]);
    expect(steps.find((s) => s.to === 'returned')!.reason).toBe('課題②の取組に実施時期を書いてください');
    const journal = (await aoba.get(`/api/plans/${plan.id}/history`)).json() as JournalEntry[];
    expect(journal.filter((e) => e.action === 'transition')).toHaveLength(6);
    expect(journal.filter((e) => e.action === 'update')).toHaveLength(2);
    expect(journal.find((e) => e.action === 'transition' && e.summary?.startsWith('submitted → returned'))!.username).toBe('chair');
  });

  it('refuses a status change through PUT and a non-draft new plan from a ward', async () => {
    const plan = await newDraft();
    const res = await aoba.put(`/api/plans/${plan.id}`, { ...plan, status: 'approved' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].path).toBe('/status');
    const created = await aoba.post('/api/plans', { ...demoPlan('aoba'), fiscalYear: 2028 });
    expect(created.statusCode).toBe(400);
    expect(created.json().fields[0].path).toBe('/status');
  });

  it('restoring an older version keeps the status and marks an approved plan as changed', async () => {
    const plan = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;
    expect(plan.approvedVersion).toBe(1);
    const saved = (await aoba.put(`/api/plans/${plan.id}`, { ...plan, notes: '見直し' })).json() as Plan;
    expect(saved.changedSinceApproval).toBe(true);
    const restored = await aoba.post(`/api/plans/${plan.id}/restore`, { fromVersion: 1, version: saved.version });
    expect(restored.statusCode, restored.body).toBe(200);
    expect((restored.json() as Plan).status).toBe('approved');
    expect((restored.json() as Plan).changedSinceApproval).toBe(true);
  });
});

describe('deleting a plan', () => {
  it('deletes an unsubmitted draft (journalled), never a submitted or approved plan', async () => {
    const draft = await newDraft();
    const stale = await aoba.delete(`/api/plans/${draft.id}?version=${draft.version + 1}`);
    expect(stale.statusCode).toBe(409);
    expect((await chair.delete(`/api/plans/${draft.id}?version=${draft.version}`)).statusCode).toBe(403);
    expect((await (await client(app, 'izumi')).delete(`/api/plans/${draft.id}?version=${draft.version}`)).statusCode).toBe(403);
    const res = await aoba.delete(`/api/plans/${draft.id}?version=${draft.version}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await aoba.get(`/api/plans/${draft.id}`)).statusCode).toBe(404);
    const journal = await app.db.selectFrom('journal').selectAll().where('entity_id', '=', draft.id).orderBy('id').execute();
    expect(journal.map((j) => j.action)).toEqual(['create', 'delete']);
    expect(journal[1]!.username).toBe('aoba');
    expect(JSON.parse(journal[1]!.before!).title).toBe(draft.title);

    const submitted = (await step(aoba, await newDraft(2028), 'submitted')).json() as Plan;
    const approved = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;
    for (const p of [submitted, approved]) {
      const before = await snapshot(app);
      const refused = await aoba.delete(`/api/plans/${p.id}?version=${p.version}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('PLAN_NOT_DELETABLE');
      expect(await snapshot(app)).toBe(before);
    }
  });

  it('keeps a draft that already has records', async () => {
    const draft = await newDraft();
    // a meeting of a year still to come can be called off in advance: that is a record too
    expect((await aoba.put(`/api/plans/${draft.id}/progress/r4/4`, { status: 'cancelled', note: '' })).statusCode).toBe(200);
    const refused = await aoba.delete(`/api/plans/${draft.id}?version=${draft.version}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('PLAN_HAS_RECORDS');
  });
});

describe('templates', () => {
  it('creates a valid plan from each plugin template for every ward it serves', async () => {
    const templates = (await admin.get('/api/templates')).json() as PlanTemplate[];
    expect(templates.map((t) => t.id).sort()).toEqual(['izumi/monthly-steering', 'miyagino/supervision-rota', 'sendai/network-plan']);
    const validate = createAjv().getSchema('plan.schema.json#/definitions/plan')!;
    let year = 2030;
    for (const t of templates) {
      const wards = t.wardId ? [t.wardId] : app.plugins.catalog.wards.map((w) => w.id);
      for (const wardId of wards) {
        const res = await (await client(app, wardId)).post('/api/plans/from-template', { templateId: t.id, wardId, fiscalYear: year });
        expect(res.statusCode, `${t.id} ${wardId}: ${res.body}`).toBe(201);
        const plan = res.json() as Plan;
        expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
        expect(checkPlan(plan, app.plugins.catalog)).toEqual([]);
        expect(plan.status).toBe('draft');
        expect(plan.title).toContain(`令和${year - 2018}年度`);
        expect(plan.schedule.map((r) => r.title)).toEqual(t.content.schedule.map((r) => r.title));
        expect(plan.issues.length).toBe(t.content.issues.length);
      }
      year++;
    }
    // The ward templates show their recurring rows: Izumi's monthly steering meeting, Miyagino's monthly supervision rota.
    expect(templates.find((t) => t.id === 'izumi/monthly-steering')!.content.schedule.some((r) => r.meetingTypeId === 'steering' && r.timing === 'everyMonth')).toBe(true);
    expect(templates.find((t) => t.id === 'miyagino/supervision-rota')!.content.schedule.some((r) => r.meetingTypeId === 'individual-supervision' && r.timing === 'everyMonth')).toBe(true);
    // A ward's template is not offered to another ward.
    const forAoba = (await aoba.get('/api/templates?ward=aoba')).json() as PlanTemplate[];
    expect(forAoba.map((t) => t.id)).toEqual(['sendai/network-plan']);
    const refused = await aoba.post('/api/plans/from-template', { templateId: 'izumi/monthly-steering', wardId: 'aoba', fiscalYear: 2040 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields[0].path).toBe('/templateId');
  });

  it('lets the city save any plan as a template, journalled, which a ward then uses', async () => {
    const plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    const res = await chair.post(`/api/plans/${plan.id}/template`, { name: { ja: '泉区 令和8年度の型', en: 'Izumi R8' } });
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json() as PlanTemplate;
    expect(t.origin).toBe('saved');
    expect(t.wardId).toBe('izumi');
    expect(t.content.schedule).toHaveLength(plan.schedule.length);
    const journal = await app.db.selectFrom('journal').selectAll().where('entity', '=', 'template').execute();
    expect(journal).toHaveLength(1);
    const izumi = await client(app, 'izumi');
    const created = await izumi.post('/api/plans/from-template', { templateId: t.id, wardId: 'izumi', fiscalYear: 2027 });
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as Plan).goals).toEqual(plan.goals);
    // for every ward: refused, since the plan names Izumi's own meeting types
    const all = await chair.post(`/api/plans/${plan.id}/template`, { name: { ja: '全区' }, forAllWards: true });
    expect(all.statusCode).toBe(400);
  });
});

describe('years side by side', () => {
  it('compares two years section by section with the changed words and both years’ figures', async () => {
    const r8 = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    const izumi = await client(app, 'izumi');
    await izumi.put(`/api/plans/${r8.id}/progress/r2/5`, { status: 'done', note: '声掛け' });
    const draft = (await izumi.post(`/api/plans/${r8.id}/next-year`)).json() as Plan;
    const edited = { ...draft, goals: [{ id: 'g1', text: draft.goals[0]!.text.replace('強化する', '一層強化する') }], schedule: draft.schedule.slice(1) };
    expect((await izumi.put(`/api/plans/${draft.id}`, edited)).statusCode).toBe(200);
    const res = await izumi.get('/api/compare?ward=izumi&from=2026&to=2027');
    expect(res.statusCode, res.body).toBe(200);
    const cmp = res.json() as YearComparison;
    const section = (name: string) => cmp.sections.find((s) => s.section === name)!.items;
    expect(section('title')[0]!.change).toBe('changed');
    expect(section('title')[0]!.tokens!.filter((t) => t.kind === 'added').map((t) => t.text).join('')).toContain('9');
    const goal = section('goals')[0]!;
    expect(goal.change).toBe('changed');
    expect(goal.tokens!.filter((t) => t.kind === 'added').map((t) => t.text).join('')).toBe('一層');
    const rows = section('schedule');
    expect(rows.filter((r) => r.change === 'removed').map((r) => r.key)).toEqual(['row:r1']);
    expect(rows.filter((r) => r.change === 'same')).toHaveLength(r8.schedule.length - 1);
    expect(cmp.from.fiscalYear).toBe(2026);
    expect(cmp.from.planId).toBe(r8.id);
    expect(cmp.to.status).toBe('draft');
    expect(cmp.from.metrics.map((m) => m.metricId)).toContain('participation-rate');
    expect((await izumi.get('/api/compare?ward=izumi&from=2019&to=2020')).statusCode).toBe(404);
  });
});

describe('the contract for scripts', () => {
  it('is documented in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; description?: string }>> };
    const next = doc.paths['/api/plans/{id}/next-year']!.post!;
    expect(Object.keys(next.responses)).toEqual(expect.arrayContaining(['200', '201', '403', '409']));
    expect(next.description).toContain('NEXT_YEAR_EXISTS');
    const step = doc.paths['/api/plans/{id}/transition']!.post!;
    expect(Object.keys(step.responses)).toEqual(expect.arrayContaining(['200', '403', '409']));
    expect(JSON.stringify(step.requestBody)).toContain('planner_schema-transition');
    const plan = JSON.stringify(doc);
    expect(plan).toContain('STEP_NOT_ALLOWED');
    expect(plan).toContain('sourcePlanId');
    expect(plan).toContain('approvedVersion');
    expect(doc.paths['/api/compare']!.get).toBeDefined();
    expect(doc.paths['/api/plans/{id}']!.delete).toBeDefined();
  });
});
