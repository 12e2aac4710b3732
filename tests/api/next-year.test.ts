/**
 * Drafting FY2027 (令和9年度) from the FY2026 demo plans with their records: the efforts written from
 * the records (rows done, counts, months, figures), findings prefilled, rows carried over, slipped rows
 * marked as the roll-up counts them, the era in the title, and every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Escalation, Plan, PlanSummary, ProgressRecord, Rollup } from '../../schemas/types.js';
import { currentYearMonth } from '../../server/core/fiscal-year.js';
import { draftingAsOf } from '../../server/core/next-year.js';
import { initializeData } from '../../server/services/initialize.js';
import { type Client, TEST_PASSWORD, WARD_IDS, client, testApp } from '../helpers/app.js';

let app: FastifyInstance;
const plans2026 = new Map<string, Plan>();

/** The app with the full demo loaded (plans, records, escalations of FY2026 and FY2025, demo users). */
export async function demoApp(): Promise<FastifyInstance> {
  const a = await testApp({ users: false });
  await initializeData({ db: a.db, plugins: a.plugins, actor: null, now: new Date().toISOString() }, { demo: true, demoPassword: TEST_PASSWORD });
  return a;
}

beforeAll(async () => {
  app = await demoApp();
  const admin = await client(app, 'admin');
  for (const p of (await admin.get('/api/plans?fiscalYear=2026')).json() as PlanSummary[]) {
    plans2026.set(p.wardId, (await admin.get(`/api/plans/${p.id}`)).json() as Plan);
  }
});
afterAll(async () => {
  await app.close();
});

/** Drafting counts the months already over (the month in progress is not yet slipped). */
const AS_OF = draftingAsOf(2026, currentYearMonth());

describe.each(WARD_IDS)('drafting 令和9年度 for %s', (wardId) => {
  let ward: Client;
  let source: Plan;
  let draft: Plan;
  let records: ProgressRecord[];
  let rollup: Rollup;

  beforeAll(async () => {
    ward = await client(app, wardId);
    source = plans2026.get(wardId)!;
    records = ((await ward.get(`/api/plans/${source.id}/progress`)).json() as { records: ProgressRecord[] }).records;
    rollup = (await ward.get(`/api/rollup?fiscalYear=2026&asOf=${AS_OF}`)).json() as Rollup;
    const res = await ward.post(`/api/plans/${source.id}/next-year`);
    expect(res.statusCode, res.body).toBe(201);
    draft = res.json() as Plan;
    expect(res.headers.location).toBe(`/api/plans/${draft.id}`);
  });

  it('is a draft of the next year, linked to its source, with the era moved on', () => {
    expect(draft.fiscalYear).toBe(2027);
    expect(draft.status).toBe('draft');
    expect(draft.sourcePlanId).toBe(source.id);
    expect(draft.approvedVersion).toBeNull();
    expect(source.title).toContain('令和8年度');
    expect(draft.title).toContain('令和9年度');
    expect(draft.title).not.toContain('令和8年度');
    expect(draft.title).toBe(source.title.replace('令和8年度', '令和9年度'));
  });

  it("writes last year's efforts from the rows actually carried out (months, counts, attendance)", () => {
    const doneRows = source.schedule.filter((r) => records.some((x) => x.rowId === r.id && (x.status === 'done' || x.status === 'partial')));
    expect(doneRows.length).toBeGreaterThan(0);
    for (const row of doneRows) {
      const done = records.filter((x) => x.rowId === row.id && (x.status === 'done' || x.status === 'partial'));
      const sentence = draft.lastYearEfforts.find((s) => s.includes(`計${done.length}回`) && done.every((d) => s.includes(`${d.month}月`) || /から\d+月まで毎月/.test(s)) && s.includes(row.title.replace(/(の実施|を実施|の開催|を開催|実施|開催)$/, '').trim().slice(0, 12)));
      expect(sentence, `row ${row.id} ${row.title}`).toBeDefined();
      const attendance = done.reduce((s, d) => s + (d.attendance ?? 0), 0);
      if (attendance > 0) expect(sentence).toContain(`延べ参加者${attendance}人`);
      const partial = done.filter((d) => d.status === 'partial').length;
      if (partial > 0) expect(sentence).toContain(`うち一部実施${partial}回`);
    }
    // A row with nothing carried out gets no effort sentence.
    const idle = source.schedule.filter((r) => !doneRows.includes(r));
    for (const row of idle) expect(draft.lastYearEfforts.some((s) => s.includes(`「${row.title.trim()}」を`))).toBe(false);
  });

  it("states the ward's own figures as the roll-up computes them", () => {
    const metrics = rollup.wards.find((w) => w.wardId === wardId)!.metrics.filter((m) => m.perMeeting.length > 0 && m.value !== null);
    for (const m of metrics) {
      const value = m.format === 'percent' ? `${(Math.round(m.value! * 1000) / 10).toFixed(1)}%` : String(Math.round(m.value! * 100) / 100);
      expect(draft.lastYearEfforts.some((s) => s.startsWith(m.name.ja) && s.includes(value)), `${m.metricId} ${value}`).toBe(true);
    }
  });

  it("states the office network's participation and visits as the roll-up computes them", () => {
    const figures = rollup.wards.find((w) => w.wardId === wardId)!;
    const p = figures.participation!;
    expect(p.open).toBeGreaterThan(0);
    expect(draft.lastYearEfforts.some((s) => s.includes('1回以上会議体に参加') && s.includes(`${p.open}事業所中${p.attended}事業所`))).toBe(true);
    if (figures.coverage && figures.coverage.open > 0) {
      expect(draft.lastYearEfforts.some((s) => s.includes(`${figures.coverage!.visited}/${figures.coverage!.open}事業所`))).toBe(true);
    }
  });

  it('prefills the findings with the escalations and replies, and the notes of the records', async () => {
    const escalations = ((await ward.get(`/api/escalations?planId=${source.id}`)).json() as Escalation[]).filter((e) => e.status !== 'withdrawn');
    for (const e of escalations) {
      const f = draft.findings.find((x) => x.includes(e.note));
      expect(f, e.note).toBeDefined();
      if (e.reply) expect(f).toContain(e.reply);
    }
    const noted = records.filter((r) => r.note.trim());
    if (noted.length) expect(draft.findings.some((f) => f.includes(noted[0]!.note.trim()))).toBe(true);
  });

  it('carries goals, issues and every schedule row with its months and meeting type', () => {
    expect(draft.goals).toEqual(source.goals);
    expect(draft.issues.map((i) => [i.id, i.problem, i.remarks, i.actions.map((a) => a.text)])).toEqual(source.issues.map((i) => [i.id, i.problem, i.remarks, i.actions.map((a) => a.text)]));
    expect(draft.notes).toBe(source.notes);
    expect(draft.schedule.map((r) => [r.id, r.title, r.timing, r.months, r.meetingTypeId, r.issueId])).toEqual(source.schedule.map((r) => [r.id, r.title, r.timing, r.months, r.meetingTypeId, r.issueId]));
    for (const r of draft.schedule) expect(r.carried?.fromRowId).toBe(r.id);
  });

  it('marks exactly the rows that slipped, as the roll-up counts them', () => {
    const overdue = rollup.wards.find((w) => w.wardId === wardId)!.overdue;
    for (const row of draft.schedule) {
      const months = overdue.filter((c) => c.rowId === row.id).map((c) => c.month);
      expect(row.carried!.slipped, row.id).toBe(months.length > 0);
      expect([...row.carried!.slippedMonths].sort((a, b) => a - b)).toEqual([...new Set(months)].sort((a, b) => a - b));
    }
  });

  it('opens the existing draft when drafting again', async () => {
    const again = await ward.post(`/api/plans/${source.id}/next-year`);
    expect(again.statusCode).toBe(200);
    expect((again.json() as Plan).id).toBe(draft.id);
    const list = (await ward.get(`/api/plans?fiscalYear=2027&ward=${wardId}`)).json() as PlanSummary[];
    expect(list).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('refuses when the next year is already submitted or approved, and refuses other roles', async () => {
    const aoba = await client(app, 'aoba');
    const chair = await client(app, 'chair');
    const source = plans2026.get('aoba')!;
    const draft = ((await aoba.post(`/api/plans/${source.id}/next-year`)).json() as Plan);
    const submitted = await aoba.post(`/api/plans/${draft.id}/transition`, { to: 'submitted', version: draft.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const refused = await aoba.post(`/api/plans/${source.id}/next-year`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('NEXT_YEAR_EXISTS');
    expect(refused.json().messageJa).toContain('令和9年度');
    const approved = await chair.post(`/api/plans/${draft.id}/transition`, { to: 'approved', version: (submitted.json() as Plan).version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await aoba.post(`/api/plans/${source.id}/next-year`)).json().code).toBe('NEXT_YEAR_EXISTS');

    const izumi = plans2026.get('izumi')!;
    expect((await aoba.post(`/api/plans/${izumi.id}/next-year`)).statusCode).toBe(403);
    expect((await chair.post(`/api/plans/${izumi.id}/next-year`)).statusCode).toBe(403);
    expect((await (await client(app, 'viewer')).post(`/api/plans/${izumi.id}/next-year`)).statusCode).toBe(403);
    expect((await (await client(app, 'admin')).post('/api/plans/no-such-plan/next-year')).statusCode).toBe(404);
  });

  it('drafts from the reconstructed 令和7年度 plan when 令和8年度 is approved: refused', async () => {
    const admin = await client(app, 'admin');
    const r7 = (await admin.get('/api/plans?fiscalYear=2025&ward=miyagino')).json() as PlanSummary[];
    expect(r7).toHaveLength(1);
    const res = await admin.post(`/api/plans/${r7[0]!.id}/next-year`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NEXT_YEAR_EXISTS');
  });
});
