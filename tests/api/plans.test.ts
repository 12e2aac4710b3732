import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ApiError, Plan, PlanContent } from '../../schemas/types.js';
import { type Client, client, demoPlan, demoPlans, testApp } from '../helpers/app.js';

let app: FastifyInstance;
let admin: Client;

beforeEach(async () => {
  app = await testApp();
  admin = await client(app, 'admin');
});
afterEach(async () => {
  await app.close();
});

async function create(plan: PlanContent): Promise<Plan> {
  const res = await admin.post('/api/plans', plan);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Every string in a value, in a stable order (object keys sorted, arrays in order). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.keys(value).sort().flatMap((k) => texts((value as Record<string, unknown>)[k]));
  return [];
}

function contentOf(p: Plan): PlanContent {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, sourcePlanId: _s, approvedVersion: _a, changedSinceApproval: _x, ...content } = p;
  return content;
}

describe('the plan schema', () => {
  it('accepts all five R8 demo plans', async () => {
    for (const plan of demoPlans()) await create(plan);
    const list = (await admin.get('/api/plans?fiscalYear=2026')).json() as Plan[];
    expect(list.map((p) => p.wardId).sort()).toEqual(['aoba', 'izumi', 'miyagino', 'taihaku', 'wakabayashi']);
    const aoba = (await admin.get('/api/plans?fiscalYear=2026&ward=aoba')).json() as Plan[];
    expect(aoba).toHaveLength(1);
  });

  type Case = [name: string, mutate: (p: PlanContent & Record<string, unknown>) => unknown, field: string];
  const cases: Case[] = [
    ['an unknown ward', (p) => (p.wardId = 'atlantis'), '/wardId'],
    ['a ward id of the wrong form', (p) => (p.wardId = 'Aoba Ward'), '/wardId'],
    ['an unknown meeting type on a schedule row', (p) => (p.schedule[1]!.meetingTypeId = 'tea-party'), '/schedule/1/meetingTypeId'],
    ["another ward's meeting type on an action", (p) => (p.issues[0]!.actions[0]!.meetingTypeId = 'yomegoto'), '/issues/0/actions/0/meetingTypeId'],
    ['month 13', (p) => (p.schedule[0]!.months = [4, 13]), '/schedule/0/months/1'],
    ['month 0', (p) => (p.schedule[0]!.months = [0]), '/schedule/0/months/0'],
    ['a fractional month', (p) => (p.schedule[0]!.months = [4.5]), '/schedule/0/months/0'],
    ['duplicate months', (p) => (p.schedule[0]!.months = [5, 9, 5]), '/schedule/0/months/2'],
    ['months on an every-month row', (p) => { p.schedule[0]!.timing = 'everyMonth'; p.schedule[0]!.months = [4]; }, '/schedule/0/months'],
    ['an empty title', (p) => (p.title = ''), '/title'],
    ['a blank title', (p) => (p.title = '   '), '/title'],
    ['an empty schedule row title', (p) => (p.schedule[2]!.title = ''), '/schedule/2/title'],
    ['a fiscal year before Reiwa', (p) => (p.fiscalYear = 1999), '/fiscalYear'],
    ['a fiscal year as text', (p) => ((p as Record<string, unknown>).fiscalYear = '2026'), '/fiscalYear'],
    ['a fractional fiscal year', (p) => (p.fiscalYear = 2026.5), '/fiscalYear'],
    ['an unknown status', (p) => ((p as Record<string, unknown>).status = 'done'), '/status'],
    ['a missing section', (p) => delete (p as Record<string, unknown>).goals, '/goals'],
    ['an unknown field', (p) => (p.colour = 'red'), '/colour'],
    ['a schedule row naming a missing issue', (p) => (p.schedule[0]!.issueId = 'i99'), '/schedule/0/issueId'],
    ['an issue naming a missing goal', (p) => (p.issues[0]!.goalIds = ['g42']), '/issues/0/goalIds/0'],
    ['duplicate row ids', (p) => (p.schedule[1]!.id = p.schedule[0]!.id), '/schedule/1/id'],
    ['an unknown theme', (p) => (p.issues[0]!.themeIds = ['astrology']), '/issues/0/themeIds/0'],
    ['a finding of the wrong type', (p) => ((p.findings as unknown[])[0] = 42), '/findings/0'],
  ];

  it.each(cases)('refuses %s with a 400 naming the field, and saves nothing', async (_name, mutate, field) => {
    const plan = structuredClone(demoPlan('aoba')) as PlanContent & Record<string, unknown>;
    mutate(plan);
    const res = await admin.post('/api/plans', plan);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as ApiError;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.messageJa).toMatch(/入力内容に誤りがあります/);
    const f = body.fields!.find((x) => x.path === field);
    expect(f, `fields: ${JSON.stringify(body.fields)}`).toBeDefined();
    expect(f!.message.length).toBeGreaterThan(3);
    expect(f!.messageJa.length).toBeGreaterThan(3);
    expect((await admin.get('/api/plans')).json()).toEqual([]);
  });

  it('refuses an oversized body with 413 and saves nothing', async () => {
    const plan = demoPlan('aoba');
    plan.notes = 'あ'.repeat(600_000); // ~1.8 MB of UTF-8, over the 1 MiB limit
    const res = await admin.post('/api/plans', plan);
    expect(res.statusCode).toBe(413);
    expect((res.json() as ApiError).code).toBe('BODY_TOO_LARGE');
    expect((await admin.get('/api/plans')).json()).toEqual([]);
  });

  it('refuses malformed JSON and prototype-pollution keys with 400', async () => {
    expect((await admin.post('/api/plans', '{"wardId": "aoba",')).statusCode).toBe(400);
    const res = await admin.post('/api/plans', '{"__proto__": {"admin": true}, "wardId": "aoba"}');
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses a second plan for the same ward and year with 409', async () => {
    const first = await create(demoPlan('izumi'));
    const res = await admin.post('/api/plans', demoPlan('izumi'));
    expect(res.statusCode).toBe(409);
    expect((res.json() as ApiError).code).toBe('PLAN_EXISTS');
    expect((res.json() as { current: Plan }).current.id).toBe(first.id);
  });
});

describe('plan round trip', () => {
  it('returns every text byte for byte', async () => {
    for (const fixture of demoPlans()) {
      const created = await create(fixture);
      const read = (await admin.get(`/api/plans/${created.id}`)).json() as Plan;
      expect(contentOf(read)).toEqual(fixture);
      // and every text, compared as UTF-8 bytes, in document order
      expect(texts(contentOf(read)).map((t) => Buffer.from(t).toString('hex'))).toEqual(texts(fixture).map((t) => Buffer.from(t).toString('hex')));
    }
  });

  it('keeps unusual text intact through a replace', async () => {
    const created = await create(demoPlan('taihaku'));
    const tricky = '改行\r\nとタブ\t、絵文字👩‍👩‍👧、結合文字か\u3099、ゼロ幅\u200b、<b>タグ</b> & "引用" \\ バックスラッシュ';
    const edited: PlanContent = { ...contentOf(created), notes: tricky, goals: [{ id: 'g1', text: tricky }] };
    const res = await admin.put(`/api/plans/${created.id}`, { ...edited, version: created.version });
    expect(res.statusCode, res.body).toBe(200);
    const read = (await admin.get(`/api/plans/${created.id}`)).json() as Plan;
    expect(read.notes).toBe(tricky);
    expect(read.goals[0]!.text).toBe(tricky);
    expect(read.version).toBe(2);
    expect(read.updatedBy).toBe('admin');
  });

  it('accepts the GET representation sent back as a PUT (read-only fields included)', async () => {
    const created = await create(demoPlan('aoba'));
    const res = await admin.put(`/api/plans/${created.id}`, { ...created, title: created.title + '(改訂)' });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Plan).title).toBe(created.title + '(改訂)');
  });

  it("refuses to move a plan to another ward or year, or to change another plan's id", async () => {
    const created = await create(demoPlan('aoba'));
    const ward = await admin.put(`/api/plans/${created.id}`, { ...created, wardId: 'izumi' });
    expect(ward.statusCode).toBe(400);
    expect((ward.json() as ApiError).fields!.map((f) => f.path)).toContain('/wardId');
    const year = await admin.put(`/api/plans/${created.id}`, { ...created, fiscalYear: 2027 });
    expect((year.json() as ApiError).fields!.map((f) => f.path)).toContain('/fiscalYear');
    const id = await admin.put(`/api/plans/${created.id}`, { ...created, id: 'other' });
    expect((id.json() as ApiError).fields!.map((f) => f.path)).toContain('/id');
  });
});

describe('concurrent edits', () => {
  it('answers 409 with the current plan to a stale version and leaves the stored plan unchanged', async () => {
    const created = await create(demoPlan('wakabayashi'));
    const first = await admin.put(`/api/plans/${created.id}`, { ...created, notes: 'first save' });
    expect(first.statusCode).toBe(200);
    const stored = first.json() as Plan;

    const stale = await admin.put(`/api/plans/${created.id}`, { ...created, notes: 'second save, based on version 1' });
    expect(stale.statusCode).toBe(409);
    const body = stale.json() as ApiError & { current: Plan };
    expect(body.code).toBe('VERSION_CONFLICT');
    expect(body.messageJa).toMatch(/先に保存/);
    expect(body.current).toEqual(stored);

    const after = (await admin.get(`/api/plans/${created.id}`)).json() as Plan;
    expect(after).toEqual(stored);
    expect(after.notes).toBe('first save');
  });

  it('returns 404 for an unknown plan', async () => {
    expect((await admin.get('/api/plans/nope')).statusCode).toBe(404);
    expect((await admin.put('/api/plans/nope', { ...demoPlan('aoba'), version: 1 })).statusCode).toBe(404);
  });
});

describe('the catalog', () => {
  it('lists the wards with their meeting types from the plugins', async () => {
    const wards = (await admin.get('/api/wards')).json() as { id: string; name: { ja: string }; meetingTypes: { id: string; origin: string }[] }[];
    expect(wards.map((w) => w.id)).toEqual(['aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi']);
    const izumi = wards.find((w) => w.id === 'izumi')!;
    expect(izumi.name.ja).toBe('泉区');
    expect(izumi.meetingTypes.map((m) => m.id)).toContain('yomegoto');
    expect(izumi.meetingTypes.find((m) => m.id === 'steering')!.origin).toBe('city');
    expect(wards.find((w) => w.id === 'aoba')!.meetingTypes.map((m) => m.id)).not.toContain('yomegoto');
  });

  it('publishes OpenAPI docs generated from the route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/plans', '/api/plans/{id}', '/api/wards', '/api/health']));
    expect(doc.paths['/api/plans/{id}']!.put).toBeDefined();
  });
});
