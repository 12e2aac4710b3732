/**
 * npm run demo:disable — for a database that began as the demo and is now used for real: disables every
 * account that still logs in with the demo password, except `admin`, which gets the password from
 * ADMIN_PASSWORD instead (required when admin still has the demo password, so nobody is locked out).
 * Sessions of the changed accounts end at once; every change is journalled. Plans and records stay.
 */
import { configFromEnv } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { findUserRow } from '../db/repositories/users.js';
import { loadPlugins } from '../plugin-host/load-plugins.js';
import { demoAccountsInUse } from '../services/initialize.js';
import { updateUser } from '../services/users.js';

const config = configFromEnv();
const opened = openDatabase(config.database);
try {
  await migrateToLatest(opened.db);
  const plugins = loadPlugins(config.pluginsDir, { city: config.city });
  const ctx = { db: opened.db, plugins, actor: null, now: new Date().toISOString() };
  const accounts = await demoAccountsInUse(ctx, config.demoPassword);
  if (accounts.includes('admin') && !config.adminPassword) {
    process.stderr.write('admin still has the demo password: set ADMIN_PASSWORD=<new password, 12+ characters> for this command. / admin がデモ用パスワードのままです。ADMIN_PASSWORD に新しいパスワード(12文字以上)を指定して実行してください。\n');
    process.exit(1);
  }
  for (const username of accounts) {
    const row = (await findUserRow(opened.db, { username }))!;
    if (username === 'admin') await updateUser(ctx, row.id, { password: config.adminPassword!, version: row.version });
    else await updateUser(ctx, row.id, { disabled: true, version: row.version });
    process.stdout.write(`${username === 'admin' ? 'new password set / パスワードを変更' : 'disabled / 無効化'}: ${username}\n`);
  }
  if (!accounts.length) process.stdout.write('no account has the demo password / デモ用パスワードのアカウントはありません\n');
} finally {
  await opened.db.destroy();
}
