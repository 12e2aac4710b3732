/**
 * npm run bench — speed targets, measured (not asserted in the test suite, where timing flakes).
 *  1. The roll-up engine on the demo city and on a large synthetic city (50 wards × 30 rows, a full year
 *     of records).
 *  2. The API over real HTTP on loopback: plan saves, a month's progress batch, GET /api/rollup, with
 *     several clients at once, on the embedded database.
 * Each line prints the measurement and its target; the exit code is 1 if a target is missed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Escalation, Plan, ProgressRecord, ProgressStatus } from '../schemas/types.js';
import { buildApp } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { computeRollup } from '../server/core/rollup.js';
import { FISCAL_MONTHS } from '../server/core/fiscal-year.js';
import { loadPlugins } from '../server/plugin-host/load-plugins.js';
import type { Catalog } from '../server/core/catalog.js';

interface Result { name: string; value: number; unit: string; target: number; }
const results: Result[] = [];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A deterministic synthetic city: every ward has `rows` rows with assorted timings and a year of records. */
function syntheticCity(wards: number, rows: number): { catalog: Catalog; plans: Plan[]; progress: ProgressRecord[] } {
  const base = loadPlugins(join(import.meta.dirname, '..', 'plugins')).catalog;
  const template = base.wards[0]!;
  const catalog: Catalog = { city: base.city, wards: Array.from({ length: wards }, (_, i) => ({ ...template, id: `w${i}` })) };
  const statuses: ProgressStatus[] = ['done', 'done', 'done', 'partial', 'postponed', 'notDone', 'cancelled'];
  const plans: Plan[] = [];
  const progress: ProgressRecord[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const w of catalog.wards) {
    const plan: Plan = {
      id: `p-${w.id}`, wardId: w.id, fiscalYear: 2026, title: 'bench', status: 'approved', lastYearEfforts: [], findings: [], notes: '',
      goals: [{ id: 'g1', text: 'goal' }], issues: [{ id: 'i1', problem: 'p', actions: [], remarks: '', goalIds: ['g1'] }],
      schedule: Array.from({ length: rows }, (_, r) => ({
        id: `r${r}`, title: `row ${r}`, issueId: 'i1', meetingTypeId: template.meetingTypes[r % template.meetingTypes.length]!.id,
        timing: r % 7 === 0 ? 'everyMonth' : r % 11 === 0 ? 'asNeeded' : 'months',
        months: r % 7 === 0 || r % 11 === 0 ? [] : FISCAL_MONTHS.filter(() => rnd() < 0.4),
      })),
      version: 1, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', updatedBy: null,
    };
    plans.push(plan);
    for (const row of plan.schedule) for (const m of FISCAL_MONTHS) if (rnd() < 0.5) {
      progress.push({ planId: plan.id, wardId: w.id, fiscalYear: 2026, rowId: row.id, month: m, status: statuses[Math.floor(rnd() * statuses.length)]!, heldOn: null, attendance: null, note: '', extra: {}, version: 1, updatedAt: '', updatedBy: null });
    }
  }
  return { catalog, plans, progress };
}

function benchRollup(): void {
  const big = syntheticCity(50, 30);
  const escalations: Escalation[] = [];
  const runs = time(() => computeRollup({ fiscalYear: 2026, asOf: '2027-03', ...big, escalations }), 30);
  results.push({ name: `roll-up, 50 wards × 30 rows, ${big.progress.length} records (median)`, value: percentile(runs, 50), unit: 'ms', target: 100 });
  const small = syntheticCity(5, 8);
  const r2 = time(() => computeRollup({ fiscalYear: 2026, asOf: '2026-09', ...small, escalations }), 200);
  results.push({ name: 'roll-up, city of 5 wards × 8 rows (median)', value: percentile(r2, 50), unit: 'ms', target: 5 });
}

async function benchApi(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'council-bench-'));
  const config = configFromEnv({ DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'none'), LOG_LEVEL: 'error' });
  const app = await buildApp({ config, announce: () => undefined });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: config.demoPassword }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const plans = (await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers })).json()) as { id: string }[];

    // Plan saves: each of 4 clients saves its own ward's plan 50 times (no conflicts), on a durable (fsync) database.
    const saveTimes: number[] = [];
    const started = performance.now();
    await Promise.all(plans.slice(0, 4).map(async ({ id }) => {
      let plan = (await (await fetch(`${url}/api/plans/${id}`, { headers })).json()) as Plan;
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        const res = await fetch(`${url}/api/plans/${id}`, { method: 'PUT', headers, body: JSON.stringify({ ...plan, notes: `bench ${i}` }) });
        plan = (await res.json()) as Plan;
        saveTimes.push(performance.now() - t);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    results.push({ name: 'plan save (PUT, whole plan), p95 with 4 clients', value: percentile(saveTimes, 95), unit: 'ms', target: 100 });
    results.push({ name: 'plan saves per second, 4 clients', value: saveTimes.length / seconds, unit: '/s', target: -50 });

    const batch = { records: [4, 5, 6, 7, 8, 9].map((month) => ({ rowId: 'r1', month, status: 'done', note: 'bench' })) };
    const plan0 = plans[4]!.id;
    const batchTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const current = (await (await fetch(`${url}/api/plans/${plan0}/progress`, { headers })).json()) as { records: ProgressRecord[] };
      const records = batch.records.map((r) => ({ ...r, note: `bench ${i}`, version: current.records.find((x) => x.rowId === r.rowId && x.month === r.month)?.version ?? null }));
      const t = performance.now();
      const res = await fetch(`${url}/api/plans/${plan0}/progress`, { method: 'POST', headers, body: JSON.stringify({ records }) });
      if (res.status !== 200) throw new Error(`progress batch failed: ${res.status} ${await res.text()}`);
      batchTimes.push(performance.now() - t);
    }
    results.push({ name: "a month's progress batch (6 records), p95", value: percentile(batchTimes, 95), unit: 'ms', target: 100 });

    const rollupTimes: number[] = [];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        await (await fetch(`${url}/api/rollup?fiscalYear=2026&asOf=2026-09`, { headers })).json();
        rollupTimes.push(performance.now() - t);
      }
    }));
    results.push({ name: 'GET /api/rollup (demo city), p95 with 4 clients', value: percentile(rollupTimes, 95), unit: 'ms', target: 100 });
  } finally {
    await app.close();
  }
}

benchRollup();
await benchApi();
let missed = 0;
console.log('\nbenchmark                                                   value      target');
for (const r of results) {
  // a negative target is a minimum (throughput), a positive one a maximum (latency)
  const ok = r.target < 0 ? r.value >= -r.target : r.value <= r.target;
  if (!ok) missed++;
  console.log(`${ok ? '✓' : '✗'} ${r.name.padEnd(58)} ${r.value.toFixed(1).padStart(7)} ${r.unit.padEnd(3)} ${r.target < 0 ? '≥' : '≤'} ${Math.abs(r.target)} ${r.unit}`);
}
process.exit(missed ? 1 : 0);
