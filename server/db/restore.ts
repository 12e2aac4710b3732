/**
 * Restoring a backup of the embedded database: check the backup, keep the current database aside, put the
 * backup in place. Refused while any process has the database open (a server writing into the file that
 * is being renamed away would lose every save it acknowledged afterwards), which the processes' "in use"
 * markers tell (server/db/preflight.ts).
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { markInUse, processesUsing } from './preflight.js';

export class RestoreError extends Error {}

/** Opens a backup read-only and checks it is an intact database of this application. */
export function checkBackup(file: string): { plans: number; users: number } {
  if (!existsSync(file)) throw new RestoreError(`No such backup file: ${file}`);
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new RestoreError(`The backup is damaged (integrity_check: ${String(integrity)})`);
    const plans = (db.prepare('select count(*) as n from plans').get() as { n: number }).n;
    const users = (db.prepare('select count(*) as n from users').get() as { n: number }).n;
    return { plans, users };
  } catch (e) {
    if (e instanceof RestoreError) throw e;
    throw new RestoreError(`Not a backup of this application: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

/** Replaces `target` with `backup`; the previous database is kept as `<target>.before-restore-<time>`. Returns that path (or null if there was none). */
export function restoreBackup(backup: string, target: string, now = new Date()): string | null {
  checkBackup(backup);
  const release = markInUse(target, 'restore'); // a server starting now refuses (see app.ts)
  try {
    const users = processesUsing(target);
    if (users.length) throw inUse(target, users.map((u) => `pid ${u.pid} (${u.role}${u.since ? `, since ${u.since}` : ''})`));
    return replace(backup, target, now);
  } finally {
    release();
  }
}

function inUse(target: string, who: string[]): RestoreError {
  return new RestoreError(
    `The database ${target} is open in another process: ${who.join('; ')}.\n` +
      'Stop the server (and any running backup) first, then restore again. Nothing was changed.\n' +
      `データベース ${target} は別のプロセスが使用中です: ${who.join('; ')}。\n` +
      'サーバー(と実行中のバックアップ)を停止してから、もう一度復元してください。何も変更していません。',
  );
}

function replace(backup: string, target: string, now: Date): string | null {
  let kept: string | null = null;
  if (existsSync(target)) {
    // Fold the WAL into the main file first, so the kept copy is complete on its own.
    const current = new SQLite(target);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    kept = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backup, `${target}.restoring`);
  renameSync(`${target}.restoring`, target);
  return kept;
}
