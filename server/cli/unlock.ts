/**
 * npm run unlock -- <username>          clears the login locks of a user name (from every address)
 * npm run unlock -- --address <address> clears the locks of a client address
 * For an administrator who cannot log in, or from a script. Works on the configured database (DATA_DIR
 * or DATABASE_URL) while the server runs; journalled like the users page's button.
 */
import { configFromEnv } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { clearLocks, listLocks } from '../services/login-throttle.js';

const args = process.argv.slice(2);
const addressAt = args.indexOf('--address');
const address = addressAt >= 0 ? args[addressAt + 1] : undefined;
const username = args.find((a, i) => !a.startsWith('--') && !(addressAt >= 0 && i === addressAt + 1));
if (!username && !address) {
  process.stderr.write('usage: npm run unlock -- <username>   |   npm run unlock -- --address <client address>\n');
  process.exit(2);
}
const config = configFromEnv();
const opened = openDatabase(config.database);
try {
  await migrateToLatest(opened.db);
  const before = await listLocks(opened.db);
  const cleared = await clearLocks(opened.db, { username, address }, null);
  const what = [username ? `user "${username}"` : '', address ? `address ${address}` : ''].filter(Boolean).join(' and ');
  process.stdout.write(`unlocked / ロックを解除しました: ${what} (${cleared} record(s) cleared; ${before.length} lock(s) were in force before)\n`);
} finally {
  await opened.db.destroy();
}
