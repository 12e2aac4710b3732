/**
 * Online backups of the embedded database. SQLite's backup API copies a consistent snapshot page by page
 * while the server keeps serving (writers are not blocked for the whole copy), so no downtime is needed.
 *
 * Every backup reported as made is complete and consistent:
 *  - one backup at a time per process (a queue), so parallel requests do not share disk and CPU;
 *  - each is written under a temporary name unique to its process and call, checked (quick_check), and
 *    only then published — under a name no other backup has (linked, never overwriting: a backup from
 *    another process in the same millisecond gets a suffix instead of replacing it).
 */
import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

export function backupFileName(now = new Date(), suffix = 0): string {
  return `council-${now.toISOString().replace(/[:.]/g, '-')}${suffix ? `-${suffix}` : ''}.sqlite`;
}

let queue: Promise<unknown> = Promise.resolve();

/** Copies the live database to `dir`; returns the file written. */
export function backupSqlite(sqlite: SQLite.Database, dir: string, now = new Date()): Promise<string> {
  const run = queue.then(() => writeBackup(sqlite, dir, now));
  queue = run.catch(() => undefined);
  return run;
}

async function writeBackup(sqlite: SQLite.Database, dir: string, now: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, `.${backupFileName(now)}.${process.pid}-${randomBytes(6).toString('hex')}.partial`);
  try {
    await sqlite.backup(partial);
    // The copy is made self-contained (rollback journal, not WAL: one file, nothing beside it) and checked.
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the backup copy failed its check (${String(check)})`);
    } finally {
      copy.close();
    }
    for (let suffix = 0; ; suffix++) {
      const file = join(dir, backupFileName(now, suffix));
      try {
        publish(partial, file);
        return file;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || suffix > 1000) throw e;
      }
    }
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true });
  }
}

/** Gives the checked copy its final name; fails with EEXIST rather than replace a file of that name. */
function publish(partial: string, file: string): void {
  try {
    linkSync(partial, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw e;
    // a file system without hard links: copy, still refusing to overwrite
    copyFileSync(partial, file, constants.COPYFILE_EXCL);
  }
}
