/**
 * Late and early work through the API (docs/rollup.md): August work done on 18 September clears the
 * cell from overdue everywhere (roll-up, month list) and counts as late; dates in the future, outside the
 * year, or work "done" in a month not begun are refused with the field named and nothing saved;
 * cancelling or postponing a later meeting in advance stays possible. The server's clock is fixed at
 * 29 November 2026 (Japan).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ApiError, MonthAgenda, Plan, ProgressRecord, Rollup } from '../../schemas/types.js';
import { type Client, client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

const NOW = '2026-11-29T10:00:00+09:00';

let app: FastifyInstance;
let aoba: Client;
let plan: Plan;

beforeEach(async () => {
  app = await testApp({ config: { fixedNow: new Date(NOW).toISOString() } });
  const admin = await client(app, 'admin');
  plan = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;
  aoba = await client(app, 'aoba');
});
afterEach(async () => {
  await app.close();
});

const rollup = async (query = '') => (await aoba.get(`/api/rollup?fiscalYear=2026${query}`)).json() as Rollup;
const aobaOf = (r: Rollup) => r.wards.find((w) => w.wardId === 'aoba')!;
const cells = (list: { rowId: string; month: number }[]) => list.map((c) => `${c.rowId}/${c.month}`);

describe('late work', () => {
  it('August work postponed and done on 18 September: no longer overdue on the roll-up or the month list, counted done and late', async () => {
    const postponed = (await aoba.put(`/api/plans/${plan.id}/progress/r6/8`, { status: 'postponed', note: '講師の都合で延期' })).json() as ProgressRecord;
    const before = aobaOf(await rollup('&asOf=2026-10'));
    expect(cells(before.overdue)).toContain('r6/8');
    expect(cells((await aoba.get(`/api/plans/${plan.id}/agenda?month=11`)).json().overdue)).toContain('r6/8');

    const res = await aoba.put(`/api/plans/${plan.id}/progress/r6/8`, { status: 'done', heldOn: '2026-09-18', attendance: 21, note: '9月に実施', version: postponed.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ month: 8, heldOn: '2026-09-18', status: 'done' });

    const after = aobaOf(await rollup('&asOf=2026-10'));
    expect(cells(after.overdue)).not.toContain('r6/8');
    expect(after.done).toBe(before.done + 1);
    expect(after.late).toBe(before.late + 1);
    expect(after.due).toBe(before.due);
    expect(after.months.find((m) => m.month === 8)).toMatchObject({ late: 1 });
    const agenda = (await aoba.get(`/api/plans/${plan.id}/agenda?month=11`)).json() as MonthAgenda;
    expect(cells(agenda.overdue)).not.toContain('r6/8');
  });

  it('takes a batch of late work and early work (December done in November) together', async () => {
    const res = await aoba.post(`/api/plans/${plan.id}/progress`, {
      records: [
        { rowId: 'r2', month: 7, status: 'done', heldOn: '2026-10-02' },
        { rowId: 'r6', month: 12, status: 'partial', heldOn: '2026-11-20' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const w = aobaOf(await rollup('&asOf=2027-03'));
    expect(w.late).toBe(1);
    expect(cells(w.overdue)).not.toContain('r2/7');
  });
});

describe('refusals', () => {
  it.each([
    ['a date in the future', { rowId: 'r6', month: 8, status: 'done', heldOn: '2026-11-30' }, 'future'],
    ['a date after the fiscal year', { rowId: 'r6', month: 2, status: 'done', heldOn: '2027-04-01' }, 'fiscal year 2026'],
    ['a date before the fiscal year', { rowId: 'r2', month: 7, status: 'done', heldOn: '2026-03-31' }, 'fiscal year 2026'],
    ['work done in a month not begun, without a date', { rowId: 'r6', month: 12, status: 'done' }, 'has not begun'],
    ['work partly done in a month not begun, without a date', { rowId: 'r7', month: 3, status: 'partial' }, 'has not begun'],
    ['a cancellation dated in the future', { rowId: 'r6', month: 12, status: 'cancelled', heldOn: '2026-12-10' }, 'future'],
  ])('refuses %s: 400 on heldOn, in both languages, nothing saved', async (_name, record, words) => {
    const before = await snapshot(app);
    const res = await aoba.post(`/api/plans/${plan.id}/progress`, { records: [{ rowId: 'r4', month: 4, status: 'done' }, record] });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as ApiError;
    expect(body.code).toBe('VALIDATION_FAILED');
    const field = body.fields!.find((f) => f.path === '/records/1/heldOn')!;
    expect(field.message).toContain(words);
    expect(field.messageJa).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(await snapshot(app)).toBe(before);
  });

  it('still lets a later meeting be cancelled or postponed in advance', async () => {
    expect((await aoba.put(`/api/plans/${plan.id}/progress/r6/12`, { status: 'cancelled', note: '会場の都合で中止' })).statusCode).toBe(200);
    expect((await aoba.put(`/api/plans/${plan.id}/progress/r7/3`, { status: 'postponed', note: '4月に延期' })).statusCode).toBe(200);
    expect((await aoba.put(`/api/plans/${plan.id}/progress/r4/11`, { status: 'done' })).statusCode).toBe(200); // the month in progress needs no date
  });
});

describe('the month in progress', () => {
  it("leaves November's unrecorded cells out of overdue and due, lists them as this month, and defaults to October", async () => {
    await aoba.put(`/api/plans/${plan.id}/progress/r4/11`, { status: 'done', heldOn: '2026-11-10' });
    const nov = aobaOf(await rollup('&asOf=2026-11'));
    expect(cells(nov.overdue).filter((c) => c.endsWith('/11'))).toEqual([]);
    expect(nov.thisMonth).toEqual([]); // r4 is the only November cell, and it is done
    const oct = await rollup();
    expect(oct.asOf).toBe('2026-10');
    expect(aobaOf(oct).inProgress).toMatchObject({ month: 11, planned: 1, done: 1, open: [] });
    expect(cells(aobaOf(oct).overdue)).toContain('r4/10');
  });
});

describe('checking a batch without saving (dryRun)', () => {
  it('reports every problem at once and saves nothing; a clean batch answers with no records and saves nothing', async () => {
    const before = await snapshot(app);
    const bad = await aoba.post(`/api/plans/${plan.id}/progress?dryRun=true`, {
      records: [
        { rowId: 'r6', month: 8, status: 'done', heldOn: '2026-12-01' },
        { rowId: 'r6', month: 12, status: 'done' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ApiError).fields!.map((f) => f.path)).toEqual(['/records/0/heldOn', '/records/1/heldOn']);
    const ok = await aoba.post(`/api/plans/${plan.id}/progress?dryRun=true`, { records: [{ rowId: 'r6', month: 8, status: 'done', heldOn: '2026-09-18' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ planId: plan.id, records: [] });
    expect(await snapshot(app)).toBe(before);
  });
});

describe('people by name', () => {
  it('records, comments and the history carry the display name of who wrote them', async () => {
    await app.db.updateTable('users').set({ display_name: '青葉区事務局 佐藤' }).where('username', '=', 'aoba').execute();
    await app.db.updateTable('users').set({ display_name: '地域部会長 鈴木' }).where('username', '=', 'chair').execute();
    const saved = await aoba.put(`/api/plans/${plan.id}/progress/r4/4`, { status: 'done' });
    expect(saved.json()).toMatchObject({ updatedBy: 'aoba', updatedByName: '青葉区事務局 佐藤' });
    const list = (await aoba.get(`/api/plans/${plan.id}/progress`)).json() as { records: ProgressRecord[] };
    expect(list.records[0]!.updatedByName).toBe('青葉区事務局 佐藤');
    const chair = await client(app, 'chair');
    const posted = await chair.post(`/api/plans/${plan.id}/comments`, { body: '他区の参考になります。' });
    expect(posted.json()).toMatchObject({ author: 'chair', authorName: '地域部会長 鈴木' });
    const comments = (await aoba.get(`/api/plans/${plan.id}/comments`)).json() as { authorName: string }[];
    expect(comments.map((c) => c.authorName)).toEqual(['地域部会長 鈴木']);
    const history = (await aoba.get(`/api/plans/${plan.id}/history`)).json() as { username: string; displayName: string | null }[];
    expect(history[0]).toMatchObject({ username: 'admin', displayName: 'admin' });
  });
});

describe('escalation replies by name', () => {
  it("carry the replier's display name", async () => {
    await app.db.updateTable('users').set({ display_name: '地域部会長 鈴木' }).where('username', '=', 'chair').execute();
    const e = (await aoba.post(`/api/plans/${plan.id}/escalations`, { issueId: plan.issues[0]!.id, note: '区単独では解決できない' })).json() as { id: string; version: number };
    const chair = await client(app, 'chair');
    const replied = await chair.post(`/api/escalations/${e.id}/reply`, { reply: '部会で協議します', version: e.version });
    expect(replied.json()).toMatchObject({ repliedBy: 'chair', repliedByName: '地域部会長 鈴木' });
    const list = (await aoba.get(`/api/escalations?planId=${plan.id}`)).json() as { repliedByName: string | null }[];
    expect(list.map((x) => x.repliedByName)).toEqual(['地域部会長 鈴木']);
  });
});
