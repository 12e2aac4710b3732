/**
 * npm run bench:login-flood — what a flood of parallel logins costs the server: peak memory (VmHWM of the
 * server process, Linux) and how long /api/health takes while the flood is being answered.
 * Every login names another (unknown) user from another address (TRUST_PROXY=true and a rotating
 * X-Forwarded-For), so no throttle refuses any of them and each costs one scrypt (the decoy): only the
 * bound on concurrent password hashes keeps memory down.
 * Usage: npm run bench:login-flood -- [parallel=80]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const parallel = Number(process.argv[2] ?? 80);
const password = 'flood-admin-password';

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'council-flood-'));
const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'server.ts')], {
  cwd: ROOT,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DEMO_DATA: 'false', ADMIN_PASSWORD: password, TRUST_PROXY: 'true', WEB_DIR: join(dataDir, 'none') },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
child.stdout.on('data', (d) => (out += String(d)));
child.stderr.on('data', (d) => (out += String(d)));
const url = await new Promise<string>((resolve, reject) => {
  child.stdout.on('data', () => {
    const m = /→ (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) resolve(m[1]!);
  });
  child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
});
try {
  // one login first, so that the decoy hash and the first-start work are not part of the figure
  await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  await new Promise((r) => setTimeout(r, 500));
  const before = memory(child.pid!);
  const healthTimes: number[] = [];
  let flooding = true;
  const probe = (async () => {
    while (flooding) {
      const t = performance.now();
      await fetch(`${url}/api/health`);
      healthTimes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: parallel }, (_, i) =>
      fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${(i % 250) + 1}` },
        body: JSON.stringify({ username: `flood-${i}`, password: 'a-wrong-password' }),
      }).then((r) => r.status),
    ),
  );
  const elapsed = performance.now() - started;
  flooding = false;
  await probe;
  const after = memory(child.pid!);
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  const sorted = [...healthTimes].sort((a, b) => a - b);
  console.log(`${parallel} parallel logins in ${(elapsed / 1000).toFixed(1)} s; answers: ${JSON.stringify(counts)}`);
  console.log(`server RSS before: ${before.rss.toFixed(0)} MiB (peak so far ${before.peak.toFixed(0)} MiB); peak during the flood (VmHWM): ${after.peak.toFixed(0)} MiB; RSS after: ${after.rss.toFixed(0)} MiB`);
  console.log(`GET /api/health during the flood: ${healthTimes.length} probes, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
