/**
 * How fast this machine is right now, as one number: a fixed JavaScript workload timed at the start and
 * at the end of `npm run bench` (bench/run.ts). The machines this runs on are virtual and their speed
 * changes by hours: the same code has measured 0.6 ms and 1.56 ms for the engine's one-month figure on
 * one day, on an idle machine both times. The ratio targets are measured side by side and do not care;
 * the absolute ones (the engine, the pages) do, so the table gives the machine's speed beside them, and
 * two runs' absolute figures can be compared through it.
 *
 * The workload is the kind of work the server and the engine do (objects made and read, JSON, Maps,
 * string comparison, sorting), deterministic, single-threaded, ~10 ms a run on the reference machine.
 */

/** The workload's median on the reference machine (the 2-core machine of 2026-11-29 11:40 UTC, idle, Node 20.20). */
export const REFERENCE_MS = 9.0;

function workload(): number {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const items = Array.from({ length: 4_000 }, (_, i) => ({ id: `r${i}`, month: 1 + (i % 12), status: rnd() < 0.5 ? 'done' : 'notDone', heldOn: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`, n: rnd() }));
  const byId = new Map<string, (typeof items)[number]>();
  for (const item of items) byId.set(item.id, item);
  let late = 0;
  for (let i = 0; i < items.length; i++) if (byId.get(`r${(i * 7) % items.length}`)!.heldOn > '2026-06-30') late++;
  const parsed = JSON.parse(JSON.stringify(items)) as typeof items;
  parsed.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
  return late + parsed[0]!.month;
}

export interface Calibration {
  /** median of the runs, ms */
  ms: number;
  /** the machine's speed against the reference: 1 = as fast, 0.5 = half as fast */
  speed: number;
}

export function calibrate(runs = 31): Calibration {
  let sink = 0;
  for (let i = 0; i < 3; i++) sink += workload();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    sink += workload();
    times.push(performance.now() - t);
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  return { ms, speed: REFERENCE_MS / ms };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (let i = 0; i < 3; i++) {
    const c = calibrate();
    console.log(`calibration workload ${c.ms.toFixed(2)} ms (reference ${REFERENCE_MS} ms): speed ${c.speed.toFixed(2)}× the reference`);
  }
}
