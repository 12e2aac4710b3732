/**
 * Checks before the embedded database is served, each refusing to start with a message that says what to
 * do (Japanese and English):
 *  - DATA_DIR must be writable (else every login and save would fail while the server looks healthy);
 *  - a missing or zero-length council.sqlite with backups beside it is not a first start but a lost
 *    database: initialising over it would put the demo or a new administrator in place of real data, so it
 *    needs ALLOW_EMPTY_DATABASE=true;
 *  - PRAGMA quick_check must pass: a damaged database is not served (restore a backup instead).
 * And the "in use" markers: every process that has the database open keeps a file named after its pid in
 * `<database>.in-use/`, so `npm run restore` can refuse while a server runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type SQLite from 'better-sqlite3';

export class StartupError extends Error {}

const RESTORE_HINT_EN = 'Restore the latest good backup: stop every server, then `npm run restore -- <DATA_DIR>/backups/council-<time>.sqlite` (README, "Backups and restore").';
const RESTORE_HINT_JA = '正常なバックアップから復元してください: サーバーをすべて停止し、`npm run restore -- <DATA_DIR>/backups/council-<日時>.sqlite` を実行します(README「Backups and restore」)。';

export function backupsBeside(file: string): string[] {
  const dir = join(dirname(file), 'backups');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.sqlite')).sort();
}

/** Before opening: the folder is writable, and an empty database file is not silently initialised. */
export function preflightSqlite(file: string, options: { allowEmptyDatabase: boolean }): void {
  if (file === ':memory:') return;
  const dir = dirname(file);
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (e) {
    throw new StartupError(
      `The data folder ${dir} (DATA_DIR) is not writable: ${(e as Error).message}\n` +
        `Give the server's user write access to it, free disk space, or set DATA_DIR to a writable folder.\n` +
        `データフォルダー ${dir} (DATA_DIR) に書き込めません。サーバーを実行するユーザーに書き込み権限を与えるか、ディスクの空きを作るか、書き込めるフォルダーを DATA_DIR に指定してください。`,
    );
  }
  const empty = !existsSync(file) || statSync(file).size === 0;
  const backups = backupsBeside(file);
  if (empty && backups.length > 0 && !options.allowEmptyDatabase) {
    throw new StartupError(
      `The database ${file} is ${existsSync(file) ? 'empty (0 bytes)' : 'missing'}, but ${backups.length} backup(s) lie beside it (latest: backups/${backups.at(-1)}).\n` +
        `This looks like a lost database, not a first start; the server will not create a new one over it.\n` +
        `${RESTORE_HINT_EN}\nTo start with an empty database all the same, set ALLOW_EMPTY_DATABASE=true for this start.\n` +
        `データベース ${file} が${existsSync(file) ? '空(0 バイト)' : '見つかりません'}が、隣に ${backups.length} 件のバックアップがあります。初回起動ではなくデータベースが失われた可能性があるため、新しいデータベースは作成しません。\n` +
        `${RESTORE_HINT_JA}\nそれでも空のデータベースで始める場合は、この起動に限り ALLOW_EMPTY_DATABASE=true を指定してください。`,
    );
  }
}

/** After opening: the quick integrity check (every page and index structure; seconds even for a large file). */
export function checkIntegrity(sqlite: SQLite.Database, file: string): void {
  let result: unknown;
  try {
    result = sqlite.pragma('quick_check', { simple: true });
  } catch (e) {
    result = (e as Error).message;
  }
  if (result !== 'ok') throw damaged(file, String(result));
}

export function damaged(file: string, detail: string): StartupError {
  return new StartupError(
    `The database ${file} is damaged (${detail.split('\n')[0]}); the server will not serve it.\n${RESTORE_HINT_EN}\n` +
      `データベース ${file} が破損しているため、サーバーを起動しません。\n${RESTORE_HINT_JA}`,
  );
}

function markerDir(file: string): string {
  return `${file}.in-use`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks the database as open by this process until the returned function is called. */
export function markInUse(file: string, role: string): () => void {
  if (file === ':memory:') return () => undefined;
  const dir = markerDir(file);
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, String(process.pid));
  writeFileSync(marker, JSON.stringify({ pid: process.pid, host: hostname(), role, since: new Date().toISOString() }));
  return () => rmSync(marker, { force: true });
}

export interface InUse {
  pid: number;
  role: string;
  since: string;
}

/** The live processes (on this machine) that have the database open; stale markers of dead ones are removed. */
export function processesUsing(file: string): InUse[] {
  const dir = markerDir(file);
  if (!existsSync(dir)) return [];
  const found: InUse[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let info: { host?: string; role?: string; since?: string } = {};
    try {
      info = JSON.parse(readFileSync(join(dir, name), 'utf8')) as typeof info;
    } catch {
      // a marker being written or damaged: judge by the pid alone
    }
    if (info.host && info.host !== hostname()) {
      // another machine sharing the folder: we cannot ask whether it lives, so it counts
      found.push({ pid, role: `${info.role ?? 'server'} on ${info.host}`, since: info.since ?? '' });
    } else if (alive(pid)) {
      found.push({ pid, role: info.role ?? 'server', since: info.since ?? '' });
    } else {
      rmSync(join(dir, name), { force: true });
    }
  }
  return found;
}
