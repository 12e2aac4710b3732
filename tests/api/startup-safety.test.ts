/**
 * Issue 8, items 4–8, 11, 12: nothing is lost around restore, backups, an unwritable disk, corruption,
 * an empty database file or a busy start; one city per database; no silent demo accounts in real use.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/types.js';
import { buildApp } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { checkBackup } from '../../server/db/restore.js';
import { demoAccountsInUse } from '../../server/services/initialize.js';
import { ROOT, client, demoPlan, testApp } from '../helpers/app.js';
import { startChildServer } from '../helpers/child-server.js';

function fileConfig(dataDir: string) {
  return { dataDir, database: { kind: 'sqlite' as const, file: join(dataDir, 'council.sqlite') } };
}

describe('restore while a server runs (8.4)', () => {
  it('is refused with a clear message, and nothing changes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-restore-busy-'));
    const server = await startChildServer({ DATA_DIR: dataDir, DEMO_DATA: 'false', ADMIN_PASSWORD: 'restore-test-admin' });
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/backup.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
      const backup = join(dataDir, 'backups', readdirSync(join(dataDir, 'backups'))[0]!);
      const before = readdirSync(dataDir).sort();
      const size = statSync(join(dataDir, 'council.sqlite')).size;
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/restore.ts'), backup], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/open in another process: pid \d+ \(server/);
      expect(r.stderr).toMatch(/サーバー.*を停止してから/);
      expect(readdirSync(dataDir).sort()).toEqual(before);
      expect(statSync(join(dataDir, 'council.sqlite')).size).toBe(size);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    // once the server has stopped, the same restore goes through
    const backup = join(dataDir, 'backups', readdirSync(join(dataDir, 'backups'))[0]!);
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/restore.ts'), backup], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(out).toMatch(/restored/);
  }, 120_000);
});

describe('backups under load (8.5)', () => {
  it('twenty parallel backup requests all succeed, each a complete, consistent database under its own name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-backups-'));
    const app = await testApp({ config: fileConfig(dataDir) });
    try {
      const admin = await client(app, 'admin');
      for (const w of ['aoba', 'izumi']) expect((await admin.post('/api/plans', demoPlan(w))).statusCode).toBe(201);
      const answers = await Promise.all(Array.from({ length: 20 }, () => admin.post('/api/admin/backups')));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
      const names = answers.map((a) => (a.json() as { file: string }).file);
      expect(new Set(names).size).toBe(20);
      expect(readdirSync(join(dataDir, 'backups')).sort()).toEqual([...names].sort()); // no .partial left behind
      for (const n of names) expect(checkBackup(join(dataDir, 'backups', n))).toEqual({ plans: 2, users: 8 });
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('health and an unwritable database (8.6)', () => {
  it('reports 503 with the reason when the database does not accept writes', async () => {
    // SQLite's query_only stands in for a read-only file; kept on SQLite also when TEST_DATABASE=postgres
    const app = await testApp({ users: false, config: { database: { kind: 'sqlite', file: ':memory:' } } });
    try {
      const ok = await app.inject({ url: '/api/health' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'ok', writable: true });
      app.sqlite!.pragma('query_only = ON'); // what a read-only file or a full disk look like to a write
      const bad = await app.inject({ url: '/api/health?fresh=true' });
      expect(bad.statusCode).toBe(503);
      expect(bad.json().code).toBe('DATABASE_NOT_WRITABLE');
      expect(bad.json().message).toMatch(/SQLITE_READONLY/);
      expect(bad.json().messageJa).toMatch(/書き込めません/);
      app.sqlite!.pragma('query_only = OFF');
      expect((await app.inject({ url: '/api/health?fresh=true' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('start-up refuses a DATA_DIR it cannot write to, saying so', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'council-unwritable-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const dataDir = join(blocker, 'data'); // cannot be created: its parent is a file
    await expect(testApp({ config: fileConfig(dataDir), users: false })).rejects.toThrow(/DATA_DIR.*not writable[\s\S]*書き込めません/);
  });
});

describe('damaged and empty databases (8.7)', () => {
  async function makeDatabase(dataDir: string) {
    const app = await testApp({ config: fileConfig(dataDir) });
    const admin = await client(app, 'admin');
    for (const w of ['aoba', 'miyagino', 'izumi', 'taihaku']) await admin.post('/api/plans', demoPlan(w));
    await admin.post('/api/admin/backups');
    await app.close();
  }

  it('refuses to serve a database with damaged pages, pointing to the restore procedure', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-damaged-'));
    await makeDatabase(dataDir);
    const file = join(dataDir, 'council.sqlite');
    const pages = statSync(file).size / 4096;
    expect(pages).toBeGreaterThan(4);
    const fd = openSync(file, 'r+');
    for (let p = 2; p < pages; p += 2) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, p * 4096 + 100); // scribble over every other page
    closeSync(fd);
    await expect(testApp({ config: fileConfig(dataDir), users: false })).rejects.toThrow(/damaged[\s\S]*npm run restore[\s\S]*破損/);
  });

  it('does not initialise a zero-length database file with backups beside it, unless told to', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-empty-'));
    await makeDatabase(dataDir);
    writeFileSync(join(dataDir, 'council.sqlite'), '');
    for (const f of ['council.sqlite-wal', 'council.sqlite-shm']) if (existsSync(join(dataDir, f))) writeFileSync(join(dataDir, f), '');
    const config = { ...configFromEnv({ DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'none'), DEMO_DATA: 'true' }), ...fileConfig(dataDir) };
    await expect(buildApp({ config, announce: () => undefined })).rejects.toThrow(/empty \(0 bytes\)[\s\S]*backup[\s\S]*ALLOW_EMPTY_DATABASE=true/);
    expect(statSync(join(dataDir, 'council.sqlite')).size).toBe(0); // nothing was written over it
    const allowed = await buildApp({ config: { ...config, demo: false, adminPassword: 'a-new-beginning', allowEmptyDatabase: true }, announce: () => undefined });
    expect(await allowed.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }]);
    await allowed.close();
  });
});

describe('a busy first start (8.8)', () => {
  it('runs the first-start step outside Fastify’s onReady time limit: done when buildApp returns, hashing once for the demo', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-first-busy-'));
    const config = { ...configFromEnv({ DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'none') }), database: { kind: 'sqlite' as const, file: ':memory:' } };
    const app = await buildApp({ config, announce: () => undefined });
    try {
      expect(app.initialized?.demoLoaded).toBe(true); // before ready()/listen: not an onReady hook
      const hashes = await app.db.selectFrom('users').select('password_hash').distinct().execute();
      expect(hashes).toHaveLength(1); // one scrypt for all eight demo accounts
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('one city per database (8.11)', () => {
  it('refuses to start another city’s plugins on an existing database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-city-'));
    const first = await testApp({ config: fileConfig(dataDir) });
    await (await client(first, 'admin')).post('/api/plans', demoPlan('aoba'));
    await first.close();
    const toyonaka = join(ROOT, 'docs', 'examples', 'toyonaka');
    await expect(testApp({ pluginsDir: toyonaka, config: fileConfig(dataDir), users: false })).rejects.toThrow(/belongs to the city "sendai"[\s\S]*toyonaka[\s\S]*別のデータベース/);
    // the city itself starts again
    const again = await testApp({ config: fileConfig(dataDir), users: false });
    expect(((await (await client(again, 'admin')).get('/api/plans')).json() as Plan[]).length).toBe(1);
    await again.close();
  }, 60_000);
});

describe('from the demo to real use (8.12)', () => {
  it('finds the demo accounts that still have the demo password; a new password takes one off the list', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-demo-real-'));
    const config = { ...configFromEnv({ DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'none') }), ...fileConfig(dataDir) };
    const demo = await buildApp({ config, announce: () => undefined });
    expect((await demoAccountsInUse(demo, config.demoPassword)).length).toBe(8);
    const admin = await client(demo, 'admin');
    const users = (await admin.get('/api/users')).json() as { id: string; username: string; version: number }[];
    const a = users.find((u) => u.username === 'admin')!;
    expect((await admin.put(`/api/users/${a.id}`, { password: 'a-real-admin-password', version: a.version })).statusCode).toBe(200);
    const left = await demoAccountsInUse(demo, config.demoPassword);
    expect(left).not.toContain('admin');
    expect(left).toHaveLength(7);
    await demo.close();
    // `npm run demo:disable` disables the rest (admin already has its own password)
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/demo-disable.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(out).toMatch(/disabled.*aoba/);
    const again = await buildApp({ config: { ...config, demo: false }, announce: () => undefined });
    expect(await demoAccountsInUse(again, config.demoPassword)).toEqual([]);
    const disabled = await again.db.selectFrom('users').select('username').where('disabled', '=', 1).execute();
    expect(disabled).toHaveLength(7);
    await again.close();
  }, 120_000);

  it('the real server warns at start (DEMO_DATA=false), and shows no demo password for an ADMIN_PASSWORD admin', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-banner-'));
    const demo = await startChildServer({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'admin-from-the-env', LOG_LEVEL: 'info' });
    await demo.stop();
    expect(demo.output()).toMatch(/admin: the password set in ADMIN_PASSWORD/);
    expect(demo.output()).not.toMatch(/admin,.*council-demo-2026/);
    const real = await startChildServer({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
    await real.stop();
    expect(real.output()).toMatch(/WARNING[\s\S]*aoba, chair[\s\S]*viewer/);
    expect(real.output()).not.toMatch(/WARNING[\s\S]*admin,/); // admin has its own password
  }, 120_000);
});

describe('the generated administrator password (8.12)', () => {
  it('is printed once on stderr, never into the JSON log on stdout', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-generated-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, DEMO_DATA: 'false' };
    delete env.ADMIN_PASSWORD;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'server.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += String(d);
        if (stdout.includes('→ http://')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stdout}${stderr}`)));
    });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const password = /パスワード: (\S+)/.exec(stderr)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(stdout).not.toContain(password!);
    expect(stdout).toMatch(/"level":30/); // the JSON log is there, without it
  }, 60_000);
});
