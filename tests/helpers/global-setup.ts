/**
 * Runs once before the test files: builds the web app, so that the browser tests exercise the code as it
 * is now, not a stale dist/. (The API tests don't need it; the build takes a few seconds.)
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  if (process.env.SKIP_WEB_BUILD === '1') return;
  await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
