/**
 * readPlanWorkbook on a worker thread (see import-worker.ts), so the event loop keeps answering other
 * requests while a large workbook is parsed. One short-lived worker per import: imports are rare, and a
 * worker that dies with its file leaves nothing behind. Memory of the worker is capped.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../core/errors.js';
import { ROOT } from '../root.js';
import type { WorkbookRead, readPlanWorkbook } from './xlsx.js';
import { checkXlsx, notXlsx } from './zip-guard.js';

/**
 * How to start the worker. Compiled (npm start, a production install): the bundle's own entry point
 * dist/server/formats/import-worker.js (scripts/build-lib.mjs builds it). As TypeScript (tests, npm run
 * serve): through tsx — Node 20 does not apply --import hooks to a worker's entry module, hence a small
 * bootstrap that registers tsx's ESM hooks first. tsx is a dev tool, so it is looked up only then.
 */
function workerSource(): { source: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { source: pathToFileURL(join(ROOT, 'dist', 'server', 'formats', 'import-worker.js')), eval: false };
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./import-worker.ts', import.meta.url).href;
  return { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`, eval: true };
}

/** At most this many workbooks are parsed at once (each worker costs some 50 MB); the others wait their turn. */
const MAX_WORKERS = 2;
/** A worker that has not answered by then is stopped and the import refused (nothing is saved). */
const READ_TIMEOUT_MS = 60_000;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

export async function readPlanWorkbookIsolated(bytes: Buffer, options: Parameters<typeof readPlanWorkbook>[1]): Promise<WorkbookRead> {
  // The zip checks are cheap and asynchronous: a file refused by them does not cost a worker.
  await checkXlsx(bytes);
  const release = await slot();
  try {
    return await runWorker(bytes, options);
  } finally {
    release();
  }
}

function runWorker(bytes: Buffer, options: Parameters<typeof readPlanWorkbook>[1]): Promise<WorkbookRead> {
  return new Promise((resolve, reject) => {
    const start = workerSource();
    const worker = new Worker(start.source, {
      eval: start.eval,
      workerData: { bytes, options },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new AppError(400, 'XLSX_TOO_SLOW', { en: 'Reading the workbook took too long; it is refused. Remove unused sheets, rows and formatting and try again.', ja: 'ブックの読み取りに時間がかかりすぎたため、読み込みを中止しました。使っていないシート・行・書式を削除してからもう一度お試しください。' }));
      void worker.terminate();
    }, READ_TIMEOUT_MS);
    worker.once('exit', () => clearTimeout(timer));
    worker.once('message', (msg: { ok?: WorkbookRead; appError?: { statusCode: number; code: string; message: string; messageJa: string; fields?: AppError['fields'] }; failed?: string }) => {
      if (settled) return;
      settled = true;
      if (msg.ok) resolve(msg.ok);
      else if (msg.appError) {
        const e = msg.appError;
        reject(new AppError(e.statusCode, e.code, { en: e.message, ja: e.messageJa }, { fields: e.fields }));
      } else reject(notXlsx({ en: 'the workbook cannot be read (damaged file?)', ja: 'ブックを読み取れません(ファイルが壊れていませんか)' }));
      void worker.terminate();
    });
    // The worker itself failed (out of its memory limit, most likely): the file is refused, not the server.
    worker.once('error', () => {
      if (!settled) reject(new AppError(400, 'XLSX_TOO_LARGE', { en: 'The workbook needs too much memory to read; it is refused.', ja: 'ブックの読み取りに必要なメモリが大きすぎるため、読み込みません。' }));
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`workbook reader stopped (exit ${code})`));
      settled = true;
    });
  });
}
