/**
 * Online backups of the embedded database. SQLite's backup API copies a consistent snapshot page by page
 * while the server keeps serving (writers are not blocked for the whole copy), so no downtime is needed.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';

export function backupFileName(now = new Date()): string {
  return `council-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`;
}

/** Copies the live database to `dir`; returns the file written. Written under a temporary name, then renamed, so a half-written backup never looks complete. */
export async function backupSqlite(sqlite: SQLite.Database, dir: string, now = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, backupFileName(now));
  const partial = `${file}.partial`;
  await sqlite.backup(partial);
  renameSync(partial, file);
  return file;
}
