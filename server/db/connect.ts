/**
 * Opens the database: SQLite (embedded, the default) in a file under the data directory, or PostgreSQL
 * through the same Kysely code when DATABASE_URL is set.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface OpenDatabase {
  db: Kysely<Database>;
  config: DatabaseConfig;
  /** The underlying SQLite handle (for online backups); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
}

/**
 * SQLite settings, chosen for "no acknowledged save is ever lost":
 * - WAL, so readers never block the writer and a crash leaves the last committed state;
 * - synchronous=FULL: every commit is fsynced before the API answers. better-sqlite3's default in WAL
 *   mode is NORMAL, which survives a killed process but may lose the last commits on power loss — not
 *   good enough for an official record, and the cost (one fsync per write) is small for this workload;
 * - busy_timeout, so that the backup command or a second process waits instead of failing.
 */
export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

const STATEMENT_CACHE_SIZE = 500;

type Prepare = (sql: string) => SQLite.Statement;

/**
 * The handle Kysely uses, with prepared statements kept by their SQL text. Kysely prepares every query it
 * runs afresh; the app runs the same few dozen queries over and over (the session check on every
 * request), and preparing is a large part of a small query's cost. Statements are used synchronously
 * (all/run), so one statement serves every request; the cache is bounded for queries whose text varies
 * (IN lists). Streaming queries (iterate) get a statement of their own.
 */
function withStatementCache(sqlite: SQLite.Database): { database: SqliteDialectConfig['database']; prepare: Prepare } {
  const cache = new Map<string, SQLite.Statement>();
  const prepare: Prepare = (sql) => {
    let stmt = cache.get(sql);
    if (!stmt || stmt.busy) {
      stmt = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return { database: { close: () => sqlite.close(), prepare } as SqliteDialectConfig['database'], prepare };
}

/** SQLite handles behind Kysely instances, for readRows' direct path. */
const direct = new WeakMap<Kysely<Database>, { sqlite: SQLite.Database; prepare: Prepare }>();

/**
 * The rows of one read-only statement (SQL text as compiled for this database, positional parameters).
 * On SQLite outside a transaction the statement runs at once on the connection, without Kysely's
 * connection lock and its promise chain: this is the per-request session check, and that overhead was a
 * third of its cost. It is the same connection and the same committed data Kysely would read: the lock
 * only matters while a transaction is open on the connection (its uncommitted writes must not be seen) or
 * another statement is being iterated, and then the query waits its turn through Kysely like any other.
 */
export async function readRows<R>(db: Kysely<Database>, sqlText: string, parameters: readonly unknown[]): Promise<R[]> {
  const handle = direct.get(db);
  if (handle && !handle.sqlite.inTransaction) {
    try {
      return handle.prepare(sqlText).all(...parameters) as R[];
    } catch (e) {
      // "This database connection is busy executing a query" (better-sqlite3 refuses a write while a
      // statement is being iterated; reads pass today): wait for the connection through Kysely below.
      if (!(e instanceof TypeError)) throw e;
    }
  }
  return (await db.executeQuery<R>(CompiledQuery.raw(sqlText, [...parameters]))).rows;
}

/**
 * A token that changes whenever what this SQLite connection reads may have changed: rows changed through
 * it (total_changes(), counted as each statement runs — cascaded deletes and triggers included — whether
 * its transaction later commits or not), a commit by any other connection or process (PRAGMA
 * data_version: the command-line tools, a second process) and a schema change through it (PRAGMA
 * schema_version: a table dropped and made again changes no row count). A write that changes no row
 * leaves it as it was, and can change nothing read. One statement without a table read: ~4 µs against
 * ~10–25 µs for the session check it lets be skipped.
 *
 * Null when no such token can be had cheaply: on PostgreSQL (other instances write to the same database
 * unseen), and while a transaction is open on the connection (its uncommitted changes would be cached).
 * Read it BEFORE what it vouches for: a change in between makes the token older than the data, and the
 * next request reads again — never the other way round.
 */
export function changeToken(db: Kysely<Database>): string | null {
  const handle = direct.get(db);
  if (!handle || handle.sqlite.inTransaction) return null;
  return handle.prepare(CHANGE_TOKEN_SQL).pluck().get() as string;
}
const CHANGE_TOKEN_SQL = "select total_changes() || ':' || (select data_version from pragma_data_version) || ':' || (select schema_version from pragma_schema_version)";

export function openDatabase(config: DatabaseConfig): OpenDatabase {
  if (config.kind === 'sqlite') {
    const sqlite = openSqlite(config.file);
    const cached = withStatementCache(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached.database }) });
    direct.set(db, { sqlite, prepare: cached.prepare });
    return { db, config, sqlite };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the pool
  // replaces it on the next query.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), config };
}

/** Brings the schema up to date. A failed migration throws: the server must not start on a half-migrated database. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
