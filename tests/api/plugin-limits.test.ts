/**
 * Issue 8, item 9: a plugin too large to load in reasonable time is refused at once, with a message that
 * names the plugin and the limit — at start-up and by `npm run plugins:check`. On the old loader a 5.9 MB
 * plugin.json (an enum of 340,000 values) hung both for more than 13 minutes. No timing is asserted: the
 * refusals happen before the file is read or the schema compiled.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadPlugins, PluginError } from '../../server/plugin-host/load-plugins.js';
import { PLUGIN_LIMITS, fieldSchemaProblems } from '../../server/plugin-host/plugin-limits.js';
import { ROOT, copyPlugins } from '../helpers/app.js';

function write(dir: string, id: string, manifest: unknown): void {
  mkdirSync(join(dir, id), { recursive: true });
  writeFileSync(join(dir, id, 'plugin.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
}

/** A ward plugin of the demo city whose one meeting type has the given progress fields. */
function ward(progressFields: unknown) {
  return {
    kind: 'ward',
    id: 'kita-test',
    city: 'sendai',
    name: { ja: '北テスト区' },
    meetingTypes: [{ id: 'office-visit', name: { ja: '事業所訪問' }, cadence: { kind: 'asNeeded' }, progressFields }],
  };
}

function enumOf(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `office-${String(i).padStart(8, '0')}`);
}

function refusal(dir: string): string {
  try {
    loadPlugins(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(PluginError);
    return (e as Error).message;
  }
  throw new Error('the plugins were loaded');
}

describe('plugin size limits', () => {
  it('refuses a 5.9 MB plugin.json (an enum of 340,000 values) by its size, naming the plugin and the limit', () => {
    const dir = copyPlugins();
    const manifest = JSON.stringify(ward({ type: 'object', properties: { office: { type: 'string', enum: enumOf(340_000) } } }));
    expect(manifest.length).toBeGreaterThan(5_900_000);
    write(dir, 'kita-test', manifest);
    const message = refusal(dir);
    expect(message).toContain("plugin 'kita-test'");
    expect(message).toMatch(/plugin\.json is 5,\d{3} KiB, more than the 256 KiB a plugin may have/);
    expect(message).toContain('plugin.json が大きすぎます');
  });

  it('refuses an enum over 200 values in a file within the size limit, before compiling it', () => {
    const dir = copyPlugins();
    write(dir, 'kita-test', ward({ type: 'object', properties: { office: { type: 'string', enum: enumOf(12_000) } } }));
    const message = refusal(dir);
    expect(message).toContain("plugin 'kita-test': meetingTypes[0].progressFields.properties.office.enum: 12,000 values, more than the 200 an enum may have / 選択肢が多すぎます(200個まで)");
  });

  it('refuses too many fields, too deep a schema and too long a text, each naming the limit', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, { type: 'integer' }]));
    expect(fieldSchemaProblems({ type: 'object', properties: many }, 'pf')).toEqual([expect.stringContaining('pf.properties: 51 fields, more than the 50')]);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) deep = { allOf: [deep] };
    expect(fieldSchemaProblems({ type: 'object', properties: { a: deep } }, 'pf')[0]).toMatch(/nested more than 8 levels deep/);
    expect(fieldSchemaProblems({ type: 'object', properties: { a: { type: 'string', 'x-label': { ja: 'あ'.repeat(2001) } } } }, 'pf')[0]).toMatch(/^pf\.properties\.a\.x-label\.ja: a text of 2,001 characters, more than 2,000/);
    const wide = { type: 'object', properties: { a: { type: 'string', 'x-enum-labels': Object.fromEntries(enumOf(6000).map((v) => [v, { ja: v }])) } } };
    expect(fieldSchemaProblems(wide, 'pf')[0]).toMatch(/more than 5,000 values in the schema/);
    // The real plugins are well within every limit.
    expect(refusalOrNull(join(ROOT, 'plugins'))).toBeNull();
  });

  it('refuses a city naming 15,000 wards by the list limit, without validating each', () => {
    const dir = copyPlugins();
    const city = JSON.parse(JSON.stringify({ kind: 'city', id: 'big', name: { ja: '大市' }, wards: Array.from({ length: 15_000 }, (_, i) => `w${i}`), subcommittee: { name: { ja: '部会' }, meetings: [] } }));
    write(dir, 'big', city);
    const message = refusal(dir);
    expect(message).toContain("plugin 'big': wards: must have at most 100 items / 100件以内にしてください");
  });

  it('npm run plugins:check refuses the 5.9 MB plugin with the same message and exit code 1', async () => {
    const dir = copyPlugins();
    write(dir, 'kita-test', JSON.stringify(ward({ type: 'object', properties: { office: { type: 'string', enum: enumOf(340_000) } } })));
    const run = promisify(execFile);
    const error = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/check-plugins.ts')], { env: { ...process.env, PLUGINS_DIR: dir } }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain("plugin 'kita-test': plugin.json is");
    expect(error?.stderr).toContain(`more than the ${PLUGIN_LIMITS.fileBytes / 1024} KiB`);
  });
});

function refusalOrNull(dir: string): string | null {
  try {
    loadPlugins(dir);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
