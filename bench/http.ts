/**
 * The server over real HTTP on loopback, as run in production (compiled JavaScript under node, SQLite
 * with synchronous=FULL): throughput and p99 latency at 50 connections as ratios to GET /api/health
 * without a cookie measured in the same run; the 24-ward synthetic city's roll-up; 8 clients saving at
 * once; server memory. autocannon runs in this process and shares the machine's cores with the server.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, ProgressRecord } from '../schemas/types.js';
import { type BenchRow, ROOT, fmt, load, login, removeDir, startDemoServer, startServer } from './lib.js';

const SECONDS = 8;
const DEMO_PASSWORD = 'council-demo-2026';
const SYNTHETIC_PASSWORD = 'synthetic-city-2026';

export const title = 'HTTP';

export const notes = [
  'Roll-up cache: GET /api/rollup answers from a per-instance cache of the serialized JSON, keyed on a data-version stamp that every journalled write changes in its own transaction (migration 2026-11-29-30-01); a write through any instance, or a restored database, is never served stale (tested with two processes on one PostgreSQL database). A request between writes costs one one-row read.',
  'Precompiled serializer for the roll-up (fast-json-stringify, compiled once per process); the cached text is sent as is.',
  'Runtime: compiled JavaScript under plain node (esbuild bundle), no TypeScript compiler at run time; npm start rebuilds only what changed.',
];

function ratioRow(figure: string, measured: number, baseline: number, min: number | null, max: number | null, value: string): BenchRow {
  const ratio = measured / baseline;
  const met = (min === null || ratio >= min) && (max === null || ratio <= max);
  return { figure, value, target: min !== null ? `≥ ${min} × baseline` : `≤ ${max} × baseline`, ratio, met };
}

/** Disk flushes per second where the database lives (each SQLite commit with synchronous=FULL waits for one or two). */
function fsyncRate(dir: string, seconds = 2): number {
  const fd = openSync(join(dir, 'fsync-probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    writeSync(fd, block);
    fsyncSync(fd);
    n++;
  }
  closeSync(fd);
  return n / seconds;
}

async function saves(url: string, dataDir: string): Promise<BenchRow[]> {
  const admin = await login(url, 'admin', DEMO_PASSWORD);
  const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };
  // Eight clients, each on a plan of its own (three more plans for the next year), so any 409 would be an error.
  const summaries = (await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers })).json()) as { id: string }[];
  const ids = summaries.map((s) => s.id);
  for (const s of summaries.slice(0, 3)) {
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...content } = (await (await fetch(`${url}/api/plans/${s.id}`, { headers })).json()) as Plan;
    const res = await fetch(`${url}/api/plans`, { method: 'POST', headers, body: JSON.stringify({ ...content, fiscalYear: 2027 }) });
    if (res.status !== 201) throw new Error(`plan for 2027: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as Plan).id);
  }
  // One after the other: parallel logins of one user count as attempts against its login throttle.
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const _ of ids) sessions.push(await login(url, 'admin', DEMO_PASSWORD));
  const duration = 10_000;
  let errors = 0;
  let total = 0;
  const started = performance.now();
  const outcomes = await Promise.all(
    ids.map(async (id, k) => {
      const h = { cookie: sessions[k]!.cookie, 'x-csrf-token': sessions[k]!.csrf, 'content-type': 'application/json' };
      let plan = (await (await fetch(`${url}/api/plans/${id}`, { headers: h })).json()) as Plan;
      const rowId = plan.schedule[0]!.id;
      const existing = ((await (await fetch(`${url}/api/plans/${id}/progress`, { headers: h })).json()) as { records: ProgressRecord[] }).records.find((r) => r.rowId === rowId && r.month === 4);
      let recordVersion: number | null = existing?.version ?? null;
      const first = { plan: plan.version, record: recordVersion ?? 0 };
      let planSaves = 0;
      let recordSaves = 0;
      let last = '';
      while (performance.now() - started < duration) {
        last = `client ${k} save ${planSaves}`;
        const put = await fetch(`${url}/api/plans/${id}`, { method: 'PUT', headers: h, body: JSON.stringify({ ...plan, notes: last }) });
        total++;
        if (put.status !== 200) {
          errors++;
          break;
        }
        plan = (await put.json()) as Plan;
        planSaves++;
        const post = await fetch(`${url}/api/plans/${id}/progress`, { method: 'POST', headers: h, body: JSON.stringify({ records: [{ rowId, month: 4, status: 'done', note: last, version: recordVersion }] }) });
        total++;
        if (post.status !== 200) {
          errors++;
          break;
        }
        recordVersion = ((await post.json()) as { records: ProgressRecord[] }).records[0]!.version;
        recordSaves++;
      }
      return { id, rowId, first, planSaves, recordSaves, last, h };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Lost updates: every acknowledged save must be there, in order, as the last version.
  let lost = 0;
  for (const o of outcomes) {
    const plan = (await (await fetch(`${url}/api/plans/${o.id}`, { headers: o.h })).json()) as Plan;
    if (plan.notes !== o.last || plan.version !== o.first.plan + o.planSaves) lost++;
    const rec = ((await (await fetch(`${url}/api/plans/${o.id}/progress`, { headers: o.h })).json()) as { records: ProgressRecord[] }).records.find((r) => r.rowId === o.rowId && r.month === 4);
    if (!rec || rec.note !== o.last || rec.version !== o.first.record + o.recordSaves) lost++;
  }
  const rate = fsyncRate(dataDir);
  const perSecond = total / seconds;
  return [
    { figure: 'saves: 8 clients (plan PUT + progress POST), errors', value: String(errors), target: '0', met: errors === 0 },
    { figure: 'saves: lost updates (checked after the run)', value: String(lost), target: '0', met: lost === 0 },
    {
      figure: 'saves per second (8 clients) beside the disk’s fsync rate',
      value: `${perSecond.toFixed(0)} saves/s; fsync ${rate.toFixed(0)}/s`,
      target: 'reported',
      ratio: perSecond / rate,
      met: null,
      note: 'each save is one transaction, committed with synchronous=FULL (WAL fsync) before the answer',
    },
  ];
}

async function demoCity(rows: BenchRow[]): Promise<void> {
  const server = await startDemoServer(DEMO_PASSWORD);
  const { dataDir } = server;
  try {
    const { url } = server;
    await load(`${url}/api/health`, 2); // warm-up (JIT, connection pool)
    const base = await load(`${url}/api/health`, SECONDS);
    const chair = await login(url, 'chair', DEMO_PASSWORD);
    // As a browser sends them (the roll-up is served compressed to clients that accept it).
    const cookie = { cookie: chair.cookie, 'accept-encoding': 'gzip, deflate, br' };
    const planId = ((await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers: cookie })).json()) as { id: string }[])[0]!.id;
    const plan = await load(`${url}/api/plans/${planId}`, SECONDS, cookie);
    const rollup = await load(`${url}/api/rollup?fiscalYear=2026&asOf=2026-09`, SECONDS, cookie);
    const healthSession = await load(`${url}/api/health`, 4, cookie);
    const anonymous = await load(`${url}/api/plans/${planId}`, 4, {}, true);
    rows.push({ figure: 'baseline: GET /api/health, no cookie (demo city)', value: fmt.rps(base), target: '—', met: base.errors === 0 ? null : false, note: base.errors ? `${base.errors} errors` : undefined });
    rows.push(ratioRow('GET /api/plans/{id} with a session: throughput', plan.rps, base.rps, 0.5, null, fmt.rps(plan)));
    rows.push(ratioRow('GET /api/plans/{id} with a session: p99', plan.p99, base.p99, null, 2, `${plan.p99} ms`));
    rows.push(ratioRow('GET /api/rollup (demo city) with a session: throughput', rollup.rps, base.rps, 0.5, null, fmt.rps(rollup)));
    rows.push(ratioRow('GET /api/rollup (demo city) with a session: p99', rollup.p99, base.p99, null, 2, `${rollup.p99} ms`));
    rows.push({ figure: 'reference: GET /api/health with a session', value: fmt.rps(healthSession), target: '—', ratio: healthSession.rps / base.rps, met: null });
    rows.push({ figure: 'reference: anonymous GET /api/plans/{id} → 401', value: fmt.rps(anonymous), target: '—', ratio: anonymous.rps / base.rps, met: null });
    for (const l of [plan, rollup]) if (l.errors) rows.push({ figure: 'errors under load', value: String(l.errors), target: '0', met: false });
    rows.push(...(await saves(url, dataDir)));
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

async function bigCity(rows: BenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'council-bench-city-'));
  const started = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), 'cli/synthetic-city', '--out', dir, '--wards', '24', '--rows', '50', '--years', '1', '--seed', '1'], { cwd: ROOT, stdio: 'pipe' });
  const generated = (performance.now() - started) / 1000;
  const server = await startServer({ DATA_DIR: dir, PLUGINS_DIR: join(dir, 'plugins'), DEMO_DATA: 'false' });
  try {
    const { url } = server;
    const idle = server.memory();
    await load(`${url}/api/health`, 2);
    const base = await load(`${url}/api/health`, SECONDS);
    const chair = await login(url, 'chair', SYNTHETIC_PASSWORD);
    const path = '/api/rollup?fiscalYear=2026&asOf=2027-03';
    const rollup = await load(`${url}${path}`, SECONDS, { cookie: chair.cookie, 'accept-encoding': 'gzip, deflate, br' });
    rows.push({ figure: 'baseline: GET /api/health, no cookie (24-ward city)', value: fmt.rps(base), target: '—', met: null });
    rows.push(ratioRow('GET /api/rollup, 24 wards × 50 rows, a year of records: throughput', rollup.rps, base.rps, 0.3, null, fmt.rps(rollup)));

    // The roll-up right after a write (the cache cannot answer): database reads + engine + serializer.
    const admin = await login(url, 'admin', SYNTHETIC_PASSWORD);
    const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };
    const planId = ((await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers: h })).json()) as { id: string }[])[0]!.id;
    const plan = (await (await fetch(`${url}/api/plans/${planId}`, { headers: h })).json()) as Plan;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const put = await fetch(`${url}/api/plans/${planId}`, { method: 'PUT', headers: h, body: JSON.stringify({ ...plan, version: plan.version + i, notes: `bench ${i}` }) });
      if (put.status !== 200) throw new Error(`plan save: ${put.status}`);
      const t = performance.now();
      await (await fetch(`${url}${path}`, { headers: { cookie: chair.cookie } })).arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    rows.push({ figure: 'GET /api/rollup, 24-ward city, right after a write (cache miss): median', value: `${times[10]!.toFixed(1)} ms`, target: 'reported', met: null });
    const mem = server.memory();
    rows.push({ figure: 'server memory, 24-ward city loaded: RSS idle → after the load, peak', value: `${idle.rss.toFixed(0)} → ${mem.rss.toFixed(0)} MB, peak ${mem.peak.toFixed(0)} MB`, target: 'reported', met: null });
    rows.push({ figure: 'synthetic city generated and loaded (24 × 1 × 50)', value: `${generated.toFixed(1)} s`, target: 'reported', met: null });
  } finally {
    await server.stop();
    removeDir(dir);
  }
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await demoCity(rows);
  await bigCity(rows);
  return rows;
}
