/**
 * Issue 8, item 10: the OpenAPI document at /api/docs/json is valid for a standard validator
 * (@seriousme/openapi-schema-validator, which checks it against the OpenAPI 3.0 schema and resolves its
 * references) and no `$ref` points nowhere — client generators failed on 12 dangling ones. The docs page
 * works on a plain-HTTP intranet: its policy does not upgrade requests to https nor allow outside hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { testApp } from '../helpers/app.js';
import { danglingRefs, dropUnsupportedKeywords, repairOpenApiRefs } from '../../server/http/openapi-refs.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ users: false });
});
afterAll(async () => {
  await app.close();
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.0 for a standard validator, and every $ref resolves', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(danglingRefs(doc)).toEqual([]);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // The validator's own dereferencing succeeds too (it throws on a reference it cannot follow).
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('describes every route with the request and response schemas, parameters included', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string; schema: { $ref?: string } }[] }>> };
    expect(doc.paths['/api/plans/{id}/progress']?.post?.requestBody).toBeDefined();
    const params = doc.paths['/api/plans']?.get?.parameters ?? [];
    expect(params.map((p) => p.name).sort()).toEqual(['fiscalYear', 'ward']);
  });
});

describe('dropUnsupportedKeywords', () => {
  it('removes JSON Schema keywords OpenAPI 3.0 lacks, but not properties that happen to bear their names', () => {
    const doc = { components: { schemas: { a: { type: 'object', propertyNames: { pattern: 'x' }, properties: { if: { type: 'string' }, b: { type: 'object', patternProperties: { x: {} } } } } } } };
    dropUnsupportedKeywords(doc);
    expect(doc).toEqual({ components: { schemas: { a: { type: 'object', properties: { if: { type: 'string' }, b: { type: 'object' } } } } } });
  });
});

describe('repairOpenApiRefs', () => {
  it('points the references @fastify/swagger leaves dangling at the hoisted components', () => {
    const doc = {
      components: { schemas: { 'common_schema-slug': { type: 'string' }, 'plan_schema-plan': { type: 'object' } } },
      paths: {
        a: { $ref: '#/components/schemas/common_schema/components/schemas/slug' },
        b: { $ref: '#/components/schemas/plan_schema/definitions/plan' },
        c: { $ref: '#/components/schemas/nowhere/definitions/x' },
      },
    };
    repairOpenApiRefs(doc);
    expect(doc.paths.a.$ref).toBe('#/components/schemas/common_schema-slug');
    expect(doc.paths.b.$ref).toBe('#/components/schemas/plan_schema-plan');
    expect(danglingRefs(doc)).toEqual(['#/components/schemas/nowhere/definitions/x']);
  });
});

describe('the docs page', () => {
  it('has a policy without upgrade-insecure-requests and without outside hosts', async () => {
    for (const url of ['/api/docs/', '/api/docs/static/index.html', '/api/docs/static/swagger-initializer.js']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).not.toMatch(/upgrade-insecure-requests/i);
      expect(csp, url).not.toMatch(/https:|validator\.swagger\.io/);
    }
  });

  it('turns off the validator badge (which would call validator.swagger.io)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/"validatorUrl":\s*null/);
  });
});
