/**
 * Turns Ajv's errors into field errors a person can act on, in English and Japanese.
 * Ajv reports one error per failed keyword (and for anyOf, one per branch); we keep the most useful
 * one per field so that "months[1]: must be between 1 and 12" is not buried under schema noise.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../../schemas/types.js';
import { fieldError } from './errors.js';

const TYPE_JA: Record<string, string> = {
  string: '文字列',
  integer: '整数',
  number: '数値',
  boolean: '真偽値(true/false)',
  array: '配列',
  object: 'オブジェクト',
  null: 'null',
};

const MAX_REPORTED = 50;

function describe(e: ErrorObject): { en: string; ja: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { en: 'is required', ja: '必須項目です' };
    case 'additionalProperties':
      return { en: 'is not a known field', ja: '不明な項目です' };
    case 'type': {
      const types = String(p.type).split(',');
      return {
        en: `must be ${types.join(' or ')}`,
        ja: `${types.map((t) => TYPE_JA[t] ?? t).join('または')}で指定してください`,
      };
    }
    case 'minLength':
      return Number(p.limit) <= 1
        ? { en: 'must not be empty', ja: '空にはできません' }
        : { en: `must be at least ${p.limit} characters`, ja: `${p.limit}文字以上で入力してください` };
    case 'maxLength':
      return { en: `must be at most ${p.limit} characters`, ja: `${p.limit}文字以内で入力してください` };
    case 'pattern':
      return p.pattern === '\\S'
        ? { en: 'must not be blank', ja: '空白だけにはできません' }
        : { en: `has an invalid format (expected ${p.pattern})`, ja: `形式が正しくありません(${p.pattern})` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { en: `must be ${p.comparison} ${p.limit}`, ja: `${p.limit}${e.keyword === 'minimum' ? '以上' : 'より大きい値'}にしてください` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { en: `must be ${p.comparison} ${p.limit}`, ja: `${p.limit}${e.keyword === 'maximum' ? '以下' : '未満'}にしてください` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { en: `must be one of ${allowed}`, ja: `次のいずれかを指定してください: ${allowed}` };
    }
    case 'const':
      return { en: `must be ${JSON.stringify(p.allowedValue)}`, ja: `${JSON.stringify(p.allowedValue)} を指定してください` };
    case 'uniqueItems':
      return {
        en: `must not contain duplicates (items ${p.j} and ${p.i} are the same)`,
        ja: `重複があります(${Number(p.j) + 1}番目と${Number(p.i) + 1}番目が同じです)`,
      };
    case 'minItems':
      return { en: `must have at least ${p.limit} items`, ja: `${p.limit}件以上必要です` };
    case 'maxItems':
      return { en: `must have at most ${p.limit} items`, ja: `${p.limit}件以内にしてください` };
    case 'minProperties':
      return { en: `must have at least ${p.limit} fields`, ja: `${p.limit}項目以上必要です` };
    case 'maxProperties':
      return { en: `must have at most ${p.limit} fields`, ja: `${p.limit}項目以内にしてください` };
    case 'format':
      if (p.format === 'date') return { en: 'must be a date (YYYY-MM-DD)', ja: '日付(YYYY-MM-DD)で入力してください' };
      if (p.format === 'date-time') return { en: 'must be a date and time (ISO 8601)', ja: '日時(ISO 8601)で入力してください' };
      return { en: `must be a valid ${p.format}`, ja: `${p.format} の形式で入力してください` };
    case 'propertyNames':
      return { en: 'has an invalid field name', ja: '項目名が正しくありません' };
    case 'anyOf':
    case 'oneOf':
      return { en: 'does not match any allowed form', ja: '許されている形式のどれにも当てはまりません' };
    default:
      return { en: e.message ?? 'is invalid', ja: '値が正しくありません' };
  }
}

/** Where an error points: for required/additionalProperties, at the property itself. */
function pointerOf(e: ErrorObject, prefix: string): string {
  const p = e.params as Record<string, unknown>;
  let path = e.instancePath;
  if (e.keyword === 'required') path += `/${escapePointer(String(p.missingProperty))}`;
  if (e.keyword === 'additionalProperties') path += `/${escapePointer(String(p.additionalProperty))}`;
  if (e.keyword === 'uniqueItems') path += `/${p.i}`;
  return prefix + path;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Ajv errors → field errors. `prefix` is put before every pointer ("" for a body, "/query" for a query
 * string…). Composite errors (anyOf/oneOf) are dropped when a more precise error names the same field, and
 * type errors of the branches of one anyOf are merged ("must be string or null").
 */
export function toFieldErrors(ajvErrors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  if (!ajvErrors?.length) return [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of ajvErrors) {
    const key = pointerOf(e, prefix);
    const list = byPath.get(key) ?? [];
    list.push(e);
    byPath.set(key, list);
  }
  const out: FieldError[] = [];
  for (const [path, list] of byPath) {
    const empty = list.some((e) => e.keyword === 'minLength' && Number((e.params as { limit: number }).limit) <= 1);
    // An empty text also fails the "not blank" pattern: one message ("must not be empty") is enough.
    const precise = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if' && !(empty && e.keyword === 'pattern' && (e.params as { pattern: string }).pattern === '\\S'));
    const chosen = precise.length ? precise : list;
    const typeErrors = chosen.filter((e) => e.keyword === 'type');
    const others = chosen.filter((e) => e.keyword !== 'type');
    if (others.length) {
      // A value of the right type with a wrong value: report the value problem(s), not the other branch's type.
      for (const e of others) {
        const m = describe(e);
        out.push(fieldError(path, m.en, m.ja));
      }
    } else if (typeErrors.length) {
      const types = [...new Set(typeErrors.flatMap((e) => String((e.params as { type: string }).type).split(',')))];
      const m = describe({ ...typeErrors[0]!, params: { type: types.join(',') } });
      out.push(fieldError(path, m.en, m.ja));
    }
    if (out.length >= MAX_REPORTED) break;
  }
  const unique = out.filter((f, i) => out.findIndex((g) => g.path === f.path && g.message === f.message) === i);
  return dropAncestors(unique).slice(0, MAX_REPORTED);
}

/** An error on /a is noise when /a/b has a precise one (Ajv reports both for anyOf with nested failures). */
function dropAncestors(list: FieldError[]): FieldError[] {
  return list.filter(
    (f) =>
      !(
        f.message === 'does not match any allowed form' &&
        list.some((g) => g !== f && g.path.startsWith(`${f.path}/`))
      ),
  );
}
