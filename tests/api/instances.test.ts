/**
 * Two real server processes on one fresh PostgreSQL database behave as one: sessions, logout and
 * disabling, login throttling, conflicting writes, the "one open escalation per issue" rule under a
 * race, the roll-up cache, and a pg_dump taken while both write.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Escalation, Plan, Rollup, User } from '../../schemas/types.js';
import { type ChildServer, httpSession, startChildServer } from '../helpers/child-server.js';
import { demoPlan } from '../helpers/app.js';
import { freshDatabase, postgresUnavailable } from '../helpers/postgres.js';

const unavailable = await postgresUnavailable();
const ADMIN_PASSWORD = 'instances-admin-0123';
const WARD_PASSWORD = 'instances-ward-01234';

async function anonymous(url: string, method: string, path: string, body?: unknown, cookie?: string) {
  return fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function loginCookie(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await anonymous(url, 'POST', '/api/session', { username, password });
  expect(res.status, await res.clone().text()).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe.skipIf(unavailable)('two instances on one PostgreSQL database', () => {
  let a: ChildServer;
  let b: ChildServer;
  let url: string;
  let drop: () => Promise<void>;
  let plan: Plan;

  beforeAll(async () => {
    const db = await freshDatabase();
    url = db.url;
    drop = db.drop;
    const env = { DATABASE_URL: db.url, DEMO_DATA: 'false', ADMIN_PASSWORD, DATA_DIR: '/nonexistent-unused' };
    // One after the other: the first creates the schema and the administrator, the second finds them.
    a = await startChildServer(env);
    b = await startChildServer(env);
    const admin = await httpSession(a.url, 'admin', ADMIN_PASSWORD);
    plan = (await (await admin.send('POST', '/api/plans', demoPlan('aoba'))).json()) as Plan;
    expect(plan.id).toBeTruthy();
    for (const username of ['aoba', 'aoba2']) {
      const res = await admin.send('POST', '/api/users', { username, displayName: username, role: 'wardEditor', wardId: 'aoba', password: WARD_PASSWORD });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
  });

  it('a session made on one instance is valid on the other; logout on either ends it on both', async () => {
    const { cookie } = await loginCookie(a.url, 'aoba', WARD_PASSWORD);
    expect((await anonymous(b.url, 'GET', '/api/session', undefined, cookie)).status).toBe(200);
    const session = (await (await anonymous(b.url, 'GET', '/api/session', undefined, cookie)).json()) as { csrfToken: string };
    const out = await fetch(`${b.url}/api/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': session.csrfToken } });
    expect(out.status).toBeLessThan(300);
    expect((await anonymous(a.url, 'GET', `/api/plans/${plan.id}`, undefined, cookie)).status).toBe(401);
    expect((await anonymous(b.url, 'GET', `/api/plans/${plan.id}`, undefined, cookie)).status).toBe(401);
  });

  it('disabling a user on one instance ends their session on the other at once', async () => {
    const { cookie } = await loginCookie(a.url, 'aoba2', WARD_PASSWORD);
    expect((await anonymous(a.url, 'GET', `/api/plans/${plan.id}`, undefined, cookie)).status).toBe(200);
    const admin = await httpSession(b.url, 'admin', ADMIN_PASSWORD);
    const user = ((await (await admin.get('/api/users')).json()) as User[]).find((u) => u.username === 'aoba2')!;
    const res = await admin.send('PUT', `/api/users/${user.id}`, { disabled: true, version: user.version });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await anonymous(a.url, 'GET', `/api/plans/${plan.id}`, undefined, cookie)).status).toBe(401);
  });

  it('a conflicting write through either instance gets 409 and changes nothing', async () => {
    const onA = await httpSession(a.url, 'aoba', WARD_PASSWORD);
    const onB = await httpSession(b.url, 'aoba', WARD_PASSWORD);
    const base = (await (await onA.get(`/api/plans/${plan.id}`)).json()) as Plan;
    const first = await onA.send('PUT', `/api/plans/${plan.id}`, { ...base, notes: 'through A' });
    expect(first.status).toBe(200);
    const saved = (await first.json()) as Plan;
    const second = await onB.send('PUT', `/api/plans/${plan.id}`, { ...base, notes: 'through B' });
    expect(second.status).toBe(409);
    expect((await (await onB.get(`/api/plans/${plan.id}`)).json()) as Plan).toEqual(saved);
  });

  it('one open escalation per issue holds when both instances create it at the same moment', async () => {
    const onA = await httpSession(a.url, 'aoba', WARD_PASSWORD);
    const onB = await httpSession(b.url, 'aoba', WARD_PASSWORD);
    const issues = plan.issues.map((i) => i.id);
    expect(issues.length).toBeGreaterThan(0);
    for (const issueId of issues) {
      const results = await Promise.all([onA, onB, onA, onB].map((s) => s.send('POST', `/api/plans/${plan.id}/escalations`, { issueId, note: `race ${issueId}` })));
      const codes = results.map((r) => r.status).sort();
      expect(codes, `issue ${issueId}`).toEqual([201, 409, 409, 409]);
    }
    const all = (await (await onB.get(`/api/escalations?planId=${plan.id}`)).json()) as Escalation[];
    expect(all.filter((e) => e.status !== 'withdrawn')).toHaveLength(issues.length);
  });

  it('the roll-up cached on one instance follows a write through the other', async () => {
    const onA = await httpSession(a.url, 'aoba', WARD_PASSWORD);
    const onB = await httpSession(b.url, 'aoba', WARD_PASSWORD);
    const rollup = async (s: typeof onA) => (await (await s.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json()) as Rollup;
    const before = await rollup(onA);
    expect(await rollup(onA)).toEqual(before); // served from A's cache now
    expect(await rollup(onB)).toEqual(before);
    const row = plan.schedule.find((r) => r.timing === 'months' && r.months.includes(4)) ?? plan.schedule[0]!;
    const write = await onB.send('PUT', `/api/plans/${plan.id}/progress/${row.id}/4`, { status: 'done', heldOn: '2026-04-20', note: 'through B', extra: {} });
    expect(write.status, await write.clone().text()).toBe(200);
    const afterA = await rollup(onA);
    expect(afterA).not.toEqual(before);
    expect(afterA).toEqual(await rollup(onB));
  });

  it('a plan cached on one instance follows a write through the other', async () => {
    const onA = await httpSession(a.url, 'aoba', WARD_PASSWORD);
    const onB = await httpSession(b.url, 'aoba', WARD_PASSWORD);
    const read = async (s: typeof onA) => (await (await s.get(`/api/plans/${plan.id}`)).json()) as Plan;
    const before = await read(onA);
    expect(await read(onA)).toEqual(before); // A answers from its cache now
    expect(await read(onB)).toEqual(before);
    const write = await onB.send('PUT', `/api/plans/${plan.id}`, { ...before, notes: 'cached on A, changed through B' });
    expect(write.status, await write.clone().text()).toBe(200);
    const afterA = await read(onA);
    expect(afterA.notes).toBe('cached on A, changed through B');
    expect(afterA.version).toBe(before.version + 1);
    expect(afterA).toEqual(await read(onB));
  });

  it('login throttling counts failures made through both instances together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) {
      const server = i % 2 === 0 ? a : b;
      statuses.push((await anonymous(server.url, 'POST', '/api/session', { username: 'aoba', password: 'wrong-password-000' })).status);
    }
    expect(statuses).toContain(429);
    // Counted per instance, alternating would need twice as many failures as one instance allows.
    const failuresBeforeLock = statuses.filter((s) => s === 401).length;
    const refusedOnOther = await anonymous((statuses.length % 2 === 0 ? a : b).url, 'POST', '/api/session', { username: 'aoba', password: 'wrong-password-000' });
    expect(refusedOnOther.status).toBe(429);
    expect(failuresBeforeLock).toBeLessThan(12);
  });

  it('a pg_dump taken while both instances write is a complete, consistent database', async () => {
    const onA = await httpSession(a.url, 'admin', ADMIN_PASSWORD);
    const onB = await httpSession(b.url, 'admin', ADMIN_PASSWORD);
    const writes = (async () => {
      let current = (await (await onA.get(`/api/plans/${plan.id}`)).json()) as Plan;
      for (let i = 0; i < 10; i++) {
        const s = i % 2 === 0 ? onA : onB;
        const res = await s.send('PUT', `/api/plans/${plan.id}`, { ...current, notes: `write ${i}` });
        expect(res.status).toBe(200);
        current = (await res.json()) as Plan;
      }
      return current;
    })();
    const dump = execFileSync('pg_dump', ['--no-owner', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const last = await writes;
    const copy = await freshDatabase();
    try {
      execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', copy.url], { input: dump, encoding: 'utf8' });
      const c = await startChildServer({ DATABASE_URL: copy.url, DEMO_DATA: 'false', ADMIN_PASSWORD, DATA_DIR: '/nonexistent-unused' });
      try {
        const onC = await httpSession(c.url, 'admin', ADMIN_PASSWORD);
        const restored = (await (await onC.get(`/api/plans/${plan.id}`)).json()) as Plan;
        // Some version between the one before the writes and the last, with exactly that version's content.
        expect(restored.version).toBeLessThanOrEqual(last.version);
        const history = (await (await onC.get(`/api/plans/${plan.id}/history`)).json()) as { version: number }[];
        expect(Math.max(...history.map((h) => h.version))).toBe(restored.version);
        const sameOnA = (await (await onA.get(`/api/plans/${plan.id}/versions/${restored.version}`)).json()) as Plan;
        expect(restored.notes).toBe(sameOnA.notes);
        // The restored database's roll-up is computed from its own data, not any instance's cache.
        const rollC = await (await onC.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json();
        expect(rollC).toEqual(await (await onA.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json());
      } finally {
        await c.stop();
      }
    } finally {
      await copy.drop();
    }
  }, 120_000);
});
