import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ApiError, Escalation, MonthAgenda, Plan, ProgressRecord, Rollup } from '../../schemas/types.js';
import { type Client, client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

let app: FastifyInstance;
let izumi: Client;
let plan: Plan;

// A fixed clock: 29 November 2026 (Japan), so that what counts as "the future" does not move with the date of the run.
const NOW = '2026-11-29T10:00:00+09:00';

beforeEach(async () => {
  app = await testApp({ config: { fixedNow: new Date(NOW).toISOString() } });
  const admin = await client(app, 'admin');
  plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
  izumi = await client(app, 'izumi');
});
afterEach(async () => {
  await app.close();
});

const rollup = async (asOf: string) => (await izumi.get(`/api/rollup?fiscalYear=2026&asOf=${asOf}`)).json() as Rollup;
const ward = (r: Rollup) => r.wards.find((w) => w.wardId === 'izumi')!;

describe('recording progress', () => {
  it('moves the roll-up: due cells, score, percent, health and the city totals', async () => {
    // Izumi r1 is every month (運営会議); as of May, r1/4 and r1/5 are due, plus whatever else is planned in April–May.
    const before = ward(await rollup('2026-05'));
    expect(before.due).toBeGreaterThanOrEqual(2);
    expect(before.score).toBe(0);
    expect(before.overdue.map((c) => `${c.rowId}/${c.month}`)).toContain('r1/4');

    const res = await izumi.post(`/api/plans/${plan.id}/progress`, {
      records: [
        { rowId: 'r1', month: 4, status: 'done', heldOn: '2026-04-15', attendance: 8, note: '年間計画を確認' },
        { rowId: 'r1', month: 5, status: 'partial', heldOn: '2026-05-20', attendance: 5, note: '' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await rollup('2026-05');
    const w = ward(after);
    expect(w.done).toBe(before.done + 1);
    expect(w.partial).toBe(before.partial + 1);
    expect(w.score).toBe(1.5);
    expect(w.percent).toBe(Math.round((1000 * 1.5) / w.due) / 10);
    expect(w.overdue.map((c) => `${c.rowId}/${c.month}`)).not.toContain('r1/4');
    expect(after.city.score).toBe(1.5);
    expect(after.city.due).toBe(after.wards.reduce((s, x) => s + x.due, 0));
  });

  it('counts a cancelled cell out of the due set, and work in an unplanned month as unplanned', async () => {
    const base = ward(await rollup('2026-09'));
    const row = plan.schedule.find((r) => r.timing === 'months' && r.months.some((m) => m >= 4 && m <= 9))!;
    const planned = row.months.find((m) => m >= 4 && m <= 9)!;
    const unplanned = [4, 5, 6, 7, 8, 9].find((m) => !row.months.includes(m))!;
    expect((await izumi.put(`/api/plans/${plan.id}/progress/${row.id}/${planned}`, { status: 'cancelled', note: '台風のため中止' })).statusCode).toBe(200);
    expect((await izumi.put(`/api/plans/${plan.id}/progress/${row.id}/${unplanned}`, { status: 'done', note: '臨時開催' })).statusCode).toBe(200);
    const w = ward(await rollup('2026-09'));
    expect(w.due).toBe(base.due - 1);
    expect(w.cancelled).toBe(1);
    expect(w.unplanned).toEqual([expect.objectContaining({ rowId: row.id, month: unplanned })]);
  });

  it("validates the meeting type's extra fields with the ward plugin's schema", async () => {
    const row = plan.schedule.find((r) => r.meetingTypeId === 'liaison-case-study') ?? plan.schedule.find((r) => r.meetingTypeId === 'yomegoto')!;
    const month = row.timing === 'months' ? row.months[0]! : 5;
    const ok = await izumi.put(`/api/plans/${plan.id}/progress/${row.id}/${month}`, { status: 'done', extra: { invitedOffices: 30, participatingOffices: 17 } });
    expect(ok.statusCode, ok.body).toBe(200);
    const r = ward(await rollup('2027-03'));
    const metric = r.metrics.find((m) => m.metricId === 'participation-rate')!;
    expect(metric.value).toBeCloseTo(17 / 30);
    expect(metric.baseline).toEqual({ 2024: 0.45, 2025: 0.53 });
  });

  it.each([
    ['an unknown row', { rowId: 'r99', month: 5, status: 'done' }, '/records/0/rowId'],
    ['a month outside 1–12', { rowId: 'r1', month: 13, status: 'done' }, '/records/0/month'],
    ['a date held outside the plan year', { rowId: 'r1', month: 5, status: 'done', heldOn: '2025-05-10' }, '/records/0/heldOn'],
    ['a date held in the future', { rowId: 'r1', month: 5, status: 'done', heldOn: '2026-11-30' }, '/records/0/heldOn'],
    ['work done in a month not begun, without a date', { rowId: 'r1', month: 12, status: 'done' }, '/records/0/heldOn'],
    ['an impossible date', { rowId: 'r1', month: 2, status: 'done', heldOn: '2027-02-30' }, '/records/0/heldOn'],
    ['an unknown status', { rowId: 'r1', month: 5, status: 'finished' }, '/records/0/status'],
    ['a plugin field of the wrong type', { rowId: 'PLACEHOLDER', month: 5, status: 'done', extra: { invitedOffices: 'thirty', participatingOffices: 3 } }, '/records/0/extra/invitedOffices'],
    ['more participants than invited', { rowId: 'PLACEHOLDER', month: 5, status: 'done', extra: { invitedOffices: 10, participatingOffices: 12 } }, '/records/0/extra/participatingOffices'],
    ['an unknown plugin field', { rowId: 'PLACEHOLDER', month: 5, status: 'done', extra: { cups: 3 } }, '/records/0/extra/cups'],
    ['extra fields on a row whose meeting type has none', { rowId: 'r1', month: 5, status: 'done', extra: { invitedOffices: 3 } }, '/records/0/extra'],
    ['a negative attendance', { rowId: 'r1', month: 5, status: 'done', attendance: -1 }, '/records/0/attendance'],
  ])('refuses %s with a 400 naming the field and records nothing (not even the valid records beside it)', async (_name, bad, field) => {
    const liaison = plan.schedule.find((r) => r.meetingTypeId === 'liaison-case-study' || r.meetingTypeId === 'yomegoto')!;
    const record = { ...bad, rowId: bad.rowId === 'PLACEHOLDER' ? liaison.id : bad.rowId };
    const before = await snapshot(app);
    const res = await izumi.post(`/api/plans/${plan.id}/progress`, { records: [record, { rowId: 'r1', month: 4, status: 'done' }] });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as ApiError;
    expect(body.fields!.map((f) => f.path), JSON.stringify(body.fields)).toContain(field);
    expect(body.fields!.every((f) => f.message && f.messageJa)).toBe(true);
    expect(await snapshot(app)).toBe(before);
  });

  it('refuses a stale version with 409 and keeps the stored record', async () => {
    const first = (await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'done', note: 'a' })).json() as ProgressRecord;
    const second = (await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'partial', note: 'b', version: first.version })).json() as ProgressRecord;
    expect(second.version).toBe(2);
    const stale = await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'notDone', note: 'c', version: first.version });
    expect(stale.statusCode).toBe(409);
    const { updatedByName, ...stored } = second;
    expect(updatedByName).toBe('izumi');
    expect((stale.json() as { current: ProgressRecord }).current).toEqual(stored);
    // creating a record that someone else already created is a conflict too
    const dup = await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'done' });
    expect(dup.statusCode).toBe(409);
    const records = ((await izumi.get(`/api/plans/${plan.id}/progress`)).json() as { records: ProgressRecord[] }).records;
    expect(records).toEqual([second]);
  });

  it('never reuses a version after a delete, so an edit based on the deleted record cannot overwrite a new one', async () => {
    const a = (await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'done', note: 'A' })).json() as ProgressRecord;
    expect((await izumi.delete(`/api/plans/${plan.id}/progress/r1/4?version=${a.version}`)).statusCode).toBe(204);
    const c = (await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'partial', note: 'C' })).json() as ProgressRecord;
    expect(c.version).toBeGreaterThan(a.version);
    const stale = await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'notDone', note: 'based on A', version: a.version });
    expect(stale.statusCode).toBe(409);
    expect(((await izumi.get(`/api/plans/${plan.id}/progress`)).json() as { records: ProgressRecord[] }).records[0]!.note).toBe('C');
  });

  it('deletes a record with its version, journalled', async () => {
    const rec = (await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'done' })).json() as ProgressRecord;
    expect((await izumi.delete(`/api/plans/${plan.id}/progress/r1/4?version=${rec.version + 1}`)).statusCode).toBe(409);
    expect((await izumi.delete(`/api/plans/${plan.id}/progress/r1/4?version=${rec.version}`)).statusCode).toBe(204);
    expect(((await izumi.get(`/api/plans/${plan.id}/progress`)).json() as { records: unknown[] }).records).toEqual([]);
    const actions = (await app.db.selectFrom('journal').select('action').where('entity', '=', 'progress').orderBy('id').execute()).map((j) => j.action);
    expect(actions).toEqual(['create', 'delete']);
  });

  it("lists a month's agenda: due, overdue, as needed", async () => {
    await izumi.put(`/api/plans/${plan.id}/progress/r1/4`, { status: 'done' });
    const agenda = (await izumi.get(`/api/plans/${plan.id}/agenda?month=6`)).json() as MonthAgenda;
    expect(agenda.yearMonth).toBe('2026-06');
    expect(agenda.due.map((d) => d.rowId)).toContain('r1');
    expect(agenda.overdue.map((d) => `${d.rowId}/${d.month}`)).toContain('r1/5');
    expect(agenda.overdue.map((d) => `${d.rowId}/${d.month}`)).not.toContain('r1/4');
    expect(agenda.due.every((d) => d.month === 6)).toBe(true);
  });
});

describe('the roll-up API', () => {
  it('defaults asOf to the last finished month, reports the month in progress, and refuses a malformed asOf', async () => {
    const r = (await izumi.get('/api/rollup')).json() as Rollup;
    expect(r.asOf).toBe('2026-10');
    expect(r.today).toBe('2026-11');
    expect(r.wards.find((w) => w.wardId === 'izumi')!.inProgress!.month).toBe(11);
    expect(r.wards.map((w) => w.wardId)).toEqual(['aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi']);
    expect(r.wards.find((w) => w.wardId === 'aoba')!.planId).toBeNull();
    const bad = await izumi.get('/api/rollup?fiscalYear=2026&asOf=2026-13');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ApiError).fields![0]!.path).toBe('/query/asOf');
  });
});

describe('escalation', () => {
  it('goes from the ward to the subcommittee and the reply comes back', async () => {
    const chair = await client(app, 'chair');
    const created = await izumi.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i2', note: '区単独では解決できない', confidential: true });
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json() as Escalation;
    expect(e.status).toBe('open');
    expect(ward(await rollup('2026-09')).escalated).toBe(1);
    expect((await izumi.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i2', note: 'again' })).statusCode).toBe(409);
    expect((await izumi.post(`/api/plans/${plan.id}/escalations`, { issueId: 'nope', note: 'x' })).statusCode).toBe(400);

    const replied = await chair.post(`/api/escalations/${e.id}/reply`, { reply: '第2回地域部会で協議します', version: e.version });
    expect(replied.statusCode, replied.body).toBe(200);
    const list = (await izumi.get(`/api/escalations?planId=${plan.id}`)).json() as Escalation[];
    expect(list).toHaveLength(1);
    expect(list[0]!.status).toBe('answered');
    expect(list[0]!.reply).toBe('第2回地域部会で協議します');
    expect(list[0]!.repliedBy).toBe('chair');

    const withdrawn = await izumi.put(`/api/escalations/${e.id}`, { withdrawn: true, version: list[0]!.version });
    const w = withdrawn.json() as Escalation;
    expect(w.status).toBe('withdrawn');
    expect(ward(await rollup('2026-09')).escalated).toBe(0);

    // escalated again: the withdrawn one cannot be reopened beside it
    const again = (await izumi.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i2', note: '再度提起' })).json() as Escalation;
    const reopen = await izumi.put(`/api/escalations/${e.id}`, { withdrawn: false, version: w.version });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().code).toBe('ALREADY_ESCALATED');
    expect(ward(await rollup('2026-09')).escalated).toBe(1);
    // withdrawn the new one, the answered old one comes back answered
    await izumi.put(`/api/escalations/${again.id}`, { withdrawn: true, version: again.version });
    const back = (await izumi.put(`/api/escalations/${e.id}`, { withdrawn: false, version: w.version })).json() as Escalation;
    expect(back.status).toBe('answered');
  });
});

describe('comments', () => {
  it("carry the subcommittee's feedback to the ward and the answer back, journalled", async () => {
    const chair = await client(app, 'chair');
    const first = await chair.post(`/api/plans/${plan.id}/comments`, { body: '参加率の向上は他区の参考になります。', issueId: 'i2' });
    expect(first.statusCode, first.body).toBe(201);
    const answer = await izumi.post(`/api/plans/${plan.id}/comments`, { body: '次回の部会で取組を紹介します。' });
    expect(answer.statusCode).toBe(201);
    const list = (await izumi.get(`/api/plans/${plan.id}/comments`)).json() as { author: string; authorRole: string; issueId: string | null; body: string }[];
    expect(list.map((c) => [c.author, c.authorRole, c.issueId])).toEqual([['chair', 'city', 'i2'], ['izumi', 'wardEditor', null]]);
    expect((await chair.post(`/api/plans/${plan.id}/comments`, { body: 'x', issueId: 'i9' })).statusCode).toBe(400);
    expect((await chair.post(`/api/plans/${plan.id}/comments`, { body: '   ' })).statusCode).toBe(400);
    const journal = await app.db.selectFrom('journal').select('entity').where('entity', '=', 'comment').execute();
    expect(journal).toHaveLength(2);
  });
});
