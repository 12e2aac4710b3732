/**
 * Runs the reading of an uploaded workbook (zip checks, exceljs, the layout reader) on a worker thread:
 * exceljs parses a sheet in long synchronous stretches (some 200 ms for a 2,000-row sheet, more on a busy
 * machine), which would stall every other request of the server. The answer is plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../core/errors.js';
import { readPlanWorkbook } from './xlsx.js';

const { bytes, options } = workerData as { bytes: Uint8Array; options: Parameters<typeof readPlanWorkbook>[1] };
try {
  parentPort!.postMessage({ ok: await readPlanWorkbook(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options) });
} catch (e) {
  if (e instanceof AppError) parentPort!.postMessage({ appError: { statusCode: e.statusCode, code: e.code, message: e.message, messageJa: e.messageJa, fields: e.fields } });
  else parentPort!.postMessage({ failed: String((e as Error)?.message ?? e) });
}
