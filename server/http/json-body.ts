/**
 * The JSON body parser: Fastify's own (with prototype-poisoning keys refused), plus
 *  - a check of the body's shape before it is parsed (nesting, number of values, fields per object), so
 *    that no body within the size limit can make parsing slow or overflow the stack (docs/limits.md);
 *  - two checks that keep stored text exactly what the user sent — the body must be valid UTF-8 (a broken
 *    byte would otherwise become U+FFFD silently) and contain no lone surrogates (which cannot be stored
 *    as UTF-8 and would come back changed).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, fieldError } from '../core/errors.js';

export interface JsonShape {
  /** Deepest nesting of arrays and objects. */
  depth: number;
  /** Commas + arrays + objects: an upper bound on the items and fields. */
  values: number;
  /** Most fields (colons) of any one object. */
  widest: number;
}

/**
 * The shape of JSON text, measured without parsing it (what is inside strings is skipped). One pass over
 * the bytes; stops as soon as a limit is passed.
 */
export function jsonShape(bytes: Uint8Array, limits: { depth: number; values: number; fields: number }): JsonShape {
  let depth = 0;
  let max = 0;
  let values = 1;
  let widest = 0;
  // Fields counted so far in the object open at each depth (depth is bounded by limits.depth).
  const fields: number[] = [0];
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x2c) {
      if (++values > limits.values) break;
    } else if (b === 0x3a) {
      const n = ++fields[depth]!;
      if (n > widest) {
        widest = n;
        if (widest > limits.fields) break;
      }
    } else if (b === 0x5b || b === 0x7b) {
      values++;
      if (++depth > max) {
        max = depth;
        if (max > limits.depth) break;
      }
      fields[depth] = 0;
    } else if (b === 0x5d || b === 0x7d) {
      depth--;
    }
  }
  return { depth: max, values, widest };
}

interface Frame {
  value: unknown;
  parent: Frame | undefined;
  key: string;
}

function pointerOf(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) parts.push(f.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  return parts.length ? `/${parts.reverse().join('/')}` : '/';
}

/**
 * The JSON Pointer of the first string (or key) that is not well-formed Unicode, if any. Iterative (an
 * explicit stack) and building a pointer only for the string it reports.
 */
function findMalformedText(root: unknown): string | undefined {
  const stack: Frame[] = [{ value: root, parent: undefined, key: '' }];
  while (stack.length) {
    const frame = stack.pop()!;
    const value = frame.value;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return pointerOf(frame);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: frame, key: String(i) });
    } else if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const child: Frame = { value: (value as Record<string, unknown>)[k], parent: frame, key: k };
        if (!k.isWellFormed()) return pointerOf(child);
        stack.push(child);
      }
    }
  }
  return undefined;
}

/**
 * A lone surrogate can only reach the parsed body through a \uD800–\uDFFF escape (valid UTF-8 cannot
 * encode one), so the walk above is needed only when the text has such an escape.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * How deep a request body may nest. The deepest real body (a plan: plan → issues → issue → actions →
 * action → field) is 5 levels; plugins' extra progress fields are flat. 32 leaves room and stops a body of
 * 500,000 nested brackets before the parser, which would otherwise overflow its stack on it.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * How many values a request body may hold, counted as commas + arrays + objects (jsonShape). The largest
 * real bodies: a plan at every list limit (200 rows × 12 months, 30 issues × 30 actions) ≈ 8,000; a batch of
 * 500 progress records with 50 extra fields each ≈ 30,000. Parsing is what costs on a 1 MiB body of tiny
 * values (349,000 `{}`: 0.1–0.2 s in JSON.parse alone), so a body past this count is refused before it is
 * parsed. 100,000 still lets 40,000 empty records through to the clearer "records: at most 500 items".
 */
export const MAX_BODY_VALUES = 100_000;

/**
 * How many fields one object of a request body may have. The widest real object is a progress record's
 * `extra` (at most 50 fields); a plan has 16. JSON.parse of one object with 95,000 distinct keys (1 MiB)
 * takes 0.2–0.3 s, so a wider object is refused before parsing.
 */
export const MAX_OBJECT_FIELDS = 1_000;

function invalidJson(): AppError {
  return new AppError(400, 'INVALID_JSON', {
    en: 'The request body is not valid JSON or contains forbidden keys (__proto__, constructor.prototype).',
    ja: '送信データが正しい JSON ではないか、使用できないキー(__proto__ など)を含んでいます。',
  });
}

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new AppError(400, 'INVALID_ENCODING', { en: 'The request body is not valid UTF-8 text.', ja: '送信データが正しい UTF-8 の文字列ではありません。' }), undefined);
      return;
    }
    const shape = jsonShape(bytes, { depth: MAX_BODY_DEPTH, values: MAX_BODY_VALUES, fields: MAX_OBJECT_FIELDS });
    if (shape.widest > MAX_OBJECT_FIELDS) {
      done(
        new AppError(400, 'BODY_TOO_COMPLEX', {
          en: `An object in the request body has more than ${MAX_OBJECT_FIELDS.toLocaleString('en')} fields.`,
          ja: `送信データのオブジェクトの項目が多すぎます(${MAX_OBJECT_FIELDS.toLocaleString('ja')}個まで)。`,
        }),
        undefined,
      );
      return;
    }
    if (shape.values > MAX_BODY_VALUES) {
      done(
        new AppError(400, 'BODY_TOO_COMPLEX', {
          en: `The request body holds more than ${MAX_BODY_VALUES.toLocaleString('en')} values (items and fields).`,
          ja: `送信データの項目数が多すぎます(${MAX_BODY_VALUES.toLocaleString('ja')}個まで)。`,
        }),
        undefined,
      );
      return;
    }
    if (shape.depth > MAX_BODY_DEPTH) {
      done(
        new AppError(400, 'BODY_TOO_DEEP', {
          en: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
          ja: `送信データの入れ子が深すぎます(${MAX_BODY_DEPTH}段まで)。`,
        }),
        undefined,
      );
      return;
    }
    const text = bytes.toString('utf8');
    parseJson(request, text, (error, parsed) => {
      // Bad JSON or prototype-poisoning keys: the client's mistake, said as such (never a 500).
      if (error) return done(invalidJson(), undefined);
      const bad = SURROGATE_ESCAPE.test(text) ? findMalformedText(parsed) : undefined;
      if (bad) {
        return done(
          new AppError(400, 'INVALID_TEXT', { en: 'The text contains an invalid character (a lone surrogate).', ja: '文字列に使用できない文字(不正なサロゲート)が含まれています。' }, { fields: [fieldError(bad, 'contains an invalid character', '使用できない文字が含まれています')] }),
          undefined,
        );
      }
      return done(null, parsed);
    });
  });
}
