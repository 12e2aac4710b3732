/**
 * The permission matrix: every state-changing route × every role. Refusals (401 for anonymous, 403 for a
 * role that may not, incl. a ward editor against another ward) must change nothing; permitted calls succeed.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Escalation, Office, Plan, User, Visit } from '../../schemas/types.js';
import { client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

type Actor = 'anonymous' | 'viewer' | 'chair' | 'own-ward' | 'other-ward' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'viewer', 'chair', 'own-ward', 'other-ward', 'admin'];
const USERNAME: Record<Exclude<Actor, 'anonymous'>, string> = { viewer: 'viewer', chair: 'chair', 'own-ward': 'aoba', 'other-ward': 'izumi', admin: 'admin' };

interface Fixture {
  plan: Plan;
  /** Aoba's draft for the next year (deletable, submittable). */
  draft: Plan;
  /** Aoba's unsubmitted draft of 2030. */
  fresh: Plan;
  escalation: Escalation;
  progressVersion: number;
  user: User;
  office: Office;
  visit: Visit;
  meetingVersion: number;
}

/** A database holding Aoba's plan, one progress record, one escalation and a spare user. */
async function fixture(app: FastifyInstance): Promise<Fixture> {
  const admin = await client(app, 'admin');
  const plan = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;
  const rec = await admin.put(`/api/plans/${plan.id}/progress/r4/4`, { status: 'done', note: '' });
  const escalation = (await admin.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i1', note: '区単独では解決できない' })).json() as Escalation;
  const user = (await admin.post('/api/users', { username: 'spare', displayName: '予備', role: 'viewer', password: 'spare-password-123' })).json() as User;
  const draft = (await admin.post('/api/plans', { ...demoPlan('aoba'), fiscalYear: 2028, status: 'draft' })).json() as Plan;
  const submitted = (await admin.post(`/api/plans/${draft.id}/transition`, { to: 'submitted', version: draft.version })).json() as Plan;
  const fresh = (await admin.post('/api/plans', { ...demoPlan('aoba'), fiscalYear: 2030, status: 'draft' })).json() as Plan;
  const office = (await admin.post('/api/offices', { wardId: 'aoba', name: '相談室あおば', kind: 'designated' })).json() as Office;
  const visit = (await admin.post('/api/visits', { officeId: office.id, visitedOn: '2026-05-01', kind: 'hearing' })).json() as Visit;
  const meeting = (await admin.put(`/api/plans/${plan.id}/meetings/r1/6`, { date: '2026-06-18' })).json() as { version: number };
  return { plan, fresh, draft: submitted, escalation, progressVersion: (rec.json() as { version: number }).version, user, office, visit, meetingVersion: meeting.version };
}

interface RouteCase {
  name: string;
  allowed: Actor[];
  request: (f: Fixture) => { method: 'POST' | 'PUT' | 'DELETE'; url: string; body?: unknown };
  /** Only the embedded database has it (the app's backups); kept on SQLite when TEST_DATABASE=postgres. */
  sqliteOnly?: boolean;
}

const ROUTES: RouteCase[] = [
  { name: 'POST /api/plans', allowed: ['own-ward', 'admin'], request: () => ({ method: 'POST', url: '/api/plans', body: { ...demoPlan('aoba'), fiscalYear: 2027, status: 'draft' } }) },
  { name: 'POST /api/plans/:id/next-year', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/next-year` }) },
  // The fixture's 2028 plan is submitted: only the city (or an administrator) decides on it; a ward cannot approve its own plan.
  { name: 'POST /api/plans/:id/transition (approve)', allowed: ['chair', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.draft.id}/transition`, body: { to: 'approved', version: f.draft.version } }) },
  { name: 'POST /api/plans/:id/transition (return)', allowed: ['chair', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.draft.id}/transition`, body: { to: 'returned', version: f.draft.version, reason: '目標②の取組を具体的に' } }) },
  { name: 'POST /api/plans/:id/transition (archive)', allowed: ['chair', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/transition`, body: { to: 'archived', version: f.plan.version } }) },
  { name: 'POST /api/plans/:id/transition (submit)', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.fresh.id}/transition`, body: { to: 'submitted', version: f.fresh.version } }) },
  { name: 'DELETE /api/plans/:id', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'DELETE', url: `/api/plans/${f.fresh.id}?version=${f.fresh.version}` }) },
  { name: 'POST /api/plans/from-template', allowed: ['own-ward', 'admin'], request: () => ({ method: 'POST', url: '/api/plans/from-template', body: { templateId: 'sendai/network-plan', wardId: 'aoba', fiscalYear: 2029 } }) },
  { name: 'POST /api/plans/:id/template', allowed: ['chair', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/template`, body: { name: { ja: '青葉区の型' } } }) },
  { name: 'PUT /api/plans/:id', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/plans/${f.plan.id}`, body: { ...f.plan, notes: 'changed' } }) },
  { name: 'POST /api/plans/:id/restore', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/restore`, body: { fromVersion: 1, version: f.plan.version } }) },
  { name: 'POST /api/plans/:id/progress', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/progress`, body: { records: [{ rowId: 'r4', month: 5, status: 'done' }] } }) },
  { name: 'PUT /api/plans/:id/progress/:row/:month', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/plans/${f.plan.id}/progress/r4/4`, body: { status: 'partial', version: f.progressVersion } }) },
  { name: 'DELETE /api/plans/:id/progress/:row/:month', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'DELETE', url: `/api/plans/${f.plan.id}/progress/r4/4?version=${f.progressVersion}` }) },
  { name: 'POST /api/plans/:id/escalations', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/escalations`, body: { issueId: 'i2', note: '部会で協議したい' } }) },
  { name: 'PUT /api/escalations/:id', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/escalations/${f.escalation.id}`, body: { note: '追記', version: f.escalation.version } }) },
  { name: 'POST /api/escalations/:id/reply', allowed: ['chair', 'admin'], request: (f) => ({ method: 'POST', url: `/api/escalations/${f.escalation.id}/reply`, body: { reply: '第2回部会で協議します', version: f.escalation.version } }) },
  { name: 'POST /api/plans/:id/comments', allowed: ['chair', 'own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/plans/${f.plan.id}/comments`, body: { body: '第1回部会での意見: 新規事業所への訪問を継続してください', issueId: 'i1' } }) },
  { name: 'POST /api/offices', allowed: ['own-ward', 'admin'], request: () => ({ method: 'POST', url: '/api/offices', body: { wardId: 'aoba', name: '新しい相談室', kind: 'designated' } }) },
  { name: 'PUT /api/offices/:id', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/offices/${f.office.id}`, body: { name: '改名', kind: 'designated', version: f.office.version } }) },
  { name: 'POST /api/offices/import', allowed: ['own-ward', 'admin'], request: () => ({ method: 'POST', url: '/api/offices/import', body: { wardId: 'aoba', data: Buffer.from('事業所名,種別\r\n相談室CSV,designated\r\n').toString('base64'), confirm: true } }) },
  { name: 'POST /api/offices/:id/status-sheets', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: `/api/offices/${f.office.id}/status-sheets`, body: { reportedOn: '2026-06-01', newCases: 'yes' } }) },
  { name: 'POST /api/visits', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'POST', url: '/api/visits', body: { officeId: f.office.id, visitedOn: '2026-06-01', kind: 'visit' } }) },
  { name: 'DELETE /api/visits/:id', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'DELETE', url: `/api/visits/${f.visit.id}` }) },
  { name: 'PUT /api/plans/:id/attendance/:row/:month', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/plans/${f.plan.id}/attendance/r1/6`, body: { officeIds: [f.office.id] } }) },
  { name: 'PUT /api/plans/:id/meetings/:row/:month', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'PUT', url: `/api/plans/${f.plan.id}/meetings/r1/6`, body: { date: '2026-06-19', version: f.meetingVersion } }) },
  { name: 'DELETE /api/plans/:id/meetings/:row/:month', allowed: ['own-ward', 'admin'], request: (f) => ({ method: 'DELETE', url: `/api/plans/${f.plan.id}/meetings/r1/6?version=${f.meetingVersion}` }) },
  { name: 'POST /api/users', allowed: ['admin'], request: () => ({ method: 'POST', url: '/api/users', body: { username: 'newbie', displayName: '新人', role: 'viewer', password: 'newbie-password-1' } }) },
  { name: 'PUT /api/users/:id', allowed: ['admin'], request: (f) => ({ method: 'PUT', url: `/api/users/${f.user.id}`, body: { disabled: true, version: f.user.version } }) },
  { name: 'POST /api/admin/backups', allowed: ['admin'], sqliteOnly: true, request: () => ({ method: 'POST', url: '/api/admin/backups' }) },
];

async function send(app: FastifyInstance, actor: Actor, req: ReturnType<RouteCase['request']>): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (actor !== 'anonymous') {
    const c = await client(app, USERNAME[actor]);
    headers.cookie = c.cookie;
    headers['x-csrf-token'] = c.csrf;
  }
  return app.inject({ method: req.method, url: req.url, headers, ...(req.body !== undefined ? { payload: JSON.stringify(req.body) } : {}) });
}

describe.each(ROUTES)('$name', (route) => {
  it('refuses every role that may not, changing nothing', async () => {
    const app = await testApp();
    try {
      const f = await fixture(app);
      for (const actor of ACTORS.filter((a) => !route.allowed.includes(a))) {
        const before = await snapshot(app);
        const res = await send(app, actor, route.request(f));
        expect(res.statusCode, `${actor}: ${res.body}`).toBe(actor === 'anonymous' ? 401 : 403);
        expect(res.json().code).toBe(actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(await snapshot(app), `${actor} changed something`).toBe(before);
      }
    } finally {
      await app.close();
    }
  });

  it.each(route.allowed)('lets %s do it', async (actor) => {
    const app = await testApp(route.sqliteOnly ? { config: { database: { kind: 'sqlite', file: ':memory:' } } } : {});
    try {
      const f = await fixture(app);
      const res = await send(app, actor, route.request(f));
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, res.body).toBeLessThan(300);
    } finally {
      await app.close();
    }
  });
});

describe('reading', () => {
  it('is open to every signed-in role and closed to anonymous', async () => {
    const app = await testApp();
    try {
      const f = await fixture(app);
      for (const url of ['/api/plans', `/api/plans/${f.plan.id}`, `/api/plans/${f.plan.id}/progress`, '/api/wards', '/api/escalations', `/api/plans/${f.plan.id}/history`, '/api/offices?ward=aoba', '/api/offices.csv?ward=aoba', '/api/offices/availability', `/api/offices/${f.office.id}/status-sheets`, '/api/visits?ward=aoba', `/api/plans/${f.plan.id}/attendance`, `/api/plans/${f.plan.id}/meetings`]) {
        expect((await app.inject({ url })).statusCode, url).toBe(401);
        for (const who of ['viewer', 'chair', 'izumi']) expect((await (await client(app, who)).get(url)).statusCode, `${who} ${url}`).toBe(200);
      }
      expect((await (await client(app, 'aoba')).get('/api/users')).statusCode).toBe(403);
      expect((await (await client(app, 'admin')).get('/api/users')).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
      // The meeting calendar is public: offices read it without an account.
      for (const url of ['/api/calendar', '/api/calendar/aoba.ics', '/api/calendar/city.ics']) expect((await app.inject({ url })).statusCode, url).toBe(200);
    } finally {
      await app.close();
    }
  });
});
