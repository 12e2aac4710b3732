/**
 * The server over real HTTP on loopback, as run in production (compiled JavaScript under node, SQLite
 * with synchronous=FULL): throughput and p99 latency at 50 connections as ratios to GET /api/health
 * without a cookie measured in the same run; the 24-ward synthetic city's roll-up; 8 clients saving at
 * once; server memory. autocannon runs in this process and shares the machine's cores with the server.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, ProgressRecord } from '../schemas/types.js';
import { type BenchRow, type Compared, type Load, ROOT, compare, fmt, load, login, removeDir, startDemoServer, startServer } from './lib.js';

const DEMO_PASSWORD = 'council-demo-2026';
const SYNTHETIC_PASSWORD = 'synthetic-city-2026';

export const title = 'HTTP';

export const notes = [
  'Session check: one statement reads the session, its user (without the password hash) and the data-version stamp; on SQLite it runs directly on the connection when no transaction is open there (db/connect.ts readRows), skipping Kysely\'s connection lock and promise chain. On SQLite the row read last for a session is kept with the connection\'s change token (total_changes(), PRAGMA data_version and PRAGMA schema_version, one statement of ~4 µs): while no row has changed through the process and no other process has committed, the check answers from memory (db/repositories/users.ts findSessionWithUser; tests/unit/session-rows.test.ts) — ~25 µs less per request. PostgreSQL reads every time (other instances write unseen).',
  'The load generator counts answers without reading their bodies (bench/lib.ts discardBodies): autocannon decoded each body into a string, 346 µs of its CPU per 17 kB answer against 40 µs without, which made the client the limit of the 24-ward figure (a bare node:http server sending the same bytes reached 0.29 × the baseline with it, 1.1–1.5 × without).',
  'Answers kept per data version: GET /api/plans/{id} and GET /api/rollup answer from a per-instance cache of their JSON text keyed on the stamp the session check read (services/stamped-cache.ts); every journalled write changes the stamp in its own transaction, so a write through any instance or a restored database is never served stale (tested with two processes on one PostgreSQL database). Concurrent misses share one computation.',
  'Smaller answers: the cached text is compressed once per entry, off the event loop — gzip at once, brotli (quality 9, about a quarter smaller) in the background and preferred when ready.',
  'Security headers computed once at start (helmet\'s middleware was rebuilt, CSP parsed, on every request); the access checks and the no-store header run as synchronous hooks.',
  'Precompiled serializers (fast-json-stringify, compiled once per process) make the cached text; runtime: compiled JavaScript under plain node, no TypeScript compiler at run time.',
  'Ratios: each is the median of 3 rounds in which the baseline and the figures are measured in turn (4 s each), so the machine\'s other load moves the whole round, not the ratio. The server\'s own CPU time per request is given beside each figure: the load generator shares the 2 cores.',
];

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
  // Eight clients, each saving a plan of its own (three more plans for the next year) and the progress of a
  // schedule cell of its own, so any 409 would be an error. A next year's month has not begun (its records
  // would be refused), so those three clients record progress in this year's plans, on another row.
  const summaries = (await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers })).json()) as { id: string }[];
  const ids = summaries.map((s) => s.id);
  for (const s of summaries.slice(0, 3)) {
    // Only the plan's content: what the server adds on reading (id, version, lineage, approval) is not sent back.
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, sourcePlanId: _s, approvedVersion: _a, changedSinceApproval: _x, ...content } = (await (await fetch(`${url}/api/plans/${s.id}`, { headers })).json()) as Plan & Record<string, unknown>;
    const res = await fetch(`${url}/api/plans`, { method: 'POST', headers, body: JSON.stringify({ ...content, fiscalYear: 2027 }) });
    if (res.status !== 201) throw new Error(`plan for 2027: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as Plan).id);
  }
  // One after the other: parallel logins of one user count as attempts against its login throttle.
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const _ of ids) sessions.push(await login(url, 'admin', DEMO_PASSWORD));
  const duration = 10_000;
  let errors = 0;
  let firstError: string | undefined;
  let total = 0;
  const started = performance.now();
  const outcomes = await Promise.all(
    ids.map(async (id, k) => {
      const h = { cookie: sessions[k]!.cookie, 'x-csrf-token': sessions[k]!.csrf, 'content-type': 'application/json' };
      let plan = (await (await fetch(`${url}/api/plans/${id}`, { headers: h })).json()) as Plan;
      const thisYear = k < summaries.length;
      const progressPlanId = thisYear ? id : ids[k - summaries.length]!;
      const progressPlan = thisYear ? plan : ((await (await fetch(`${url}/api/plans/${progressPlanId}`, { headers: h })).json()) as Plan);
      const rowId = progressPlan.schedule[thisYear ? 0 : 1]!.id;
      const existing = ((await (await fetch(`${url}/api/plans/${progressPlanId}/progress`, { headers: h })).json()) as { records: ProgressRecord[] }).records.find((r) => r.rowId === rowId && r.month === 4);
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
          firstError ??= `plan PUT ${put.status}: ${(await put.text()).slice(0, 300)}`;
          break;
        }
        plan = (await put.json()) as Plan;
        planSaves++;
        const post = await fetch(`${url}/api/plans/${progressPlanId}/progress`, { method: 'POST', headers: h, body: JSON.stringify({ records: [{ rowId, month: 4, status: 'done', note: last, version: recordVersion }] }) });
        total++;
        if (post.status !== 200) {
          errors++;
          firstError ??= `progress POST ${post.status}: ${(await post.text()).slice(0, 300)}`;
          break;
        }
        recordVersion = ((await post.json()) as { records: ProgressRecord[] }).records[0]!.version;
        recordSaves++;
      }
      return { id, progressPlanId, rowId, first, planSaves, recordSaves, last, h };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Lost updates: every acknowledged save must be there, in order, as the last version.
  let lost = 0;
  for (const o of outcomes) {
    const plan = (await (await fetch(`${url}/api/plans/${o.id}`, { headers: o.h })).json()) as Plan;
    if (plan.notes !== o.last || plan.version !== o.first.plan + o.planSaves) lost++;
    const rec = ((await (await fetch(`${url}/api/plans/${o.progressPlanId}/progress`, { headers: o.h })).json()) as { records: ProgressRecord[] }).records.find((r) => r.rowId === o.rowId && r.month === 4);
    if (!rec || rec.note !== o.last || rec.version !== o.first.record + o.recordSaves) lost++;
  }
  const rate = fsyncRate(dataDir);
  const perSecond = total / seconds;
  return [
    { figure: 'saves: 8 clients (plan PUT + progress POST), errors', value: String(errors), target: '0', met: errors === 0, note: firstError },
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

/** Seconds per load per round, and rounds: each ratio is the median of its rounds (bench/lib.ts compare). */
const EACH = 4;
const ROUNDS = 5;

function cpuNote(c: Compared, i: number): string {
  const us = (l: Load) => `${(l.cpuPerRequest ?? 0).toFixed(0)} µs`;
  return `server CPU per request ${us(c.loads[i]!)} vs ${us(c.loads[0]!)} for the baseline (${c.cpuRatio[i]!.toFixed(2)} of its rate); median of ${c.rounds} interleaved rounds of ${EACH} s`;
}

function comparedRows(rows: BenchRow[], c: Compared, i: number, name: string, minRatio: number, p99Max: number | null): void {
  const l = c.loads[i]!;
  rows.push({ figure: `${name}: throughput`, value: fmt.rps(l), target: `≥ ${minRatio} × baseline`, ratio: c.rpsRatio[i]!, met: c.rpsRatio[i]! >= minRatio && l.errors === 0, note: cpuNote(c, i) + (l.errors ? `; ${l.errors} errors` : '') });
  if (p99Max !== null) rows.push({ figure: `${name}: p99`, value: `${l.p99} ms`, target: `≤ ${p99Max} × baseline`, ratio: c.p99Ratio[i]!, met: c.p99Ratio[i]! <= p99Max });
}

async function demoCity(rows: BenchRow[]): Promise<void> {
  const server = await startDemoServer(DEMO_PASSWORD);
  const { dataDir } = server;
  try {
    const { url } = server;
    await load(`${url}/api/health`, 2); // warm-up (JIT, connection pool)
    const chair = await login(url, 'chair', DEMO_PASSWORD);
    // As a browser sends them (cached answers are served compressed to clients that accept it).
    const cookie = { cookie: chair.cookie, 'accept-encoding': 'gzip, deflate, br' };
    const planId = ((await (await fetch(`${url}/api/plans?fiscalYear=2026`, { headers: cookie })).json()) as { id: string }[])[0]!.id;
    const c = await compare(
      [
        { url: `${url}/api/health` },
        { url: `${url}/api/plans/${planId}`, headers: cookie },
        { url: `${url}/api/rollup?fiscalYear=2026&asOf=2026-09`, headers: cookie },
      ],
      EACH,
      ROUNDS,
      server.cpuMs,
    );
    const base = c.loads[0]!;
    const healthSession = await load(`${url}/api/health`, 3, cookie);
    const anonymous = await load(`${url}/api/plans/${planId}`, 3, {}, true);
    rows.push({ figure: 'baseline: GET /api/health, no cookie (demo city)', value: fmt.rps(base), target: '—', met: base.errors === 0 ? null : false, note: `server CPU per request ${(base.cpuPerRequest ?? 0).toFixed(0)} µs${base.errors ? `; ${base.errors} errors` : ''}` });
    comparedRows(rows, c, 1, 'GET /api/plans/{id} with a session', 0.5, 2);
    comparedRows(rows, c, 2, 'GET /api/rollup (demo city) with a session', 0.5, 2);
    rows.push({ figure: 'reference: GET /api/health with a session', value: fmt.rps(healthSession), target: '—', ratio: healthSession.rps / base.rps, met: null });
    rows.push({ figure: 'reference: anonymous GET /api/plans/{id} → 401', value: fmt.rps(anonymous), target: '—', ratio: anonymous.rps / base.rps, met: null });
    rows.push(...(await saves(url, dataDir)));
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

/**
 * The load generator's own limit for an answer of this size: the same bytes from a bare node:http
 * server (no routing, no session, nothing computed) in a process of its own, against the same baseline.
 */
async function bareServerCeiling(bytes: Buffer, encoding: string, baseline: number): Promise<{ rps: number; ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'council-bench-bare-'));
  const file = join(dir, 'body');
  writeFileSync(file, bytes);
  const code = `const b=require('fs').readFileSync(${JSON.stringify(file)});require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'application/json; charset=utf-8','content-encoding':${JSON.stringify(encoding)},'content-length':b.length});s.end(b)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
    const l = await load(`http://127.0.0.1:${port}/`, EACH);
    return { rps: l.rps, ratio: l.rps / baseline };
  } finally {
    child.kill();
    removeDir(dir);
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
    const chair = await login(url, 'chair', SYNTHETIC_PASSWORD);
    const path = '/api/rollup?fiscalYear=2026&asOf=2027-03';
    const headers = { cookie: chair.cookie, 'accept-encoding': 'gzip, deflate, br' };
    await (await fetch(`${url}${path}`, { headers })).arrayBuffer(); // made and compressed once before the rounds
    const c = await compare([{ url: `${url}/api/health` }, { url: `${url}${path}`, headers }], EACH, ROUNDS, server.cpuMs);
    rows.push({ figure: 'baseline: GET /api/health, no cookie (24-ward city)', value: fmt.rps(c.loads[0]!), target: '—', met: null, note: `server CPU per request ${(c.loads[0]!.cpuPerRequest ?? 0).toFixed(0)} µs` });
    comparedRows(rows, c, 1, 'GET /api/rollup, 24 wards × 50 rows, a year of records', 0.3, null);

    // What the load generator can take of an answer this size at all (it decodes every body it reads).
    const raw = await new Promise<{ bytes: Buffer; encoding: string }>((resolve, reject) => {
      const u = new URL(`${url}${path}`);
      httpGet({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ bytes: Buffer.concat(chunks), encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      }).on('error', reject);
    });
    const ceiling = await bareServerCeiling(raw.bytes, raw.encoding, c.loads[0]!.rps);
    rows.push({
      figure: `reference: the same ${(raw.bytes.length / 1024).toFixed(1)} kB (${raw.encoding}) from a bare node:http server — the load generator's ceiling`,
      value: `${Math.round(ceiling.rps)} req/s`,
      target: '—',
      ratio: ceiling.ratio,
      met: null,
      note: 'nothing computed, no session, no routing: with the server and the load generator on the same 2 cores, about the most any server could reach for this answer',
    });

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
