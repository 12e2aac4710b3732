import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, typesFile } from '../../scripts/generate-types.js';

describe('schemas/types.ts', () => {
  it('is what the JSON Schemas generate (run `npm run schemas:types` after changing a schema)', async () => {
    expect(readFileSync(typesFile, 'utf8')).toBe(await generateTypes());
  });
});
