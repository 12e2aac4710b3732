/**
 * npx tsx bench/hostile-plugins.ts — how long the plugin loader (start-up, `npm run plugins:check`) takes
 * on the largest plugins we can build: the 5.9 MB plugin.json of issue 8 (an enum of 340,000 values;
 * refused by its size) and the worst plugin within every limit (docs/plugins.md: 256 KiB filled with
 * meeting types whose fields are 200-value enums). Before the limits, the first hung for over 13 minutes.
 *
 * `hostilePluginResults()` returns the figures in bench/run.ts's shape; run alone, this file prints them.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlugins } from '../server/plugin-host/load-plugins.js';
import { PLUGIN_LIMITS } from '../server/plugin-host/plugin-limits.js';

export interface HostileResult {
  name: string;
  value: number;
  unit: string;
  target: number;
}

const PLUGINS = join(import.meta.dirname, '..', 'plugins');

function folderWith(manifest: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'council-bench-plugins-'));
  for (const name of readdirSync(PLUGINS)) cpSync(join(PLUGINS, name), join(dir, name), { recursive: true });
  mkdirSync(join(dir, 'kita-test'));
  writeFileSync(join(dir, 'kita-test', 'plugin.json'), manifest);
  return dir;
}

function ward(meetingTypes: unknown[]): string {
  return JSON.stringify({ kind: 'ward', id: 'kita-test', city: 'sendai', name: { ja: '北テスト区' }, meetingTypes });
}

/** The largest plugin within every limit: meeting types with 200-value enums, up to the file size. */
function worstWithinLimits(): string {
  const values = Array.from({ length: PLUGIN_LIMITS.enumValues }, (_, i) => `v${i}`);
  const types: unknown[] = [];
  // As many 200-value enum fields per meeting type as the schema's value count allows.
  const fieldsPerType = Math.min(PLUGIN_LIMITS.fields, Math.floor((PLUGIN_LIMITS.schemaNodes - 10) / (PLUGIN_LIMITS.enumValues + 4)));
  for (let t = 0; t < 50; t++) {
    const properties: Record<string, unknown> = {};
    for (let f = 0; f < fieldsPerType; f++) {
      properties[`f${f}`] = { type: 'string', enum: values };
      const candidate = ward([...types, { id: `t${t}`, name: { ja: `種別${t}` }, cadence: { kind: 'asNeeded' }, progressFields: { type: 'object', properties: { ...properties } } }]);
      if (Buffer.byteLength(candidate) > PLUGIN_LIMITS.fileBytes) {
        delete properties[`f${f}`];
        types.push({ id: `t${t}`, name: { ja: `種別${t}` }, cadence: { kind: 'asNeeded' }, progressFields: { type: 'object', properties } });
        return ward(types);
      }
    }
    types.push({ id: `t${t}`, name: { ja: `種別${t}` }, cadence: { kind: 'asNeeded' }, progressFields: { type: 'object', properties } });
  }
  return ward(types);
}

function time(dir: string): { ms: number; outcome: string } {
  const start = performance.now();
  let outcome = 'loaded';
  try {
    loadPlugins(dir);
  } catch (e) {
    outcome = `refused: ${(e as Error).message.split('\n')[1]?.trim().slice(0, 110)}`;
  }
  return { ms: performance.now() - start, outcome };
}

export function hostilePluginResults(options: { print?: (line: string) => void } = {}): HostileResult[] {
  const print = options.print ?? (() => {});
  const enumValues = Array.from({ length: 340_000 }, (_, i) => `office-${String(i).padStart(8, '0')}`);
  const cases: [string, string][] = [
    ['5.9 MB plugin.json, enum of 340,000 values (issue 8)', ward([{ id: 'visit', name: { ja: '訪問' }, cadence: { kind: 'asNeeded' }, progressFields: { type: 'object', properties: { office: { type: 'string', enum: enumValues } } } }])],
    ['250 KiB plugin.json, one enum of 12,000 values', ward([{ id: 'visit', name: { ja: '訪問' }, cadence: { kind: 'asNeeded' }, progressFields: { type: 'object', properties: { office: { type: 'string', enum: enumValues.slice(0, 12_000) } } } }])],
    ['worst within the limits: 256 KiB of 200-value enums', worstWithinLimits()],
  ];
  const results: HostileResult[] = [];
  for (const [name, manifest] of cases) {
    const dir = folderWith(manifest);
    const runs = [time(dir), time(dir), time(dir)];
    const worst = Math.max(...runs.map((r) => r.ms));
    print(`${name.padEnd(56)} ${String(Buffer.byteLength(manifest)).padStart(8)} B → ${worst.toFixed(0).padStart(6)} ms (worst of 3), ${runs[0]!.outcome}`);
    results.push({ name: `plugin loader, ${name}`, value: worst, unit: 'ms', target: 3000 });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = hostilePluginResults({ print: (line) => console.log(line) });
  const missed = results.filter((r) => r.value > r.target);
  process.exit(missed.length ? 1 : 0);
}

export const title = 'Hostile plugins: time to refuse or load (issue 8)';

/** For npm run bench (bench/run.ts). */
export function bench(): { figure: string; value: number; unit: string; target: string; met: boolean }[] {
  return hostilePluginResults().map((r) => ({ figure: r.name, value: r.value, unit: r.unit, target: `≤ ${r.target} ${r.unit}`, met: r.value <= r.target }));
}
