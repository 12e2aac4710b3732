/**
 * Builds the real app for a test: a fresh in-memory database, the real plugins (or a folder the test
 * made), and one user per role. `client(app, 'aoba')` logs in through the API and returns a tiny HTTP
 * client that sends the session cookie and CSRF token like the web app does.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.js';
import { type Config, configFromEnv } from '../../server/config.js';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/services/passwords.js';
import { hashToken } from '../../server/services/auth.js';
import { insertSession } from '../../server/db/repositories/users.js';
import { createUser } from '../../server/services/users.js';
import type { PlanContent, Role } from '../../schemas/types.js';
import { freshDatabase } from './postgres.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const PLUGINS_DIR = join(ROOT, 'plugins');
export const TEST_PASSWORD = 'test-password-0123';
export const WARD_IDS = ['aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi'];

let hash: Promise<string> | undefined;
/** One real scrypt hash per test process, shared by the seeded users (hashing is deliberately slow). */
function testHash(): Promise<string> {
  hash ??= hashPassword(TEST_PASSWORD);
  return hash;
}

export interface TestAppOptions {
  pluginsDir?: string;
  config?: Partial<Config>;
  users?: boolean;
  logger?: FastifyServerOptions['logger'];
}

/**
 * TEST_DATABASE=postgres runs the API tests on PostgreSQL: each app that would get an in-memory SQLite
 * database gets a fresh PostgreSQL database instead (dropped when the app closes). Tests that choose their
 * database themselves (a file, to restart on it) keep it.
 */
const ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';

export async function testApp(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'council-test-'));
  const pg = ON_POSTGRES && !options.config?.database ? await freshDatabase() : undefined;
  const config: Config = {
    ...configFromEnv({ DATA_DIR: dataDir, PLUGINS_DIR: options.pluginsDir ?? PLUGINS_DIR, WEB_DIR: join(dataDir, 'no-web') }),
    database: pg ? { kind: 'postgres', url: pg.url } : { kind: 'sqlite', file: ':memory:' },
    demo: false,
    ...options.config,
  };
  const app = await buildApp({ config, initialize: false, logger: options.logger ?? false });
  if (pg) {
    // buildApp hands back a ready app (no more hooks): the database is dropped once the app, and with
    // it its pool, has closed.
    const close = app.close.bind(app);
    Object.assign(app, {
      close: async () => {
        await close();
        await pg.drop();
      },
    });
  }
  if (options.users ?? true) await seedUsers(app);
  return app;
}

export async function seedUsers(app: FastifyInstance): Promise<void> {
  const h = await testHash();
  const ctx = { db: app.db, plugins: app.plugins, actor: null, now: new Date().toISOString() };
  const users: { username: string; role: Role; wardId?: string }[] = [
    { username: 'admin', role: 'admin' },
    { username: 'chair', role: 'city' },
    { username: 'viewer', role: 'viewer' },
    ...app.plugins.catalog.wards.map((w) => ({ username: w.id, role: 'wardEditor' as Role, wardId: w.id })),
  ];
  for (const u of users) await createUser(ctx, { ...u, displayName: u.username, password: TEST_PASSWORD }, h);
}

export interface Client {
  username: string;
  csrf: string;
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/**
 * A logged-in client. By default the session is created directly in the database (each real login costs
 * one deliberately slow scrypt); `viaLogin` goes through POST /api/session like a browser.
 */
export async function client(app: FastifyInstance, username: string, options: { viaLogin?: boolean; password?: string } = {}): Promise<Client> {
  let sid: string;
  let csrf: string;
  if (options.viaLogin) {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: options.password ?? TEST_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    sid = res.cookies.find((c) => c.name === 'sid')!.value;
    csrf = (res.json() as { csrfToken: string }).csrfToken;
  } else {
    const user = await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    sid = randomBytes(32).toString('base64url');
    csrf = randomBytes(32).toString('base64url');
    const now = new Date();
    await insertSession(app.db, { idHash: hashToken(sid), userId: user.id, csrfToken: csrf, at: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString() });
  }
  const cookie = `sid=${sid}`;
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    username,
    csrf,
    cookie,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
    put: (url, body) => send('PUT', url, body),
    delete: (url) => send('DELETE', url),
  };
}

/** The five R8 demo plans as the fixtures hold them. */
export function demoPlans(): PlanContent[] {
  return WARD_IDS.map((w) => JSON.parse(readFileSync(join(PLUGINS_DIR, w, 'demo', 'plan-2026.json'), 'utf8')) as PlanContent);
}

export function demoPlan(wardId: string): PlanContent {
  return JSON.parse(readFileSync(join(PLUGINS_DIR, wardId, 'demo', 'plan-2026.json'), 'utf8')) as PlanContent;
}

/** Copies plugins/ into a temporary folder a test may change. */
export function copyPlugins(): string {
  const dir = mkdtempSync(join(tmpdir(), 'council-plugins-'));
  for (const name of readdirSync(PLUGINS_DIR)) cpSync(join(PLUGINS_DIR, name), join(dir, name), { recursive: true });
  return dir;
}
