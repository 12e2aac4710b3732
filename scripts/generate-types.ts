/**
 * Generates schemas/types.ts from the JSON Schemas in schemas/ so that TypeScript types are never
 * written by hand beside a schema (npm run schemas:types). tests/unit/schema-types.test.ts fails when
 * the committed file is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
export const typesFile = join(schemasDir, 'types.ts');

export async function generateTypes(): Promise<string> {
  const properties: Record<string, JSONSchema> = {};
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as { definitions?: Record<string, unknown> };
    for (const name of Object.keys(schema.definitions ?? {})) {
      properties[`${file}:${name}`] = { $ref: `${file}#/definitions/${name}` };
    }
    if (file === 'plugin-manifest.schema.json') properties[file] = { $ref: file };
  }
  // One wrapper schema, so that every definition becomes one named type and shared ones are emitted once.
  const wrapper = { title: 'AllSchemas', type: 'object', additionalProperties: false, properties } as JSONSchema;
  const ts = await compile(wrapper, 'AllSchemas', {
    cwd: schemasDir,
    bannerComment: '/* Generated from schemas/*.schema.json by scripts/generate-types.ts — do not edit; run `npm run schemas:types`. */',
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    // Plain arrays, not unions of tuples, for arrays with maxItems (e.g. months: at most 12).
    maxItems: -1,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  return ts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(typesFile, await generateTypes());
  console.log(`wrote ${typesFile}`);
}
