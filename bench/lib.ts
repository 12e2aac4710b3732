/**
 * What the benchmark modules share: the row type every `bench()` returns, a server started as in
 * production (node scripts/start.mjs: compiled JavaScript, built web app) on a loopback port, and an
 * autocannon run. Only loopback addresses; every run is bounded in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Client } from 'autocannon';

export const ROOT = new URL('..', import.meta.url).pathname;

/** One line of the table: a figure, its target, the measured ratio (where the target is one) and whether it is met. */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  /** The measured ratio the target is stated in (null for absolute figures). */
  ratio?: number | null;
  /** true / false against the target; null when the figure is reported, not judged. */
  met: boolean | null;
  note?: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
  /** Resident memory now and at its peak (MB), from /proc. */
  memory: () => { rss: number; peak: number };
  /** CPU time the server process has used so far (user + system, ms), from /proc. */
  cpuMs: () => number;
}

/** Removes a temporary data folder the benchmarks made. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** utime + stime of a process in ms (clock ticks are 100 per second on Linux). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', () => {
      const m = /→ (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return {
    url,
    pid: child.pid!,
    memory: () => ({ rss: kb('VmRSS'), peak: kb('VmHWM') }),
    cpuMs: () => processCpuMs(child.pid!),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A server with the demo city in a new data folder. The first start hashes the demo users' passwords
 * inside Fastify's ready hook, which can time out on a saturated machine (issue 8, item 8); a fresh
 * folder is tried again rather than losing the whole run.
 */
export async function startDemoServer(password: string, attempts = 3): Promise<RunningServer & { dataDir: string }> {
  for (let i = 1; ; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-bench-'));
    try {
      return { ...(await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'true', DEMO_PASSWORD: password })), dataDir };
    } catch (e) {
      if (i >= attempts) throw e;
      process.stderr.write(`  (demo server did not start, trying again: ${String((e as Error).message).split('\n').find((l) => /AVV|Error/.test(l)) ?? ''})\n`);
    }
  }
}

export async function login(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

export interface Load {
  rps: number;
  p99: number;
  p50: number;
  errors: number;
  /** Server CPU time per request (µs), when the server's CPU clock was given. */
  cpuPerRequest?: number;
}

/**
 * 50 connections for `seconds` on loopback; every answer must be 2xx (or, with expectNon2xx, none may
 * be). With `serverCpuMs`, the server's own CPU time per request is measured too: apart from the load
 * generator, which shares the cores.
 */
export async function load(url: string, seconds: number, headers: Record<string, string> = {}, expectNon2xx = false, serverCpuMs?: () => number): Promise<Load> {
  const cpu0 = serverCpuMs?.();
  const r = await autocannon({ url, connections: 50, duration: seconds, headers, setupClient: discardBodies });
  const cpu = serverCpuMs && cpu0 !== undefined ? serverCpuMs() - cpu0 : undefined;
  const bad = expectNon2xx ? r['2xx'] : r.non2xx;
  const done = r.requests.total;
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    p50: r.latency.p50,
    errors: r.errors + r.timeouts + bad,
    cpuPerRequest: cpu !== undefined && done > 0 ? (cpu * 1000) / done : undefined,
  };
}

/**
 * The load generator counts answers and never reads their bodies: autocannon appends each body it
 * receives to a string (for its expectBody/verifyBody options, which we do not use), decoding the bytes
 * as UTF-8 — 346 µs of the client's CPU per 17 kB brotli answer, against 40 µs without (measured on the
 * 2-core machine, a bare node:http server sending the same bytes: 2,986 → 22,104 req/s). With both on two
 * cores that made the client the limit of every large answer's figure, and its slow reading made the
 * server's writes look dearer too (110 → 33 µs of server CPU per answer). Fails loudly if autocannon
 * changes where it keeps the bodies, rather than measuring the client again unnoticed.
 */
function discardBodies(client: Client): void {
  const queue = client.pipelinedRequests;
  if (typeof queue?.addBody !== 'function') throw new Error('autocannon changed: its client has no pipelinedRequests.addBody to turn off (bench/lib.ts discardBodies)');
  queue.addBody = () => {};
}

export interface Compared {
  /** Median over the rounds of each load's figures (rps, p99, CPU per request). */
  loads: Load[];
  /** Per load, the median over rounds of (its throughput / the first load's) and (its p99 / the first's). */
  rpsRatio: number[];
  p99Ratio: number[];
  cpuRatio: number[];
  rounds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Loads measured side by side: `rounds` rounds of each in turn (the first is the baseline), each ratio
 * taken within its round and the median kept — a machine whose other load comes and goes moves every
 * figure of a round alike, not the ratio.
 */
export async function compare(targets: { url: string; headers?: Record<string, string> }[], secondsEach: number, rounds: number, serverCpuMs?: () => number): Promise<Compared> {
  const perRound: Load[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round: Load[] = [];
    for (const t of targets) round.push(await load(t.url, secondsEach, t.headers ?? {}, false, serverCpuMs));
    perRound.push(round);
  }
  const at = (i: number, f: (l: Load) => number) => perRound.map((round) => f(round[i]!));
  const loads = targets.map((_, i) => ({
    rps: median(at(i, (l) => l.rps)),
    p99: median(at(i, (l) => l.p99)),
    p50: median(at(i, (l) => l.p50)),
    errors: at(i, (l) => l.errors).reduce((a, b) => a + b, 0),
    cpuPerRequest: serverCpuMs ? median(at(i, (l) => l.cpuPerRequest ?? 0)) : undefined,
  }));
  const ratio = (i: number, f: (l: Load) => number) => median(perRound.map((round) => f(round[i]!) / Math.max(1e-9, f(round[0]!))));
  return {
    loads,
    rpsRatio: targets.map((_, i) => ratio(i, (l) => l.rps)),
    p99Ratio: targets.map((_, i) => ratio(i, (l) => l.p99)),
    // CPU per request as the baseline's share: comparable to the throughput ratio (higher is better).
    cpuRatio: targets.map((_, i) => 1 / ratio(i, (l) => l.cpuPerRequest ?? 1)),
    rounds,
  };
}

export const fmt = {
  rps: (l: Load) => `${Math.round(l.rps)} req/s, p99 ${l.p99} ms`,
  n: (x: number, digits = 2) => x.toFixed(digits),
};
