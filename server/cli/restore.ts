/**
 * npm run restore -- <backup file> — puts a backup in place of the embedded database. Refused (exit code
 * 1, nothing changed) while a server or backup has the database open. The database being replaced is kept
 * beside it (council.sqlite.before-restore-…).
 */
import { configFromEnv } from '../config.js';
import { RestoreError, checkBackup, restoreBackup } from '../db/restore.js';

const file = process.argv[2];
const config = configFromEnv();
if (!file) {
  process.stderr.write('usage: npm run restore -- <backup file>   (stop the server first / サーバーを停止してから実行してください)\n');
  process.exit(2);
}
if (config.database.kind !== 'sqlite') {
  process.stderr.write('DATABASE_URL points at PostgreSQL: restore it with pg_restore / psql.\n');
  process.exit(1);
}
try {
  const { plans, users } = checkBackup(file);
  const kept = restoreBackup(file, config.database.file);
  process.stdout.write(`restored / 復元しました: ${file} → ${config.database.file} (${plans} plans, ${users} users)\n`);
  if (kept) process.stdout.write(`the previous database was kept as / 以前のデータベースの保存先: ${kept}\n`);
} catch (e) {
  process.stderr.write(`${e instanceof RestoreError ? e.message : String(e)}\n`);
  process.exit(1);
}
