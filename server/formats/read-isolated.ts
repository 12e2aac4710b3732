/**
 * readPlanWorkbook on a worker thread (see import-worker.ts), so the event loop keeps answering other
 * requests while a large workbook is parsed. One short-lived worker per import: imports are rare, and a
 * worker that dies with its file leaves nothing behind. Memory of the worker is capped.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../core/errors.js';
import type { WorkbookRead, readPlanWorkbook } from './xlsx.js';
import { checkXlsx } from './zip-guard.js';

const require = createRequire(import.meta.url);
// The worker is TypeScript like the rest of the server: load it through tsx, whatever started the server.
// (Node 20 does not apply --import hooks to a worker's entry module, hence the small bootstrap that registers
// tsx's ESM hooks first and then imports the worker.)
const TSX_API = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './import-worker.ts' : './import-worker.js', import.meta.url);

export async function readPlanWorkbookIsolated(bytes: Buffer, options: Parameters<typeof readPlanWorkbook>[1]): Promise<WorkbookRead> {
  // The zip checks are cheap and asynchronous: a file refused by them does not cost a worker.
  await checkXlsx(bytes);
  return new Promise((resolve, reject) => {
    const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); })`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { bytes, options },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    worker.once('message', (msg: { ok?: WorkbookRead; appError?: { statusCode: number; code: string; message: string; messageJa: string; fields?: AppError['fields'] }; failed?: string }) => {
      settled = true;
      if (msg.ok) resolve(msg.ok);
      else if (msg.appError) {
        const e = msg.appError;
        reject(new AppError(e.statusCode, e.code, { en: e.message, ja: e.messageJa }, { fields: e.fields }));
      } else reject(new Error(`workbook reader failed: ${msg.failed}`));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`workbook reader stopped (exit ${code})`));
      settled = true;
    });
  });
}
