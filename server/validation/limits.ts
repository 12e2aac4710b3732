/**
 * A cheap structural pre-check that runs before Ajv's full validation, so that no body within the size
 * limit can make validation slow.
 *
 * Why: Ajv with `allErrors` collects the errors of every item of an array, and each `$ref`'d item merges
 * its errors into the list with `concat`, copying the whole list again — the cost grows with the square of
 * the number of items. 40,000 `{}` progress records (160 KB) kept the event loop busy for 15–45 s, although
 * the schema says `maxItems: 500`: Ajv reports that, but only after visiting all 40,000.
 *
 * The pre-check walks the body along the schema (following `$ref`s) and looks only at sizes: `maxItems`,
 * `maxLength`, `maxProperties`, and unknown fields of a closed object that has more fields than it
 * declares. It does one pass over what it visits, never descends into an array it has refused, and stops
 * after MAX_LIMIT_ERRORS findings. Only a body that passes it reaches Ajv, and then every array is within
 * its bound, so Ajv's work (and its error list) is bounded by the schema rather than by the body.
 *
 * Its findings are Ajv-shaped errors (keyword, instancePath, params) so that the usual messages apply
 * ("records: must have at most 500 items" / "500件以内にしてください").
 */
import type { ErrorObject } from 'ajv';

/** At most this many findings are collected; the client gets the first ones, which is enough to act on. */
export const MAX_LIMIT_ERRORS = 50;

/**
 * At most this many of Ajv's errors are passed on. Within the limits a body can still make Ajv report
 * thousands (500 progress records, every field wrong: 6,000); the client is shown 50 fields, so turning
 * the rest into messages (and Fastify into its error text) is wasted work.
 */
export const MAX_AJV_ERRORS = 1_000;

/** How many `$ref`s may be followed in a row without descending into the data (a guard against cycles). */
const MAX_REF_CHAIN = 32;

type SchemaNode = Record<string, unknown>;

/** Schema documents by `$id` (the documents of schemas/, plus a plugin's own schema). */
export type SchemaRegistry = ReadonlyMap<string, SchemaNode>;

export type LimitCheck = (data: unknown) => ErrorObject[];

function isNode(x: unknown): x is SchemaNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Ajv counts characters as code points (a surrogate pair is one), and so do we. */
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function jsonType(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  if (typeof data === 'number') return Number.isInteger(data) ? 'integer' : 'number';
  return typeof data;
}

function finding(keyword: string, instancePath: string, params: Record<string, unknown>, message: string): ErrorObject {
  return { keyword, instancePath, schemaPath: `#/limits/${keyword}`, params, message };
}

/**
 * Compiles the pre-check for one schema. `registry` resolves `$ref`s to other documents; a `$ref` starting
 * with `#` resolves in the document it appears in (the root schema itself when it has no `$id`).
 */
export function compileLimitCheck(root: unknown, registry: SchemaRegistry): LimitCheck {
  const rootId = isNode(root) && typeof root.$id === 'string' ? root.$id : undefined;

  function resolve(ref: string, base: string | undefined): { schema: unknown; base: string | undefined } | undefined {
    const hash = ref.indexOf('#');
    const docId = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    const id = docId || base;
    let node: unknown = id === undefined ? root : id === rootId ? root : registry.get(id);
    if (node === undefined) return undefined;
    for (const part of pointer.split('/').slice(1)) {
      if (!isNode(node)) return undefined;
      node = node[unescapePointer(part)];
    }
    return { schema: node, base: id };
  }

  /** The schema behind a chain of `$ref`s (to see a branch's declared type). */
  function deref(schema: unknown, base: string | undefined): { schema: unknown; base: string | undefined } {
    let current = { schema, base };
    for (let i = 0; i < MAX_REF_CHAIN && isNode(current.schema) && typeof current.schema.$ref === 'string'; i++) {
      const next = resolve(current.schema.$ref, current.base);
      if (!next) break;
      current = next;
    }
    return current;
  }

  function accepts(schema: unknown, data: unknown): boolean {
    if (!isNode(schema)) return true;
    const declared = schema.type;
    if (declared === undefined) return true;
    const types = Array.isArray(declared) ? declared : [declared];
    const actual = jsonType(data);
    return types.includes(actual) || (actual === 'integer' && types.includes('number'));
  }

  return (data) => {
    const errors: ErrorObject[] = [];
    const full = () => errors.length >= MAX_LIMIT_ERRORS;

    const walk = (schema: unknown, value: unknown, path: string, base: string | undefined, chain: number): void => {
      if (full() || !isNode(schema)) return;
      if (typeof schema.$ref === 'string') {
        if (chain >= MAX_REF_CHAIN) return;
        const target = resolve(schema.$ref, base);
        if (target) walk(target.schema, value, path, target.base, chain + 1);
        return;
      }
      if (Array.isArray(schema.allOf)) for (const s of schema.allOf) walk(s, value, path, base, chain + 1);
      for (const key of ['anyOf', 'oneOf'] as const) {
        const branches = schema[key];
        if (!Array.isArray(branches)) continue;
        // Only a branch the value can belong to (by type) is followed, and only when it is the only one:
        // with several candidates the pre-check cannot know which limits apply, and leaves it to Ajv.
        const fitting = branches.map((b) => deref(b, base)).filter((b) => accepts(b.schema, value));
        if (fitting.length === 1) walk(fitting[0]!.schema, value, path, fitting[0]!.base, chain + 1);
      }

      if (Array.isArray(value)) {
        const max = schema.maxItems;
        if (typeof max === 'number' && value.length > max) {
          errors.push(finding('maxItems', path, { limit: max }, `must NOT have more than ${max} items`));
          return;
        }
        const items = schema.items;
        if (isNode(items)) {
          for (let i = 0; i < value.length && !full(); i++) walk(items, value[i], `${path}/${i}`, base, 0);
        } else if (Array.isArray(items)) {
          for (let i = 0; i < value.length && i < items.length && !full(); i++) walk(items[i], value[i], `${path}/${i}`, base, 0);
        }
      } else if (typeof value === 'string') {
        const max = schema.maxLength;
        if (typeof max === 'number' && value.length > max && codePointLength(value) > max) {
          errors.push(finding('maxLength', path, { limit: max }, `must NOT have more than ${max} characters`));
        }
      } else if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        const max = schema.maxProperties;
        if (typeof max === 'number' && keys.length > max) {
          errors.push(finding('maxProperties', path, { limit: max }, `must NOT have more than ${max} properties`));
          return;
        }
        const properties = isNode(schema.properties) ? schema.properties : {};
        const additional = schema.additionalProperties;
        if (additional === false && keys.length > Object.keys(properties).length) {
          // More fields than the object declares: some are unknown, possibly very many. Name them here
          // (capped) instead of letting Ajv build one error per unknown field.
          for (const k of keys) {
            if (full()) break;
            if (!Object.hasOwn(properties, k)) {
              errors.push(finding('additionalProperties', path, { additionalProperty: k }, 'must NOT have additional properties'));
            }
          }
          return;
        }
        for (const k of keys) {
          if (full()) break;
          const sub = Object.hasOwn(properties, k) ? properties[k] : isNode(additional) ? additional : undefined;
          if (sub !== undefined) walk(sub, record[k], `${path}/${escapePointer(k)}`, base, 0);
        }
      }
    };

    walk(root, data, '', rootId, 0);
    return errors;
  };
}

/** What the bounded validator needs of Ajv: compile a schema into a validate function. */
export interface Validate {
  (data: unknown, ...rest: unknown[]): boolean | Promise<unknown>;
  errors?: ErrorObject[] | null;
}

export interface BoundedValidate {
  (data: unknown, ...rest: unknown[]): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Ajv's validator behind the pre-check: a body over a size limit is refused with the pre-check's
 * findings, and Ajv (with its complete, readable error list) only sees bodies within every limit.
 */
export function boundedValidator(compile: (schema: unknown) => Validate, schema: unknown, registry: SchemaRegistry): BoundedValidate {
  const check = compileLimitCheck(schema, registry);
  const validate = compile(schema);
  const bounded: BoundedValidate = (data, ...rest) => {
    const over = check(data);
    if (over.length) {
      bounded.errors = over;
      return false;
    }
    const ok = validate(data, ...rest) === true;
    bounded.errors = ok ? null : (validate.errors?.slice(0, MAX_AJV_ERRORS) ?? null);
    return ok;
  };
  return bounded;
}
