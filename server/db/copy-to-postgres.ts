/**
 * Moving from the embedded SQLite database to PostgreSQL: copies every table of a SQLite database of this
 * application into an EMPTY PostgreSQL database — plans, progress, escalations, comments, users (with their
 * password hashes) and the whole journal with its ids — in one PostgreSQL transaction, so a failure leaves
 * the target as it was. Sessions and login-throttle counters are not copied (everyone logs in again).
 *
 * Tables are found, not listed: every table both databases have (after migrating the target to the same
 * schema) is copied, parents before children (foreign keys), columns by name. Serial ids continue after
 * the copied maximum.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { migrateToLatest, openDatabase } from './connect.js';
import { migrations } from './migrations/index.js';

export class CopyError extends Error {}

/** Transient state, not data: not copied. */
const SKIPPED = new Set(['sessions', 'login_throttle']);
/** Rows the target's migrations create themselves (replaced by the source's). */
const REPLACED = new Set(['data_version']);
const BATCH = 500;

export interface CopyReport {
  tables: { name: string; rows: number }[];
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Tables in an order where every table comes after the tables it references. */
function parentsFirst(source: SQLite.Database, tables: string[]): string[] {
  const deps = new Map(tables.map((t) => [t, (source.pragma(`foreign_key_list(${quote(t)})`) as { table: string }[]).map((f) => f.table).filter((p) => p !== t && tables.includes(p))]));
  const out: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (out.includes(t)) return;
    if (path.has(t)) throw new CopyError(`foreign keys form a cycle at ${t}`);
    path.add(t);
    for (const p of deps.get(t) ?? []) visit(p, path);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

export async function copySqliteToPostgres(sqliteFile: string, postgresUrl: string, log: (line: string) => void = () => undefined): Promise<CopyReport> {
  let source: SQLite.Database;
  try {
    source = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new CopyError(`Cannot open the SQLite database ${sqliteFile}: ${(e as Error).message}`);
  }
  try {
    const applied = (source.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
    const known = Object.keys(migrations).sort();
    if (applied.join() !== known.join()) {
      throw new CopyError(`The SQLite database is not at this version's schema (${applied.length} of ${known.length} migrations applied). Start this version of the server on it once (it migrates at start), stop it, then copy.`);
    }

    // The target gets this version's schema through the ordinary migrations.
    const target = openDatabase({ kind: 'postgres', url: postgresUrl });
    try {
      await migrateToLatest(target.db);
    } finally {
      await target.db.destroy();
    }

    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const pgTables = new Set((await client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")).rows.map((r) => r.table_name));
      const sqliteTables = (source.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").all() as { name: string }[]).map((r) => r.name);
      const missing = sqliteTables.filter((t) => !pgTables.has(t) && !SKIPPED.has(t));
      if (missing.length) throw new CopyError(`The PostgreSQL schema lacks table(s) ${missing.join(', ')}`);
      const tables = parentsFirst(source, sqliteTables.filter((t) => !SKIPPED.has(t)));

      for (const t of tables) {
        if (REPLACED.has(t)) continue;
        const n = Number((await client.query<{ n: string }>(`select count(*) as n from ${quote(t)}`)).rows[0]!.n);
        if (n > 0) throw new CopyError(`The PostgreSQL database is not empty (table ${t} has ${n} rows). Copy into a new, empty database.`);
      }

      const report: CopyReport = { tables: [] };
      await client.query('begin');
      try {
        for (const t of tables) {
          const pgColumns = new Set((await client.query<{ column_name: string }>('select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1', [t])).rows.map((r) => r.column_name));
          const columns = (source.pragma(`table_info(${quote(t)})`) as { name: string }[]).map((c) => c.name).filter((c) => pgColumns.has(c));
          if (REPLACED.has(t)) await client.query(`delete from ${quote(t)}`);
          const rows = source.prepare(`select ${columns.map(quote).join(', ')} from ${quote(t)}`).raw().iterate() as IterableIterator<unknown[]>;
          let batch: unknown[][] = [];
          let count = 0;
          const flush = async () => {
            if (!batch.length) return;
            const values = batch.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
            await client.query(`insert into ${quote(t)} (${columns.map(quote).join(', ')}) values ${values}`, batch.flat());
            count += batch.length;
            batch = [];
          };
          for (const row of rows) {
            batch.push(row.map((v) => (typeof v === 'bigint' ? v.toString() : v)));
            if (batch.length === BATCH) await flush();
          }
          await flush();
          // Serial columns (the journal's id) continue after the copied rows.
          const serials = (await client.query<{ column_name: string }>("select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_default like 'nextval(%'", [t])).rows;
          for (const { column_name: col } of serials) {
            await client.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(col)}) from ${quote(t)}), 0) + 1, false)`, [t, col]);
          }
          report.tables.push({ name: t, rows: count });
          log(`  ${t}: ${count} row(s)`);
        }
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
      return report;
    } finally {
      await client.end();
    }
  } finally {
    source.close();
  }
}
