/**
 * npm run db:copy-to-postgres: the demo city copied from SQLite into an empty PostgreSQL database is the
 * same city — every plan, record, escalation, comment, user and journal entry equal, row by row — and the
 * server on the copy answers the same roll-up; copying into a database that holds data is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, client, testApp } from '../helpers/app.js';
import { freshDatabase, postgresUnavailable } from '../helpers/postgres.js';
import { initializeData } from '../../server/services/initialize.js';
import type { Database } from '../../server/db/database.js';

const unavailable = await postgresUnavailable();

const TABLES: [keyof Database, string[]][] = [
  ['plans', ['id']],
  ['progress', ['plan_id', 'row_id', 'month']],
  ['escalations', ['id']],
  ['comments', ['id']],
  ['users', ['id']],
  ['journal', ['id']],
  ['data_version', ['id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compares whole rows of any table
async function rows(db: Kysely<any>, table: string, key: string[]): Promise<unknown[]> {
  let q = db.selectFrom(table).selectAll();
  for (const k of key) q = q.orderBy(k);
  return q.execute();
}

describe.skipIf(unavailable)('copying the embedded database into PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('copies the demo city completely and refuses a target that is not empty', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'council-copy-')), 'council.sqlite');
    const source = await testApp({ config: { database: { kind: 'sqlite', file } }, users: false });
    cleanups.push(() => source.close());
    const init = await initializeData({ db: source.db, plugins: source.plugins, actor: null, now: new Date().toISOString() }, { demo: true, demoPassword: 'copy-demo-password-1' });
    expect(init.demoLoaded).toBe(true);
    const chairOnSqlite = await client(source, 'chair');
    const plan = ((await chairOnSqlite.get('/api/plans?fiscalYear=2026')).json() as { id: string }[])[0]!;
    expect((await chairOnSqlite.post(`/api/plans/${plan.id}/comments`, { body: 'コピーのテスト' })).statusCode).toBe(201);
    // Sessions are not data: this one must not travel.
    const sessionsBefore = await source.db.selectFrom('sessions').select('id_hash').execute();
    expect(sessionsBefore.length).toBeGreaterThan(0);

    const target = await freshDatabase();
    cleanups.push(target.drop);
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/copy-to-postgres.ts'), '--from', file, '--to', target.url], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    const out = run();
    expect(out).toMatch(/journal: \d+ row/);

    const sqliteDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) }) });
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    // an idle client's connection may end with the database at clean-up: not an error of the test
    pool.on('error', () => undefined);
    const pgDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    cleanups.push(() => pgDb.destroy(), () => sqliteDb.destroy());
    for (const [table, key] of TABLES) {
      const a = await rows(sqliteDb, table, key);
      const b = await rows(pgDb, table, key);
      expect(b.length, table).toBe(a.length);
      expect(b, table).toEqual(a);
    }
    // the demo: five wards × two years (令和7年度 reconstructed, 令和8年度)
    expect((await rows(pgDb, 'plans', ['id'])).length).toBe(10);
    expect((await pgDb.selectFrom('sessions').selectAll().execute()).length).toBe(0);

    // The server on the copy: the same roll-up; the journal continues after the copied ids.
    const copy = await testApp({ config: { database: { kind: 'postgres', url: target.url } }, users: false });
    cleanups.push(() => copy.close());
    const chairOnPg = await client(copy, 'chair');
    const asOf = '/api/rollup?fiscalYear=2026&asOf=2026-09';
    expect((await chairOnPg.get(asOf)).json()).toEqual((await chairOnSqlite.get(asOf)).json());
    const maxBefore = Number((await pgDb.selectFrom('journal').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    expect((await chairOnPg.post(`/api/plans/${plan.id}/comments`, { body: 'コピー後の書き込み' })).statusCode).toBe(201);
    const maxAfter = Number((await pgDb.selectFrom('journal').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    expect(maxAfter).toBe(maxBefore + 1);

    // A second copy into the now non-empty database is refused and changes nothing.
    const journalCount = (await rows(pgDb, 'journal', ['id'])).length;
    let failed: { status: number; stderr: string } | undefined;
    try {
      run();
    } catch (e) {
      failed = e as { status: number; stderr: string };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stderr).toMatch(/not empty/);
    expect((await rows(pgDb, 'journal', ['id'])).length).toBe(journalCount);
  }, 120_000);
});
