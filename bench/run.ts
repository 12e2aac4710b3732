/**
 * npm run bench — every benchmark module in bench/ (a file exporting `bench(): BenchRow[] | Promise<…>`,
 * and optionally `title` and `notes`), run one after the other; one table of figure, target, measured
 * ratio and verdict is printed and written to BENCHMARKS.md with the machine it ran on and what was
 * changed to reach the figures. Targets are not asserted in the test suite (timing flakes there).
 *
 *   npm run bench                 all modules
 *   npm run bench -- http web     only those (file names without .ts)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './lib.js';

const DIR = import.meta.dirname;
const NOT_MODULES = new Set(['run.ts', 'lib.ts']);

interface Section {
  name: string;
  title: string;
  rows: BenchRow[];
  notes: string[];
  seconds: number;
  error?: string;
}

/** Rows as other modules may shape them (name/value/unit/target/ok), made into the table's row. */
function normalize(raw: Record<string, unknown>): BenchRow {
  const figure = String(raw.figure ?? raw.name ?? '?');
  const unit = raw.unit ? ` ${String(raw.unit)}` : '';
  const value = typeof raw.value === 'number' ? `${Number(raw.value.toFixed(3))}${unit}` : String(raw.value ?? '');
  const target = typeof raw.target === 'number' ? `${raw.target}${unit}` : String(raw.target ?? '—');
  const met = typeof raw.met === 'boolean' ? raw.met : typeof raw.ok === 'boolean' ? raw.ok : null;
  const ratio = typeof raw.ratio === 'number' ? raw.ratio : null;
  return { figure, value, target, ratio, met, note: raw.note === undefined ? undefined : String(raw.note) };
}

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'cpu'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, load average at start ${loadavg()[0]!.toFixed(1)}; the load generator (autocannon, Chromium) runs on the same cores as the server`;
}

const only = process.argv.slice(2);
const modules = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_MODULES.has(f))
  .filter((f) => !only.length || only.includes(f.replace(/\.ts$/, '')))
  .sort();

const machineLine = machine();
const sections: Section[] = [];
const started = performance.now();
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as { bench?: () => unknown; title?: string; notes?: string | string[] };
  if (typeof mod.bench !== 'function') continue;
  const name = file.replace(/\.ts$/, '');
  process.stderr.write(`bench: ${name} …\n`);
  const t = performance.now();
  const section: Section = { name, title: mod.title ?? name, rows: [], notes: mod.notes === undefined ? [] : ([] as string[]).concat(mod.notes), seconds: 0 };
  try {
    const rows = (await mod.bench()) as Record<string, unknown>[];
    section.rows = rows.map(normalize);
  } catch (e) {
    section.error = (e as Error)?.stack ?? String(e);
    process.stderr.write(`bench ${name} failed: ${section.error}\n`);
  }
  section.seconds = (performance.now() - t) / 1000;
  sections.push(section);
}
const total = (performance.now() - started) / 1000;

const verdict = (m: boolean | null) => (m === true ? 'met' : m === false ? 'MISSED' : '—');
const table: string[][] = [['figure', 'measured', 'target', 'ratio', 'verdict']];
for (const s of sections) {
  for (const r of s.rows) table.push([`${s.title}: ${r.figure}`, r.value, r.target, r.ratio === null || r.ratio === undefined ? '' : r.ratio.toFixed(2), verdict(r.met)]);
  if (s.error) table.push([`${s.title}`, 'failed', '—', '', 'MISSED']);
}

const widths = table[0]!.map((_, c) => Math.min(70, Math.max(...table.map((r) => r[c]!.length))));
console.log(`\n${machineLine}\n`);
for (const [i, r] of table.entries()) {
  console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  if (i === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '));
}
console.log(`\n${sections.length} module(s) in ${total.toFixed(0)} s`);

const md = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${total.toFixed(0)} s.`,
  '',
  `**Machine:** ${machineLine}.`,
  '',
  'Ratios are measured side by side in the same run (the HTTP figures against `GET /api/health` without a cookie on the same server, 50 connections, loopback), so they hold on a slower or busier machine where absolute figures would not.',
  '',
  '| figure | measured | target | ratio | verdict |',
  '|---|---|---|---|---|',
  ...table.slice(1).map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  '',
  '## Notes per figure',
  '',
  ...sections.flatMap((s) => s.rows.filter((r) => r.note).map((r) => `- ${s.title}: ${r.figure} — ${r.note}`)),
  '',
  '## What was changed to reach them',
  '',
  ...sections.flatMap((s) => s.notes.map((n) => `- **${s.title}.** ${n}`)),
  ...sections.filter((s) => s.error).flatMap((s) => ['', `### ${s.title} failed`, '', '```', s.error!, '```']),
  '',
];
const extra = (() => {
  try {
    return readFileSync(join(DIR, 'BENCHMARKS.extra.md'), 'utf8');
  } catch {
    return '';
  }
})();
writeFileSync(join(DIR, '..', 'BENCHMARKS.md'), md.join('\n') + extra);
process.exit(sections.some((s) => s.error) ? 1 : 0);
