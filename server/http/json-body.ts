/**
 * The JSON body parser: Fastify's own (with prototype-poisoning keys refused), plus two checks that keep
 * stored text exactly what the user sent — the body must be valid UTF-8 (a broken byte would otherwise
 * become U+FFFD silently) and contain no lone surrogates (which cannot be stored as UTF-8 and would come
 * back changed).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, fieldError } from '../core/errors.js';

/**
 * The deepest nesting of arrays and objects in JSON text, counted without parsing (brackets inside strings
 * are skipped). Stops counting once past `limit`. One pass over the bytes.
 */
export function nestingDepth(bytes: Uint8Array, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (b === 0x5d || b === 0x7d) {
      depth--;
    }
  }
  return max;
}

/**
 * The JSON Pointer of the first string (or key) that is not well-formed Unicode, if any. Iterative (an
 * explicit stack), so that no nesting the depth check lets through can overflow the call stack.
 */
function findMalformedText(root: unknown): string | undefined {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return path || '/';
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`]);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        const at = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (!k.isWellFormed()) return at;
        stack.push([v, at]);
      }
    }
  }
  return undefined;
}

/**
 * How deep a request body may nest. The deepest real body (a plan: plan → issues → issue → actions →
 * action → field) is 5 levels; plugins' extra progress fields are flat. 32 leaves room and stops a body of
 * 500,000 nested brackets before the parser, which would otherwise overflow its stack on it.
 */
export const MAX_BODY_DEPTH = 32;

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
    if (nestingDepth(bytes, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      done(
        new AppError(400, 'BODY_TOO_DEEP', {
          en: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
          ja: `送信データの入れ子が深すぎます(${MAX_BODY_DEPTH}段まで)。`,
        }),
        undefined,
      );
      return;
    }
    parseJson(request, bytes.toString('utf8'), (error, parsed) => {
      // Bad JSON or prototype-poisoning keys: the client's mistake, said as such (never a 500).
      if (error) return done(invalidJson(), undefined);
      const bad = findMalformedText(parsed);
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
