/**
 * npm run backup — writes a consistent copy of the live embedded database to DATA_DIR/backups (or the
 * folder given with --out) while the server keeps running.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from '../config.js';
import { backupSqlite } from '../db/backup.js';
import { openSqlite } from '../db/connect.js';
import { markInUse } from '../db/preflight.js';

const config = configFromEnv();
if (config.database.kind !== 'sqlite') {
  process.stderr.write('DATABASE_URL points at PostgreSQL: back it up with pg_dump. / PostgreSQL は pg_dump でバックアップしてください。\n');
  process.exit(1);
}
const outIndex = process.argv.indexOf('--out');
const dir = outIndex > 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1]! : join(config.dataDir, 'backups');
// Opening a missing file would make an empty database there and back that up: run from the wrong folder
// or without the server's DATA_DIR, the command must say so instead of "succeeding".
if (!existsSync(config.database.file)) {
  process.stderr.write(
    `No database at ${config.database.file}: nothing to back up. Set DATA_DIR to the server's data folder. / ${config.database.file} にデータベースがありません。DATA_DIR にサーバーのデータフォルダーを指定してください。\n`,
  );
  process.exit(1);
}
const sqlite = openSqlite(config.database.file);
const release = markInUse(config.database.file, 'backup'); // a restore waits for this copy to finish
try {
  const file = await backupSqlite(sqlite, dir);
  process.stdout.write(`backup written / バックアップを作成しました: ${file}\n`);
} finally {
  sqlite.close();
  release();
}
