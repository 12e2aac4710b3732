/**
 * The JSON body parser: Fastify's own (with prototype-poisoning keys refused), plus two checks that keep
 * stored text exactly what the user sent — the body must be valid UTF-8 (a broken byte would otherwise
 * become U+FFFD silently) and contain no lone surrogates (which cannot be stored as UTF-8 and would come
 * back changed).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, fieldError } from '../core/errors.js';

/** The JSON Pointer of the first string (or key) that is not well-formed Unicode, if any. */
function findMalformedText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path || '/';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findMalformedText(value[i], `${path}/${i}`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!k.isWellFormed()) return at;
      const hit = findMalformedText(v, at);
      if (hit) return hit;
    }
  }
  return undefined;
}

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
