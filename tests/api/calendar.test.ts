/** The public calendar: no account, text/calendar per RFC 5545, stable UIDs, and nothing but names, dates, times and places. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import type { Plan } from '../../schemas/types.js';
import { type Client, TEST_PASSWORD, client, demoPlan, testApp } from '../helpers/app.js';

let app: FastifyInstance;
let plan: Plan;
let secretary: Client;
const SECRET_WORDS = ['機密メモ-秘匿語XYZ', '利用者さんの個別事情', 'ヤマダタロウ事務局'];

beforeAll(async () => {
  app = await testApp();
  const admin = await client(app, 'admin');
  await admin.post('/api/users', { username: 'secretary-x', displayName: SECRET_WORDS[2], role: 'wardEditor', wardId: 'aoba', password: TEST_PASSWORD });
  secretary = await client(app, 'secretary-x');
  plan = (await admin.post('/api/plans', { ...demoPlan('aoba'), notes: `${SECRET_WORDS[0]} 特記事項` })).json() as Plan;
  expect((await secretary.put(`/api/plans/${plan.id}/meetings/r1/6`, { date: '2026-06-18', startTime: '13:30', endTime: '15:30', place: '青葉区役所 4階 第1会議室' })).statusCode).toBe(200);
  expect((await secretary.put(`/api/plans/${plan.id}/meetings/r3/9`, { date: '2026-09-03', place: '' })).statusCode).toBe(200);
  await secretary.put(`/api/plans/${plan.id}/progress/r1/6`, { status: 'done', heldOn: '2026-06-18', note: SECRET_WORDS[1] });
  await secretary.post(`/api/plans/${plan.id}/escalations`, { issueId: plan.issues[0]!.id, note: SECRET_WORDS[0] });
  await secretary.post('/api/offices', { wardId: 'aoba', name: '相談室ひみつ', kind: 'designated', contactPhone: '022-999-9999' });
  // A draft plan of another ward is not published.
  await admin.post('/api/plans', { ...demoPlan('izumi'), status: 'draft' });
});
afterAll(async () => app.close());

describe('public calendar', () => {
  it('answers without an account, as text/calendar, parsed back by ical.js', async () => {
    const res = await app.inject({ url: '/api/calendar/aoba.ics?fiscalYear=2026' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const comp = new ICAL.Component(ICAL.parse(res.body));
    const uids = comp.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    // r3's date is fixed too, but it is a visit to one new office: 青葉区's plugin keeps that meeting type
    // off the public calendar (publicCalendar: false).
    expect(uids.sort()).toEqual(['aoba-2026-r1-6@sendai.council-planner']);
    const june = comp.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === 'aoba-2026-r1-6@sendai.council-planner')!;
    expect(june.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Tokyo');
    expect(String(june.getFirstPropertyValue('dtstart'))).toBe('2026-06-18T13:30:00');
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('keeps UIDs and the whole feed stable across requests, and follows a date change with the same UID', async () => {
    const a = (await app.inject({ url: '/api/calendar/city.ics?fiscalYear=2026' })).body;
    const b = (await app.inject({ url: '/api/calendar/city.ics?fiscalYear=2026' })).body;
    expect(b).toBe(a);
    const current = (await secretary.get(`/api/plans/${plan.id}/meetings`)).json().dates.find((d: { rowId: string }) => d.rowId === 'r1');
    await secretary.put(`/api/plans/${plan.id}/meetings/r1/6`, { date: '2026-06-25', startTime: '10:00', place: '青葉区役所', version: current.version });
    const c = (await app.inject({ url: '/api/calendar/city.ics?fiscalYear=2026' })).body;
    expect(c).toContain('UID:aoba-2026-r1-6@sendai.council-planner');
    expect(c).toContain('DTSTART;TZID=Asia/Tokyo:20260625T100000');
    expect(c).not.toBe(a);
  });

  it('publishes nothing but meeting names, dates, times and places', async () => {
    const json = await app.inject({ url: '/api/calendar?fiscalYear=2026' });
    expect(json.statusCode).toBe(200);
    const outputs = [json.body, (await app.inject({ url: '/api/calendar/city.ics?fiscalYear=2026' })).body, (await app.inject({ url: '/api/calendar/aoba.ics?fiscalYear=2026' })).body].map((t) => t.replace(/\r\n /g, ''));
    const meetingNames = new Set(app.plugins.catalog.wards.flatMap((w) => w.meetingTypes.map((m) => m.name.ja)));
    // Every other field's content: plan texts, records, escalations, offices, users.
    const texts = [
      plan.title,
      ...plan.lastYearEfforts,
      ...plan.findings,
      ...plan.goals.map((g) => g.text),
      ...plan.issues.flatMap((i) => [i.problem, i.remarks, ...i.actions.map((a) => a.text)]),
      ...plan.schedule.map((r) => r.title),
      plan.notes,
      ...demoPlan('izumi').schedule.map((r) => r.title),
      ...SECRET_WORDS,
      '相談室ひみつ',
      '022-999-9999',
      'secretary-x',
    ].filter((t) => t && t.trim().length >= 4 && !meetingNames.has(t));
    expect(texts.length).toBeGreaterThan(20);
    for (const out of outputs) for (const t of texts) expect(out.includes(t), `leaked: ${t}`).toBe(false);
    const body = json.json();
    expect(Object.keys(body.events[0]).sort()).toEqual(['date', 'endTime', 'month', 'name', 'place', 'startTime', 'uid', 'wardId', 'yearMonth']);
    // The draft plan's meetings are not published.
    expect(body.events.some((e: { wardId: string }) => e.wardId === 'izumi')).toBe(false);
  });

  it('leaves out every meeting type a plugin keeps off the public calendar, in the JSON and in both feeds', async () => {
    const hidden = app.plugins.catalog.wards.flatMap((w) => w.meetingTypes.filter((m) => m.publicCalendar === false).map((m) => m.name.ja));
    expect(hidden).toContain('新規事業所への訪問(自立協の説明・顔つなぎ)');
    const shown = new Set(((await app.inject({ url: '/api/calendar?fiscalYear=2026&ward=aoba' })).json().events as { name: { ja: string } }[]).map((e) => e.name.ja));
    expect(shown.size).toBeGreaterThan(2);
    for (const name of hidden) expect(shown.has(name), name).toBe(false);
    for (const url of ['/api/calendar/aoba.ics?fiscalYear=2026', '/api/calendar/city.ics?fiscalYear=2026']) {
      const text = (await app.inject({ url })).body.replace(/\r\n /g, '');
      expect(text).not.toContain('aoba-2026-r3-9@');
      for (const name of hidden) expect(text.includes(name), `${url}: ${name}`).toBe(false);
    }
    // The ward still plans and records the visit; only the public outputs leave it out.
    expect((await secretary.get(`/api/plans/${plan.id}/meetings`)).json().dates.some((d: { rowId: string }) => d.rowId === 'r3')).toBe(true);
  });

  it('answers 404 for an unknown ward, and refuses a date outside the row month', async () => {
    expect((await app.inject({ url: '/api/calendar/nowhere.ics' })).statusCode).toBe(404);
    const res = await secretary.put(`/api/plans/${plan.id}/meetings/r1/8`, { date: '2026-09-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'date', messageJa: '2026-08 の日付にしてください' });
  });
});
