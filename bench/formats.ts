/**
 * The server stays responsive while a large workbook is read: uploads of the largest sheet the import
 * accepts (2,000 rows) and of a refused one (10,000 rows), while another client polls /api/health; measures
 * the event loop's delay (perf_hooks) and the health requests' latency meanwhile, plus export/import times.
 * `benchFormats()` returns the measurements in bench/run.ts's shape; `tsx bench/formats.ts` prints them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { buildApp } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { initializeData } from '../server/services/initialize.js';

export interface FormatsResult {
  name: string;
  value: number;
  unit: string;
  /** positive: a maximum (latency); negative: a minimum */
  target: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** A sheet in the official layout with `rows` schedule rows (shaded months, long titles). */
async function bigWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('計画');
  ws.getCell(1, 1).value = '令和8年度 計画案(ベンチ)';
  ws.getCell(3, 1).value = '課題解決のための取組に係る作業手順・スケジュール';
  [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].forEach((m, k) => (ws.getCell(3, 3 + k).value = `${m}月`));
  for (let r = 0; r < rows; r++) {
    ws.getCell(4 + r, 1).value = r + 1;
    ws.getCell(4 + r, 2).value = `取組 ${r + 1}: 相談支援事業所等連絡会議の実施と関係機関への周知、事例検討の準備`;
    ws.getCell(4 + r, 3 + (r % 12)).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFBFBFBF' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function benchFormats(): Promise<FormatsResult[]> {
  const results: FormatsResult[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'council-bench-formats-'));
  const config = configFromEnv({ DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'none'), LOG_LEVEL: 'error' });
  // The first-start step (demo data, scrypt-hashed demo users) runs outside Fastify's ready timeout: on a busy
  // machine it can take longer than that.
  const app = await buildApp({ config, initialize: false });
  await app.ready();
  await initializeData({ db: app.db, plugins: app.plugins, actor: null, now: new Date().toISOString() }, { demo: true, demoPassword: config.demoPassword, announce: () => undefined });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: config.demoPassword }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const plans = (await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers })).json()) as { id: string }[];

    const exportTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const res = await fetch(`${url}/api/plans/${plans[i % plans.length]!.id}/export.xlsx`, { headers });
      await res.arrayBuffer();
      exportTimes.push(performance.now() - t);
    }
    results.push({ name: 'GET export.xlsx (demo plan), p95', value: percentile(exportTimes, 95), unit: 'ms', target: 300 });

    for (const rows of [1990, 10_000]) {
      const body = await bigWorkbook(rows);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      const health: number[] = [];
      let uploading = true;
      delay.enable();
      const poll = (async () => {
        while (uploading) {
          const t = performance.now();
          await (await fetch(`${url}/api/health`)).text();
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const t = performance.now();
      const res = await fetch(`${url}/api/plans/import?ward=aoba&fiscalYear=2030&preview=true`, { method: 'POST', headers: { ...headers, 'content-type': XLSX }, body: new Uint8Array(body) });
      await res.text();
      const took = performance.now() - t;
      uploading = false;
      await poll;
      delay.disable();
      const label = `${rows} rows (${Math.round(body.length / 1024)} KB, answered ${res.status})`;
      results.push({ name: `import preview of ${label}`, value: took, unit: 'ms', target: 5000 });
      results.push({ name: `  event-loop delay p99 meanwhile`, value: delay.percentile(99) / 1e6, unit: 'ms', target: 100 });
      results.push({ name: `  event-loop delay max meanwhile`, value: delay.max / 1e6, unit: 'ms', target: 200 });
      results.push({ name: `  GET /api/health p95 meanwhile (${health.length} requests)`, value: percentile(health, 95), unit: 'ms', target: 200 });
    }
  } finally {
    await app.close();
  }
  return results;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const r of await benchFormats()) console.log(`${r.name.padEnd(70)} ${r.value.toFixed(1).padStart(9)} ${r.unit.padEnd(3)} target ${r.target < 0 ? '≥' : '≤'} ${Math.abs(r.target)}`);
}

export const title = 'Excel import and export (issue 10)';

/** For npm run bench (bench/run.ts): a positive target is a maximum, a negative one a minimum. */
export async function bench(): Promise<{ figure: string; value: number; unit: string; target: string; met: boolean }[]> {
  return (await benchFormats()).map((r) => ({
    figure: r.name,
    value: r.value,
    unit: r.unit,
    target: r.target >= 0 ? `≤ ${r.target} ${r.unit}` : `≥ ${-r.target} ${r.unit}`,
    met: r.target >= 0 ? r.value <= r.target : r.value >= -r.target,
  }));
}
