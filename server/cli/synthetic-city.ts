/**
 * npm run synthetic-city -- --out <dir> [--wards 24] [--years 1] [--rows 50] [--seed 1] [--first-year 2026]
 * Writes a synthetic city's plugins to <dir>/plugins and loads its plans and records into the database:
 * <dir>/council.sqlite, or the empty PostgreSQL database at DATABASE_URL. Then start the server with
 *   PLUGINS_DIR=<dir>/plugins DATA_DIR=<dir> npm start      (log in as admin or chair, --password)
 */
import { join, resolve } from 'node:path';
import { configFromEnv } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { countUsers } from '../db/repositories/users.js';
import { loadPlugins } from '../plugin-host/load-plugins.js';
import { loadSyntheticCity, writeSyntheticPlugins } from '../services/synthetic-city.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
function count(name: string, fallback: number, max: number): number {
  const n = Number(option(name, String(fallback)));
  if (!Number.isInteger(n) || n < 1 || n > max) {
    process.stderr.write(`--${name}: a whole number from 1 to ${max}\n`);
    process.exit(2);
  }
  return n;
}

const outArg = option('out', '');
if (!outArg) {
  process.stderr.write('usage: npm run synthetic-city -- --out <dir> [--wards 24] [--years 1] [--rows 50] [--seed 1] [--first-year 2026] [--password …]\n');
  process.exit(2);
}
const out = resolve(outArg);
const spec = { wards: count('wards', 24, 100), years: count('years', 1, 20), rows: count('rows', 50, 200), seed: count('seed', 1, 2 ** 31), firstYear: count('first-year', 2026, 2100) };
const password = option('password', 'synthetic-city-2026');
const pluginsDir = join(out, 'plugins');
writeSyntheticPlugins(pluginsDir, spec);
const config = configFromEnv({ ...process.env, DATA_DIR: out, PLUGINS_DIR: pluginsDir });
const plugins = loadPlugins(pluginsDir);
const { db } = openDatabase(config.database);
try {
  await migrateToLatest(db);
  if ((await countUsers(db)) > 0) throw new Error('the database is not empty; use a new --out folder or an empty PostgreSQL database');
  const started = performance.now();
  const result = await loadSyntheticCity({ db, plugins, actor: null, now: new Date().toISOString() }, spec, password, (done, total) => {
    if (done % 10 === 0 || done === total) process.stdout.write(`  ${done}/${total} plans\n`);
  });
  process.stdout.write(`synthetic city: ${spec.wards} wards × ${spec.years} year(s) × ${spec.rows} rows — ${result.plans} plans, ${result.records} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`start it: PLUGINS_DIR=${pluginsDir} DATA_DIR=${out}${config.database.kind === 'postgres' ? ' DATABASE_URL=…' : ''} npm start   (admin / chair, password ${password})\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
