/**
 * The size pre-check in front of Ajv (server/validation/limits.ts): a body over a schema's size limits is
 * refused by it — with the field, the limit and the usual ja/en message — and never reaches Ajv's deep
 * validation, whose cost grows with the square of an array's length. No timing here: what is asserted is
 * that the expensive step is not run, and how many findings come back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Validate, boundedValidator, compileLimitCheck, MAX_AJV_ERRORS, MAX_LIMIT_ERRORS } from '../../server/validation/limits.js';
import { schemaRegistry, sharedAjv } from '../../server/validation/schemas.js';
import { toFieldErrors } from '../../server/core/validation-messages.js';
import { MAX_BODY_DEPTH, MAX_BODY_VALUES, MAX_OBJECT_FIELDS, jsonShape } from '../../server/http/json-body.js';

const registry = schemaRegistry();
const batch = { $ref: 'progress.schema.json#/definitions/progressBatch' };
const planUpdate = { $ref: 'plan.schema.json#/definitions/planUpdate' };

/** Ajv's validator for `schema`, with a count of how often it ran. */
function countingCompile() {
  const runs = { count: 0 };
  const compile = (schema: unknown): Validate => {
    const ajvValidate = sharedAjv('body').compile(schema as object);
    const v: Validate = (data) => {
      runs.count++;
      const ok = ajvValidate(data) as boolean;
      v.errors = ajvValidate.errors;
      return ok;
    };
    return v;
  };
  return { runs, compile };
}

describe('the size pre-check', () => {
  it('refuses 40,000 empty progress records without running Ajv, naming records and the limit', () => {
    const { runs, compile } = countingCompile();
    const validate = boundedValidator(compile, batch, registry);
    expect(validate({ records: Array.from({ length: 40_000 }, () => ({})) })).toBe(false);
    expect(runs.count).toBe(0);
    expect(validate.errors).toHaveLength(1);
    expect(toFieldErrors(validate.errors)).toEqual([
      { path: '/records', field: 'records', message: 'must have at most 500 items', messageJa: '500件以内にしてください' },
    ]);
  });

  it('lets a body within the limits through to Ajv, which then reports every field as before', () => {
    const { runs, compile } = countingCompile();
    const validate = boundedValidator(compile, batch, registry);
    expect(validate({ records: [{ rowId: 'r1', month: 4, status: 'done' }] })).toBe(true);
    expect(validate({ records: [{ rowId: 'r1', month: 13 }] })).toBe(false);
    expect(runs.count).toBe(2);
    expect(toFieldErrors(validate.errors).map((f) => f.path).sort()).toEqual(['/records/0/month', '/records/0/status']);
  });

  it('refuses 20,000 schedule rows of a plan, and a months list over twelve inside a row', () => {
    const check = compileLimitCheck(planUpdate, registry);
    expect(toFieldErrors(check({ schedule: Array.from({ length: 20_000 }, () => ({})) }))[0]).toMatchObject({ path: '/schedule', message: 'must have at most 200 items' });
    const row = { id: 'r', title: 't', timing: 'months', months: Array.from({ length: 5000 }, () => 4) };
    expect(toFieldErrors(check({ schedule: [row] }))[0]).toMatchObject({ path: '/schedule/0/months', message: 'must have at most 12 items' });
    // Nested arrays: actions of an issue.
    const issue = { id: 'i', problem: 'p', remarks: '', actions: Array.from({ length: 31 }, () => ({ text: 'a' })) };
    expect(toFieldErrors(check({ issues: [issue] }))[0]).toMatchObject({ path: '/issues/0/actions', messageJa: '30件以内にしてください' });
  });

  it('passes on at most MAX_AJV_ERRORS errors of a body within the limits but wrong everywhere', () => {
    const { runs, compile } = countingCompile();
    const validate = boundedValidator(compile, batch, registry);
    const bad = { rowId: '!', month: 13, status: 'x', heldOn: 'not-a-date', attendance: -1, note: 1, extra: [], version: 0 };
    expect(validate({ records: Array.from({ length: 500 }, () => bad) })).toBe(false);
    expect(runs.count).toBe(1);
    expect(validate.errors).toHaveLength(MAX_AJV_ERRORS);
    expect(toFieldErrors(validate.errors)).toHaveLength(50);
    expect(toFieldErrors(validate.errors)[0]).toMatchObject({ path: '/records/0/rowId' });
  });

  it('names at most MAX_LIMIT_ERRORS of 100,000 unknown fields', () => {
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`x${i}`, 1]));
    const { runs, compile } = countingCompile();
    const validate = boundedValidator(compile, batch, registry);
    expect(validate({ records: [{ rowId: 'r1', month: 4, status: 'done', ...many }] })).toBe(false);
    expect(runs.count).toBe(0);
    expect(validate.errors).toHaveLength(MAX_LIMIT_ERRORS);
    expect(toFieldErrors(validate.errors)[0]).toMatchObject({ path: '/records/0/x0', message: 'is not a known field' });
  });

  it('checks maxProperties and maxLength (counting characters as Ajv does, a surrogate pair as one)', () => {
    const check = compileLimitCheck(batch, registry);
    const extra = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i]));
    expect(toFieldErrors(check({ records: [{ rowId: 'r', month: 4, status: 'done', extra }] }))[0]).toMatchObject({ path: '/records/0/extra', message: 'must have at most 50 fields' });
    expect(check({ records: [{ rowId: 'r', month: 4, status: 'done', note: '𠮷'.repeat(2000) }] })).toEqual([]);
    expect(toFieldErrors(check({ records: [{ rowId: 'r', month: 4, status: 'done', note: 'a'.repeat(2001) }] }))[0]).toMatchObject({ path: '/records/0/note', message: 'must be at most 2000 characters' });
  });

  it('follows the one anyOf branch a value can belong to', () => {
    const check = compileLimitCheck(batch, registry);
    const long = 'x'.repeat(100_000);
    expect(toFieldErrors(check({ records: [{ heldOn: long }] }))[0]).toMatchObject({ path: '/records/0/heldOn', message: 'must be at most 32 characters' });
    expect(check({ records: [{ heldOn: null, attendance: 3 }] })).toEqual([]);
    expect(toFieldErrors(compileLimitCheck(planUpdate, registry)({ createdAt: long }))[0]).toMatchObject({ path: '/createdAt' });
  });

  it('resolves local references of an inline route schema', () => {
    const schema = { type: 'object', definitions: { list: { type: 'array', maxItems: 2 } }, properties: { a: { $ref: '#/definitions/list' } } };
    expect(compileLimitCheck(schema, registry)({ a: [1, 2, 3] })).toMatchObject([{ keyword: 'maxItems', instancePath: '/a' }]);
  });
});

describe('the size pre-check never refuses what Ajv accepts', () => {
  it('holds for random progress batches and plans near their limits', () => {
    const ajv = sharedAjv('body');
    const field = fc.oneof(fc.constant('rowId'), fc.constant('month'), fc.constant('status'), fc.constant('note'), fc.constant('extra'), fc.constant('heldOn'), fc.string({ maxLength: 3 }));
    const value = fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constantFrom('done', 'r1', '2026-10-01', null), fc.string({ maxLength: 2100 }).map((s) => s.repeat(1 + (s.length % 3))), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 60 }));
    const record = fc.dictionary(field, value, { maxKeys: 10 });
    const cases: [unknown, fc.Arbitrary<unknown>][] = [
      [batch, fc.record({ records: fc.array(record, { maxLength: 520 }) })],
      [planUpdate, fc.record({ schedule: fc.array(fc.record({ id: fc.constant('r1'), title: fc.string(), timing: fc.constant('months'), months: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 14 }) }), { maxLength: 205 }), title: fc.string({ maxLength: 320 }) })],
    ];
    for (const [schema, arbitrary] of cases) {
      const check = compileLimitCheck(schema, registry);
      const validate = ajv.compile(schema as object);
      fc.assert(
        fc.property(arbitrary, (data) => {
          if (check(data).length) expect(validate(data)).toBe(false);
        }),
        { numRuns: 150, seed: 8 },
      );
    }
  });
});

describe('the shape check of the JSON body parser', () => {
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  const limits = { depth: 100, values: 1000, fields: 1000 };
  const real = { depth: MAX_BODY_DEPTH, values: MAX_BODY_VALUES, fields: MAX_OBJECT_FIELDS };
  it('counts brackets, commas and colons outside strings only', () => {
    expect(jsonShape(bytes('{"a":[{"b":"[[[[{{{,,,:::"}]}'), limits)).toEqual({ depth: 3, values: 4, widest: 1 });
    expect(jsonShape(bytes('"\\"[[[,:"'), limits)).toEqual({ depth: 0, values: 1, widest: 0 });
    expect(jsonShape(bytes('[1,2,3]'), limits)).toEqual({ depth: 1, values: 4, widest: 0 });
    // Fields are counted per object: two objects of two fields each are two wide, not four.
    expect(jsonShape(bytes('[{"a":1,"b":{"c":1,"d":2}},{"e":1,"f":2}]'), limits)).toMatchObject({ widest: 2 });
  });
  it('stops counting past a limit', () => {
    expect(jsonShape(bytes('['.repeat(500_000)), real).depth).toBe(MAX_BODY_DEPTH + 1);
    expect(jsonShape(bytes(`[${'0,'.repeat(500_000)}0]`), real).values).toBe(MAX_BODY_VALUES + 1);
    expect(jsonShape(bytes(`{${Array.from({ length: 5000 }, (_, i) => `"k${i}":0`).join(',')}}`), real).widest).toBe(MAX_OBJECT_FIELDS + 1);
  });
});
