/**
 * Repairs the `$ref`s of the OpenAPI document that @fastify/swagger (9.x) leaves pointing nowhere.
 *
 * Our schemas are documents with an `$id` (schemas/*.schema.json) whose parts are referenced as
 * `common.schema.json#/definitions/slug`. @fastify/swagger turns each document into a component
 * (`common_schema`, see app.ts) and hoists its definitions into components of their own
 * (`common_schema-slug`), but the references of query-string and URL parameters escape the rewrite and
 * come out as `#/components/schemas/common_schema/components/schemas/slug`, which resolves nowhere and
 * breaks client generators. Every such reference is pointed at the hoisted component it meant; any
 * reference that still resolves nowhere is listed by danglingRefs (a test asserts there is none).
 */

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null;
}

function unescape(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Whether a local reference (`#/…`) names something in the document. */
export function resolvesIn(doc: unknown, ref: string): boolean {
  if (!ref.startsWith('#')) return false;
  if (ref === '#') return true;
  if (!ref.startsWith('#/')) return false;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    if (!isObject(node)) return false;
    const key = unescape(part);
    if (!Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  return true;
}

function eachRef(node: unknown, visit: (holder: Json, ref: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) eachRef(item, visit);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.$ref === 'string') visit(node, node.$ref);
  for (const value of Object.values(node)) eachRef(value, visit);
}

const ESCAPED = /^#\/components\/schemas\/([^/]+)\/(?:definitions|components\/schemas)\/([^/]+)(\/.*)?$/;

/** Points every escaped reference at its hoisted component (`<document>-<definition>`). Mutates `doc`. */
export function repairOpenApiRefs<T>(doc: T): T {
  eachRef(doc, (holder, ref) => {
    if (resolvesIn(doc, ref)) return;
    const m = ESCAPED.exec(ref);
    if (!m) return;
    const repaired = `#/components/schemas/${m[1]}-${m[2]}${m[3] ?? ''}`;
    if (resolvesIn(doc, repaired)) holder.$ref = repaired;
  });
  return doc;
}

/**
 * JSON Schema keywords our schemas use that an OpenAPI 3.0 Schema Object does not allow (a standard
 * validator refuses the document because of them). They only narrow what is valid (e.g. the baseline's
 * year keys); the document describes the same shapes without them, and validation uses the full schemas.
 */
const NOT_IN_OPENAPI_30 = ['propertyNames', 'patternProperties', 'if', 'then', 'else', 'contains', 'dependencies', 'additionalItems', '$comment'];

/** Removes NOT_IN_OPENAPI_30 from every schema of the document (not from maps of property names). */
export function dropUnsupportedKeywords<T>(doc: T): T {
  const visit = (node: unknown, isNameMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    if (!isObject(node)) return;
    if (!isNameMap) for (const k of NOT_IN_OPENAPI_30) if (isObject(node[k]) || Array.isArray(node[k]) || typeof node[k] === 'string') delete node[k];
    for (const [k, v] of Object.entries(node)) {
      // The values of these maps are schemas, but their keys are names chosen by the schema's author.
      visit(v, !isNameMap && (k === 'properties' || k === 'schemas' || k === 'paths' || k === 'responses' || k === 'definitions'));
    }
  };
  visit(doc, false);
  return doc;
}

/** The references of the document that resolve nowhere. */
export function danglingRefs(doc: unknown): string[] {
  const out = new Set<string>();
  eachRef(doc, (_holder, ref) => {
    if (!resolvesIn(doc, ref)) out.add(ref);
  });
  return [...out];
}
