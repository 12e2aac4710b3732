/**
 * The JSON Schemas in schemas/ and the Ajv instances that use them. One source serves request
 * validation, response serialization, TypeScript types (schemas/types.ts) and the OpenAPI document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJson from 'fast-json-stringify';
import { type BoundedValidate, type Validate, boundedValidator } from './limits.js';
import { ROOT } from '../root.js';

type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped in another default.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export const SCHEMAS_DIR = join(ROOT, 'schemas');

export interface SchemaDocument {
  $id: string;
  [key: string]: unknown;
}

let cached: SchemaDocument[] | undefined;

/** Every schema document in schemas/, read once per process. */
export function schemaDocuments(): SchemaDocument[] {
  cached ??= readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(SCHEMAS_DIR, f), 'utf8')) as SchemaDocument);
  return cached;
}

let registry: Map<string, SchemaDocument> | undefined;

/** The same documents by `$id`, for resolving `$ref`s outside Ajv (the size pre-check of validation/limits.ts). */
export function schemaRegistry(): ReadonlyMap<string, SchemaDocument> {
  registry ??= new Map(schemaDocuments().map((d) => [d.$id, d]));
  return registry;
}

/**
 * A body validator: the size pre-check first, then Ajv (validation/limits.ts explains why). Used for every
 * request body and every plugin manifest.
 */
export function boundedBodyValidator(schema: unknown, ajv: Ajv = sharedAjv('body')): BoundedValidate {
  return boundedValidator((s) => ajv.compile(s as object) as Validate, schema, schemaRegistry());
}

/** Annotation keywords plugins may use in their progress-field schemas (labels for the form). */
export const ANNOTATION_KEYWORDS = ['x-label', 'x-enum-labels'];

/**
 * An Ajv with every schema of schemas/ added. `coerce` is for query strings and URL parameters, which
 * arrive as text; bodies are never coerced (a "5" where a number belongs is an error, not a 5).
 */
export function createAjv(options: { coerce?: boolean; extra?: Options } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    coerceTypes: options.coerce ? true : false,
    useDefaults: false,
    removeAdditional: false,
    ...options.extra,
  });
  addFormats(ajv, ['date', 'date-time']);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'object' });
  for (const doc of schemaDocuments()) ajv.addSchema(doc);
  return ajv;
}

const shared = new Map<string, Ajv>();

/**
 * Process-wide Ajv instances for the fixed schemas of schemas/ (request validation, manifests). Compiled
 * validators are cached by Ajv, so building the app again (tests, a second instance) does not recompile.
 */
export function sharedAjv(kind: 'body' | 'text'): Ajv {
  let ajv = shared.get(kind);
  if (!ajv) {
    ajv = createAjv({ coerce: kind === 'text' });
    shared.set(kind, ajv);
  }
  return ajv;
}

const serializers = new Map<string, (data: unknown) => string>();

/**
 * Response serializers (fast-json-stringify), compiled once per distinct response schema for the whole
 * process. Compiling them is the slowest part of building the app; the schemas never change at run time.
 */
export function cachedSerializer(schema: unknown): (data: unknown) => string {
  const key = JSON.stringify(schema);
  let serialize = serializers.get(key);
  if (!serialize) {
    const external = Object.fromEntries(schemaDocuments().map((d) => [d.$id, d]));
    type Options = NonNullable<Parameters<typeof fastJson>[1]>;
    serialize = fastJson(schema as Parameters<typeof fastJson>[0], { schema: external as unknown as Options['schema'] }) as (data: unknown) => string;
    serializers.set(key, serialize);
  }
  return serialize;
}
