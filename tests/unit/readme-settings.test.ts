/**
 * The README's settings table names every environment variable the server's configuration reads, so
 * that an IT department setting up a server finds each one (a newcomer's walk-through found WEB_DIR
 * read but undocumented).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The variables server/config.ts reads: `env.NAME`, and `(env, 'NAME')` for its typed readers. */
function variablesRead(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/\benv,\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
  return [...names].sort();
}

describe('README settings', () => {
  it('documents every variable server/config.ts reads, in its table', () => {
    const read = variablesRead(readFileSync(join(ROOT, 'server', 'config.ts'), 'utf8'));
    expect(read.length).toBeGreaterThan(15); // the patterns still find what the file reads
    expect(read).toContain('PORT');
    expect(read).toContain('WEB_DIR');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!));
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });
});
