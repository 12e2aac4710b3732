/**
 * What `npm start` and `npm run build` share: which sources each built part comes from, a content hash
 * of them, and the two builds (the server bundled by esbuild to dist/server, the web app by Vite to
 * dist/web). Plain JavaScript, so that it runs under node before anything is compiled, and in a
 * production install (`npm ci --omit=dev`) where neither esbuild nor Vite exists — there a built tree
 * is used as it is.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const INFO = join(ROOT, 'dist', 'build-info.json');

/** Each part: the folder whose presence says "sources are here", and everything its build reads. */
export const PARTS = {
  server: { marker: 'server', inputs: ['server', 'schemas/types.ts', 'scripts/build-lib.mjs', 'package.json'], output: 'dist/server/server.js' },
  // dist/web-ssr: the plan and Gantt pages' server-side renderer (web/src/ssr.ts), built with the app
  web: { marker: 'web/src', inputs: ['web', 'server/core', 'schemas/types.ts', 'vite.config.ts', 'package-lock.json'], output: 'dist/web/index.html', also: ['dist/web-ssr/ssr.js'] },
};

function files(path, out) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) if (name !== 'node_modules' && !name.startsWith('.')) files(join(path, name), out);
  } else out.push(path);
}

/** A hash of the part's sources (names and contents), or null when the sources are not in this tree. */
export function sourceHash(part) {
  const { marker, inputs } = PARTS[part];
  if (!existsSync(join(ROOT, marker))) return null;
  const list = [];
  for (const input of inputs) files(input, list);
  const h = createHash('sha256');
  for (const f of list) h.update(f).update('\0').update(readFileSync(join(ROOT, f))).update('\0');
  return h.digest('hex');
}

function readInfo() {
  try {
    return JSON.parse(readFileSync(INFO, 'utf8'));
  } catch {
    return {};
  }
}

/** Why a part must be built ('missing', 'stale') or null when the built part is current. */
export function buildNeeded(part) {
  if (![PARTS[part].output, ...(PARTS[part].also ?? [])].every((f) => existsSync(join(ROOT, f)))) return 'missing';
  const hash = sourceHash(part);
  if (hash === null) return null; // a built tree without sources (a packed release): use what is built
  return readInfo()[part] === hash ? null : 'stale';
}

function record(part, hash) {
  mkdirSync(dirname(INFO), { recursive: true });
  writeFileSync(INFO, JSON.stringify({ ...readInfo(), [part]: hash }, null, 2));
}

async function devTool(name) {
  try {
    return await import(name);
  } catch {
    throw new Error(`Cannot build: "${name}" is not installed (a production install has no build tools). Build on a machine with the full install (npm ci && npm run build) and copy dist/, or run npm ci.`);
  }
}

/**
 * How the server's code is compiled (for Node, as ES modules, its packages left to node_modules): shared
 * with bench/engine.ts, which times the roll-up engine in the same form the server runs it.
 */
export const SERVER_ESBUILD_OPTIONS = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external' };

/** The server and its command-line tools as ES modules for plain node; packages stay external (node_modules). */
export async function buildServer() {
  const hash = sourceHash('server');
  const esbuild = await devTool('esbuild');
  const cli = readdirSync(join(ROOT, 'server', 'cli')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'server', 'cli', f));
  rmSync(join(ROOT, 'dist', 'server'), { recursive: true, force: true });
  await esbuild.build({
    // the xlsx import's worker thread is started from its own file (formats/read-isolated.ts)
    entryPoints: [join(ROOT, 'server', 'server.ts'), join(ROOT, 'server', 'formats', 'import-worker.ts'), ...cli],
    outbase: join(ROOT, 'server'),
    outdir: join(ROOT, 'dist', 'server'),
    ...SERVER_ESBUILD_OPTIONS,
    splitting: true,
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  if (hash) record('server', hash);
}

export async function buildWeb() {
  const hash = sourceHash('web');
  const vite = await devTool('vite');
  await vite.build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  // The same app for Node, for server-side rendering (server/http/page-render.ts): one bundle with
  // everything in it (svelte included), so that a production install needs no build tool to use it.
  await vite.build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      ssr: 'src/ssr.ts',
      outDir: join(ROOT, 'dist', 'web-ssr'),
      emptyOutDir: true,
      manifest: false,
      copyPublicDir: false,
      rollupOptions: { output: { entryFileNames: 'ssr.js', codeSplitting: false } },
    },
    ssr: { noExternal: true },
  });
  if (hash) record('web', hash);
}

export function relativeOutput(part) {
  return relative(ROOT, join(ROOT, PARTS[part].output));
}
