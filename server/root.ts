/**
 * The project folder (the one holding package.json), found from this module's own location. The same
 * code runs as TypeScript from server/ (tsx, tests) and bundled from dist/server/ (npm start, a
 * production install), at different depths; walking up to package.json serves both.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const ROOT = findRoot();
