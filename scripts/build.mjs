/** npm run build — builds the server (dist/server) and the web app (dist/web), whatever their state. */
import { buildServer, buildWeb } from './build-lib.mjs';

const started = performance.now();
await buildServer();
await buildWeb();
console.log(`built dist/server and dist/web in ${((performance.now() - started) / 1000).toFixed(1)} s`);
