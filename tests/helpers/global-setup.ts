/**
 * Runs once before the test files: builds the web app and its server-side renderer (dist/web,
 * dist/web-ssr), so that the browser tests exercise the code as it is now, not a stale dist/. (The API
 * tests don't need it; the build takes a few seconds.)
 * It is the production build, as `npm run build` makes it: under Vitest NODE_ENV is 'test', with which
 * Vite and the Svelte plugin build a development-flavoured bundle (larger chunks, checks at run time) —
 * and that bundle, left in dist/web, is what `npm start` and `npm run bench` would then serve.
 */
// @ts-expect-error -- plain JavaScript shared with npm start (scripts/build-lib.mjs), no declarations
import { buildWeb } from '../../scripts/build-lib.mjs';

export default async function setup(): Promise<void> {
  if (process.env.SKIP_WEB_BUILD === '1') return;
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await (buildWeb as () => Promise<void>)();
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
