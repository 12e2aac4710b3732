/**
 * npm run db:copy-to-postgres -- [--from <council.sqlite>] [--to <postgres://…>]
 * Copies the embedded database (default: DATA_DIR/council.sqlite) into an empty PostgreSQL database
 * (default: DATABASE_URL). Stop the server first; afterwards start it with DATABASE_URL set.
 */
import { configFromEnv } from '../config.js';
import { CopyError, copySqliteToPostgres } from '../db/copy-to-postgres.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const config = configFromEnv({ ...process.env, DATABASE_URL: '' });
const from = option('--from') ?? (config.database.kind === 'sqlite' ? config.database.file : '');
const to = option('--to') ?? process.env.DATABASE_URL;
if (!to || !/^postgres(ql)?:\/\//.test(to)) {
  process.stderr.write('usage: npm run db:copy-to-postgres -- --from data/council.sqlite --to postgres://user@host/db   (or set DATABASE_URL; stop the server first)\n');
  process.exit(2);
}
try {
  process.stdout.write(`copying ${from} → PostgreSQL / コピーしています …\n`);
  const report = await copySqliteToPostgres(from, to, (line) => process.stdout.write(`${line}\n`));
  const total = report.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(`done / 完了: ${total} rows in ${report.tables.length} tables. Start the server with DATABASE_URL set; users log in again.\n`);
} catch (e) {
  process.stderr.write(`${e instanceof CopyError ? e.message : String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
}
