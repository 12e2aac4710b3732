/**
 * Issue 8, items 2, 3 and 14: throttling that slows guessing without letting anybody lock a real user out;
 * TRUST_PROXY as a list of proxies; a bounded queue of password hashes; anonymous "who am I" is no error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseTrustProxy } from '../../server/config.js';
import { lockAfter, POLICIES } from '../../server/core/login-throttle.js';
import { HASH_CONCURRENCY, HASH_QUEUE, hashLoad, withHashSlot } from '../../server/services/passwords.js';
import { ROOT, TEST_PASSWORD, client, testApp } from '../helpers/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function login(a: FastifyInstance, username: string, password: string, from = '127.0.0.1', headers: Record<string, string> = {}) {
  return a.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: from, headers });
}

describe('login throttling (issue 8.2)', () => {
  it('an attacker guessing from one address does not lock the real user out from another', { timeout: 120_000 }, async () => {
    app = await testApp();
    for (let i = 0; i < 5; i++) expect((await login(app, 'admin', `wrong-guess-${i}`, '203.0.113.9')).statusCode).toBe(401);
    const attacker = await login(app, 'admin', TEST_PASSWORD, '203.0.113.9');
    expect(attacker.statusCode).toBe(429);
    expect(attacker.json().code).toBe('LOGIN_LOCKED');
    // the administrator at the office still logs in
    expect((await login(app, 'admin', TEST_PASSWORD, '10.1.2.3')).statusCode).toBe(200);
  });

  it('makes the wait grow with every further failure (1, 2, 4 … minutes, at most an hour)', () => {
    const p = POLICIES.pair;
    const waits = [4, 5, 6, 7, 8, 20].map((n) => lockAfter(p, n, 0));
    expect(waits).toEqual([null, 60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });

  it('does not lock an office behind one address out after a few failures of several users', async () => {
    app = await testApp();
    // every user of the office has logged in from the shared address before
    for (const u of ['aoba', 'izumi', 'chair']) expect((await login(app, u, TEST_PASSWORD, '192.0.2.50')).statusCode).toBe(200);
    // 36 failed attempts from the address (more than the old address limit of 30): each user mistypes again and again
    for (let round = 0; round < 12; round++) {
      for (const u of ['aoba', 'izumi', 'chair']) {
        const r = await login(app, u, `typo-${round}-x1234`, '192.0.2.50');
        if (round < 5) expect(r.statusCode).toBe(401);
      }
    }
    // a colleague who did not mistype logs in from the same address
    expect((await login(app, 'miyagino', TEST_PASSWORD, '192.0.2.50')).statusCode).toBe(200);
    expect((await login(app, 'admin', TEST_PASSWORD, '192.0.2.50')).statusCode).toBe(200);
  }, 180_000);

  it('stops password spraying: many user names from one address lock that address for new names only', async () => {
    app = await testApp();
    expect((await login(app, 'aoba', TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200); // known there
    const results = [];
    for (let i = 0; i < 25; i++) results.push((await login(app, `spray-${i}`, 'some-common-pass', '198.51.100.7')).statusCode);
    expect(results.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(results.slice(20).every((s) => s === 429)).toBe(true);
    // a user name not known at that address is refused even with the right password…
    expect((await login(app, 'izumi', TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(429);
    // …but a user who logs in from there is not, and nobody elsewhere is affected
    expect((await login(app, 'aoba', TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    expect((await login(app, 'izumi', TEST_PASSWORD, '198.51.100.8')).statusCode).toBe(200);
  }, 180_000);

  it('journals and logs every lock, lists it for the administrator, who can clear it (API and UI route)', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    app = await testApp({ logger: { level: 'warn', stream } });
    for (let i = 0; i < 5; i++) await login(app, 'izumi', `wrong-guess-${i}`, '203.0.113.77');
    const admin = await client(app, 'admin');
    const locks = (await admin.get('/api/admin/login-locks')).json();
    expect(locks).toEqual([expect.objectContaining({ kind: 'pair', username: 'izumi', address: '203.0.113.77', failures: 5 })]);
    const journal = (await admin.get('/api/journal?entity=login')).json() as { action: string; summary: string }[];
    expect(journal.map((j) => j.action)).toEqual(['lock']);
    expect(journal[0]!.summary).toMatch(/izumi.*203\.0\.113\.77/);
    // non-administrators may neither see nor clear locks
    const ward = await client(app, 'aoba');
    expect((await ward.get('/api/admin/login-locks')).statusCode).toBe(403);
    expect((await ward.post('/api/admin/login-locks/clear', { username: 'izumi' })).statusCode).toBe(403);

    expect((await login(app, 'izumi', TEST_PASSWORD, '203.0.113.77')).statusCode).toBe(429);
    const cleared = await admin.post('/api/admin/login-locks/clear', { username: 'izumi' });
    expect(cleared.json()).toEqual({ cleared: 2 }); // the pair's lock and the user's count from unknown addresses
    expect((await admin.get('/api/admin/login-locks')).json()).toEqual([]);
    expect((await login(app, 'izumi', TEST_PASSWORD, '203.0.113.77')).statusCode).toBe(200);
    const after = (await admin.get('/api/journal?entity=login')).json() as { action: string; username: string }[];
    expect(after[0]).toMatchObject({ action: 'unlock', username: 'admin' });
    expect((await admin.post('/api/admin/login-locks/clear', {})).statusCode).toBe(400);
    expect(lines.join("\n")).toMatch(/login locked for user \\"izumi\\" from 203\.0\.113\.77/);
  }, 120_000);

  it('keeps its state in the database, where a second server process on it counts too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-throttle-'));
    const file = join(dataDir, 'council.sqlite');
    app = await testApp({ config: { dataDir, database: { kind: 'sqlite', file } } });
    const second = await testApp({ config: { dataDir, database: { kind: 'sqlite', file } }, users: false });
    try {
      for (let i = 0; i < 3; i++) expect((await login(app, 'taihaku', `wrong-guess-${i}`, '203.0.113.5')).statusCode).toBe(401);
      for (let i = 0; i < 2; i++) expect((await login(second, 'taihaku', `wrong-guess-b${i}`, '203.0.113.5')).statusCode).toBe(401);
      expect((await login(app, 'taihaku', TEST_PASSWORD, '203.0.113.5')).statusCode).toBe(429);
      expect((await login(second, 'taihaku', TEST_PASSWORD, '203.0.113.5')).statusCode).toBe(429);
      // `npm run unlock -- taihaku` clears it from the command line, on the same database
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/unlock.ts'), 'taihaku'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
      expect(out).toMatch(/unlocked.*taihaku/);
      expect((await login(second, 'taihaku', TEST_PASSWORD, '203.0.113.5')).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('TRUST_PROXY and the hashing queue (issue 8.3)', () => {
  it('accepts a list of proxy addresses and CIDR ranges, and refuses anything else', () => {
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1,loopback')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(() => parseTrustProxy('*')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/TRUST_PROXY/);
  });

  it('believes X-Forwarded-For only from a listed proxy: a direct client rotating the header stays one address', { timeout: 120_000 }, async () => {
    app = await testApp({ config: { trustProxy: ['10.0.0.5'] } });
    // direct client: the header is ignored, so rotating it does not escape the limit
    const direct = [];
    for (let i = 0; i < 7; i++) direct.push((await login(app, 'aoba', `wrong-guess-${i}`, '203.0.113.20', { 'x-forwarded-for': `198.18.0.${i}` })).statusCode);
    expect(direct).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // through the proxy: the client's own address counts, so that client is not locked by the other
    expect((await login(app, 'aoba', TEST_PASSWORD, '10.0.0.5', { 'x-forwarded-for': '198.18.1.1' })).statusCode).toBe(200);
    const locks = (await (await client(app, 'admin')).get('/api/admin/login-locks')).json();
    expect(locks).toEqual([expect.objectContaining({ address: '203.0.113.20' })]);
  });

  it('computes at most a few password hashes at once, and answers 503 with Retry-After beyond a short queue', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE }, () => withHashSlot(() => gate, true));
    expect(hashLoad()).toEqual({ running: HASH_CONCURRENCY, waiting: HASH_QUEUE });
    app = await testApp();
    const res = await login(app, 'aoba', TEST_PASSWORD, '10.9.9.9');
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SERVER_BUSY');
    expect(res.headers['retry-after']).toBe('2');
    release();
    await Promise.all(held);
    expect(hashLoad()).toEqual({ running: 0, waiting: 0 });
    // refused at the queue, the attempt was not counted against the user
    const locks = await app.db.selectFrom('login_throttle').selectAll().where('failures', '>', 0).execute();
    expect(locks).toEqual([]);
    expect((await login(app, 'aoba', TEST_PASSWORD, '10.9.9.9')).statusCode).toBe(200);
  });
});

describe('anonymous session (issue 8.14)', () => {
  it('GET /api/session answers 200 { authenticated: false } without a session, and the user with one', async () => {
    app = await testApp();
    const anonymous = await app.inject({ url: '/api/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ authenticated: false });
    const c = await client(app, 'chair');
    const me = await c.get('/api/session');
    expect(me.json()).toMatchObject({ authenticated: true, user: { username: 'chair' }, csrfToken: c.csrf });
  });
});

describe('login throttling on PostgreSQL, two app instances on one database (8.2)', async () => {
  const { freshDatabase, postgresUnavailable } = await import('../helpers/postgres.js');
  const unavailable = await postgresUnavailable();
  it.skipIf(unavailable)('counts parallel guesses from both instances together and never evaluates more than the limit', { timeout: 120_000 }, async () => {
    const db = await freshDatabase();
    const one = await testApp({ config: { database: { kind: 'postgres', url: db.url } } });
    const two = await testApp({ config: { database: { kind: 'postgres', url: db.url } }, users: false });
    try {
      const guesses = Array.from({ length: 12 }, (_, i) => login(i % 2 ? one : two, 'wakabayashi', `parallel-guess-${i}`, '203.0.113.61'));
      const results = (await Promise.all(guesses)).map((r) => r.statusCode);
      expect(results.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect((await login(two, 'wakabayashi', TEST_PASSWORD, '203.0.113.61')).statusCode).toBe(429);
      expect((await login(one, 'wakabayashi', TEST_PASSWORD, '203.0.113.62')).statusCode).toBe(200);
    } finally {
      await two.close();
      await one.close();
      await db.drop();
    }
  });
});
