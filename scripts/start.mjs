/**
 * npm start (and the command-line tools): builds only what is missing or out of date, then runs the
 * compiled JavaScript under plain node — no TypeScript compiler at run time.
 *
 *   node scripts/start.mjs                 the server (checks the server and the web app)
 *   node scripts/start.mjs cli/backup …    a command-line tool from server/cli (checks the server only)
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildNeeded, buildServer, buildWeb } from './build-lib.mjs';

const [entry = 'server', ...args] = process.argv.slice(2);
if (!/^(server|cli\/[a-z0-9-]+)$/.test(entry)) {
  console.error(`unknown entry "${entry}" (server or cli/<tool>)`);
  process.exit(2);
}

try {
  const serverReason = buildNeeded('server');
  if (serverReason) {
    console.error(`building the server (${serverReason}) …`);
    await buildServer();
  }
  const webReason = entry === 'server' ? buildNeeded('web') : null;
  if (webReason) {
    console.error(`building the web app (${webReason}) …`);
    await buildWeb();
  }
} catch (e) {
  console.error(`\nCannot start / 起動できません: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

process.setSourceMapsEnabled(true);
const file = join(ROOT, 'dist', 'server', `${entry}.js`);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
