/**
 * The roll-up engine alone (issue 13's engine targets), on a synthetic city built here deterministically:
 * N wards × R rows a ward, a year of records per fiscal year (some done late, some early, some with the
 * plugin's metric fields), escalations. Exported for the benchmark runner; `tsx bench/engine.ts` prints it.
 *
 * - one as-of month of a 24-ward × 50-row city: target ≤ 1 ms (median);
 * - all 120 as-of months of ten such years (12 as-of months of each year, each year its own data):
 *   target ≤ 50 ms (median of the whole sweep).
 * The input is built before timing; every call indexes its input itself (as a request would). Each
 * figure is the median of ROUNDS rounds, each in a fresh process (see engineRounds). The engine
 * timed is server/core/rollup.ts compiled as the server's build compiles it (esbuild, one ES module, the
 * options of scripts/build-lib.mjs), not as tsx loads it for this script: what is timed is what the
 * server runs, whatever tsx's way of loading modules does to them (a CommonJS load turns each imported
 * binding into a getter call: ~20 % of the engine's profile in a scratch folder).
 */
import type { Escalation, MeetingType, Plan, ProgressRecord, ProgressStatus, ScheduleRow } from '../schemas/types.js';
import type { Catalog } from '../server/core/catalog.js';
import type * as RollupModule from '../server/core/rollup.js';
import { FISCAL_MONTHS, monthDates, yearMonthOf } from '../server/core/fiscal-year.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
// @ts-expect-error -- plain JavaScript shared with npm start (scripts/build-lib.mjs), no declarations
import { SERVER_ESBUILD_OPTIONS } from '../scripts/build-lib.mjs';

type Engine = typeof RollupModule;

/** server/core/rollup.ts compiled as in the server's build, loaded from a temporary file. */
async function productionEngine(): Promise<Engine> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  try {
    const outfile = join(dir, 'rollup.mjs');
    await esbuild.build({ ...(SERVER_ESBUILD_OPTIONS as object), entryPoints: [join(import.meta.dirname, '..', 'server', 'core', 'rollup.ts')], outfile, logLevel: 'warning' });
    return (await import(pathToFileURL(outfile).href)) as Engine;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EngineBenchResult {
  name: string;
  /** median wall time, ms (over rounds: the median of the rounds' medians) */
  value: number;
  /** over rounds: each round's median wall time, ms, in the order run */
  rounds?: number[];
  /**
   * CPU time of the process per run, ms: user + system over all timed runs, divided by the runs. Not
   * inflated by waiting for a core on a loaded machine, but it includes V8's GC helper threads, so it
   * can exceed the wall time on a quiet one.
   */
  cpu: number;
  unit: 'ms';
  /** upper bound, ms */
  target: number;
  runs: number;
  /** 1-minute load average when the measurement ended */
  load: number;
}

export interface SyntheticYear {
  fiscalYear: number;
  plans: Plan[];
  progress: ProgressRecord[];
  escalations: Escalation[];
}

/**
 * A catalog of `wards` wards, each with the city's four bodies and three local meeting types, two of
 * which share a participation-rate metric (like Izumi's) and one counts a flag; themes on each.
 */
export function syntheticCatalog(wards: number): Catalog {
  const rate = { id: 'participation-rate', name: { ja: '参加率' }, kind: 'ratio' as const, numerator: 'participatingOffices', denominator: 'invitedOffices', format: 'percent' as const, baseline: { '2024': 0.45 } };
  const city: MeetingType[] = ['plenary', 'practitioners', 'liaison', 'project-team'].map((id, i) => ({
    id, name: { ja: `会議${id}` }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: [`t${i}`], origin: 'city',
  }));
  const local: MeetingType[] = [
    { id: 'case-review', name: { ja: '事例検討' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: ['t1', 't4'], origin: 'ward', basedOn: 'liaison', metrics: [rate] },
    { id: 'broad', name: { ja: '広域会議' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: ['t5'], origin: 'ward', metrics: [rate, { id: 'attended', name: { ja: '参加' }, kind: 'sum', field: 'participatingOffices' }] },
    { id: 'visit', name: { ja: '訪問' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: [], origin: 'ward' },
  ];
  const ids = Array.from({ length: wards }, (_, i) => `w${i}`);
  return {
    city: {
      id: 'city', name: { ja: '市' }, unitName: { ja: '区' }, planTitle: { ja: '計画' }, subcommittee: { name: { ja: '地域部会' }, meetings: [] },
      themes: Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, name: { ja: `テーマ${i}` } })), wardIds: ids, health: { onTrack: 90, watch: 70 },
    },
    wards: ids.map((id, i) => ({ id, name: { ja: `区${i}` }, councilName: { ja: `区${i}自立協` }, meetingTypes: [...city, ...local] })),
  };
}

/** One fiscal year of plans and records for every ward of the catalog; deterministic from `seed`. */
export function syntheticYear(catalog: Catalog, fiscalYear: number, rows: number, seed = 7): SyntheticYear {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const statuses: ProgressStatus[] = ['done', 'done', 'done', 'partial', 'postponed', 'notDone', 'cancelled'];
  const plans: Plan[] = [];
  const progress: ProgressRecord[] = [];
  const escalations: Escalation[] = [];
  for (const w of catalog.wards) {
    const schedule: ScheduleRow[] = Array.from({ length: rows }, (_, r) => {
      const timing: ScheduleRow['timing'] = r % 7 === 0 ? 'everyMonth' : r % 11 === 0 ? 'asNeeded' : 'months';
      return {
        id: `r${r}`,
        title: `作業 ${r}`,
        issueId: `i${r % 4}`,
        meetingTypeId: w.meetingTypes[r % w.meetingTypes.length]!.id,
        timing,
        months: (timing === 'months' ? FISCAL_MONTHS.filter(() => rnd() < 0.4) : []) as ScheduleRow['months'],
      };
    });
    const plan: Plan = {
      id: `p-${w.id}-${fiscalYear}`, wardId: w.id, fiscalYear, title: 'bench', status: 'approved', lastYearEfforts: [], findings: [], notes: '',
      goals: [{ id: 'g1', text: 'goal' }, { id: 'g2', text: 'goal' }],
      issues: Array.from({ length: 4 }, (_, i) => ({ id: `i${i}`, problem: 'p', actions: [], remarks: '', goalIds: i % 2 ? ['g1'] : ['g1', 'g2'] })),
      schedule, version: 1, createdAt: `${fiscalYear}-04-01T00:00:00.000Z`, updatedAt: `${fiscalYear}-04-01T00:00:00.000Z`, updatedBy: null,
    };
    plans.push(plan);
    for (const row of schedule) {
      for (const m of FISCAL_MONTHS) {
        if (rnd() >= 0.5) continue;
        const status = statuses[Math.floor(rnd() * statuses.length)]!;
        const { first, last } = monthDates(fiscalYear, m);
        // a fifth of the work done is dated in the next month (late), a tenth in the one before (early)
        const when = rnd();
        let heldOn: string | null = status === 'done' || status === 'partial' ? first.slice(0, 8) + '15' : null;
        if (heldOn && when < 0.2 && m !== 3) heldOn = monthDates(fiscalYear, FISCAL_MONTHS[FISCAL_MONTHS.indexOf(m) + 1]!).first;
        else if (heldOn && when < 0.3 && m !== 4) heldOn = monthDates(fiscalYear, FISCAL_MONTHS[FISCAL_MONTHS.indexOf(m) - 1]!).last;
        void last;
        progress.push({
          planId: plan.id, wardId: w.id, fiscalYear, rowId: row.id, month: m, status, heldOn, attendance: 10, note: '',
          extra: { invitedOffices: 30, participatingOffices: Math.floor(rnd() * 30) }, version: 1, updatedAt: `${fiscalYear}-10-01T00:00:00.000Z`, updatedBy: null,
        });
      }
    }
    if (rnd() < 0.5) {
      escalations.push({
        id: `e-${w.id}-${fiscalYear}`, planId: plan.id, wardId: w.id, fiscalYear, issueId: 'i1', note: '課題', confidential: false, status: 'open',
        reply: null, repliedAt: null, repliedBy: null, createdAt: `${fiscalYear}-10-01T00:00:00.000Z`, createdBy: null, updatedAt: `${fiscalYear}-10-01T00:00:00.000Z`, version: 1,
      });
    }
  }
  return { fiscalYear, plans, progress, escalations };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Each run's wall time, and the process's CPU time per run over all runs (user + system): on a machine
 * shared with other work the wall time includes waiting for a core, the CPU time does not.
 */
function timeRuns(fn: () => void, runs: number, warmup = Math.min(20, runs)): { wall: number[]; cpu: number } {
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / runs };
}

/** Runs both measurements; `scale` < 1 shortens the runs (for a smoke test), never the city. */
export async function benchEngine(options: { wards?: number; rows?: number; years?: number; runs?: number } = {}): Promise<EngineBenchResult[]> {
  const { computeRollup, computeRollups } = await productionEngine();
  const wards = options.wards ?? 24;
  const rows = options.rows ?? 50;
  const years = options.years ?? 10;
  const runs = options.runs ?? 200;
  const catalog = syntheticCatalog(wards);
  const first = 2017;
  const data = Array.from({ length: years }, (_, i) => syntheticYear(catalog, first + i, rows, 7 + i));
  const one = data[years - 1]!;
  const records = one.progress.length;

  let sink = 0;
  const single = timeRuns(() => {
    sink += computeRollup({ ...one, asOf: yearMonthOf(one.fiscalYear, 10), today: `${one.fiscalYear}-11-29`, catalog }).city.due;
  }, runs);
  const sweep = timeRuns(() => {
    for (const y of data) {
      // one request for the year's trend: indexed once, then counted as of each of its months
      for (const r of computeRollups({ ...y, today: `${first + years}-05-01`, catalog }, FISCAL_MONTHS.map((m) => yearMonthOf(y.fiscalYear, m)))) sink += r.city.due;
    }
  }, Math.max(5, Math.floor(runs / 10)), 3);
  if (sink < 0) console.log(sink); // keeps the results alive
  return [
    { name: `engine: one as-of month, ${wards} wards × ${rows} rows, ${records} records`, value: median(single.wall), cpu: single.cpu, unit: 'ms', target: 1, runs: single.wall.length, load: loadavg()[0]! },
    { name: `engine: ${years * 12} as-of months of ${years} years (${wards} × ${rows} each)`, value: median(sweep.wall), cpu: sweep.cpu, unit: 'ms', target: 50, runs: sweep.wall.length, load: loadavg()[0]! },
  ];
}

/**
 * The verdict is on the median wall time alone. On a loaded machine that can miss while the CPU time
 * per run meets the target: the note says so rather than the verdict taking the better of the two.
 */
function verdict(r: EngineBenchResult): { met: boolean; note: string } {
  const cpuOnly = r.value > r.target && r.cpu <= r.target ? ' (met on CPU time only: the machine was busy)' : '';
  const rounds = r.rounds ? `median of ${r.rounds.length} rounds in fresh processes (${r.rounds.map((x) => x.toFixed(3)).join(', ')} ms), each the ` : '';
  return { met: r.value <= r.target, note: `${rounds}median wall of ${r.runs} runs; cpu ${r.cpu.toFixed(3)} ms a run${cpuOnly}; load average ${r.load.toFixed(1)}` };
}

/** Rounds of the benchmark, one fresh process each (this file with --round, under the same loader). */
const ROUNDS = 5;

/**
 * The benchmark in `rounds` fresh processes, one after the other; each figure is the median of the
 * rounds' medians (and the median of their CPU times). Why processes: the same code and input measure
 * alike within a process but differ from one process to the next (one as-of month: 0.81–1.11 ms in
 * single processes minutes apart on 2026-11-29; an earlier session saw a fixed workload take 6.5 or
 * 9.5 ms by the process), so one process could land on either side of the target by chance; the
 * median of several is what the engine costs.
 */
export async function engineRounds(rounds = ROUNDS): Promise<EngineBenchResult[]> {
  const run = promisify(execFile);
  const results: EngineBenchResult[][] = [];
  for (let k = 0; k < rounds; k++) {
    const { stdout } = await run(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--round'], { maxBuffer: 1 << 20 });
    results.push(JSON.parse(stdout) as EngineBenchResult[]);
  }
  return results[0]!.map((first, i) => {
    const of = results.map((r) => r[i]!);
    return { ...first, value: median(of.map((r) => r.value)), cpu: median(of.map((r) => r.cpu)), rounds: of.map((r) => r.value), load: loadavg()[0]! };
  });
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--round') {
  process.stdout.write(JSON.stringify(await benchEngine()));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await engineRounds()) {
    const { met, note } = verdict(r);
    console.log(`${r.name.padEnd(72)} wall ${r.value.toFixed(3).padStart(9)} ms  cpu ${r.cpu.toFixed(3).padStart(9)} ms  target ≤ ${r.target} ms  ${met ? 'ok' : 'MISSED'}  ${note}`);
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
}

export const title = 'Roll-up engine alone (issue 13)';
export const notes = [
  'Median wall time (the verdict), as the median of 5 rounds each in a fresh process; the CPU time of the process per run and the load average are given beside it (a loaded machine waits for a core).',
];

/** For npm run bench (bench/run.ts): the figures as table rows. */
export async function bench(): Promise<{ figure: string; value: number; unit: string; target: string; met: boolean; note: string }[]> {
  return (await engineRounds()).map((r) => ({ figure: r.name, value: r.value, unit: 'ms', target: `≤ ${r.target} ms`, ...verdict(r) }));
}
