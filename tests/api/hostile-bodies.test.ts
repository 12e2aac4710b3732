/**
 * Issue 8, item 1: bodies within the size limit that used to hold the event loop for seconds to minutes
 * (40,000 empty progress records: 15–45 s; 20,000 empty schedule rows: 8 s) are refused by the size
 * pre-check with a clear error, and the stored data is unchanged. Nothing here measures time (see
 * bench/hostile-bodies.ts for the figures); on the old code these requests do not answer within the
 * test timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ApiError, Plan } from '../../schemas/types.js';
import { type Client, client, demoPlan, testApp } from '../helpers/app.js';

let app: FastifyInstance;
let aoba: Client;
let admin: Client;
let plan: Plan;

beforeAll(async () => {
  app = await testApp();
  aoba = await client(app, 'aoba');
  admin = await client(app, 'admin');
  const res = await aoba.post('/api/plans', { ...demoPlan('aoba'), status: 'draft' });
  expect(res.statusCode).toBe(201);
  plan = res.json() as Plan;
});
afterAll(async () => {
  await app.close();
});

function refused(res: { statusCode: number; json(): unknown }, code: string): ApiError {
  expect(res.statusCode).toBe(400);
  const body = res.json() as ApiError;
  expect(body.code).toBe(code);
  return body;
}

describe('hostile bodies within the size limit', () => {
  it('refuses 40,000 empty progress records at once, naming records and the limit (ja/en)', async () => {
    const body = refused(await aoba.post(`/api/plans/${plan.id}/progress`, { records: Array.from({ length: 40_000 }, () => ({})) }), 'VALIDATION_FAILED');
    expect(body.fields).toEqual([{ path: '/records', field: 'records', message: 'must have at most 500 items', messageJa: '500件以内にしてください' }]);
    expect(body.message).toContain('records: must have at most 500 items');
    expect((await aoba.get(`/api/plans/${plan.id}/progress`)).json()).toMatchObject({ records: [] });
  });

  it('refuses a plan with 20,000 empty schedule rows, and the plan stays as it was', async () => {
    const body = refused(await aoba.put(`/api/plans/${plan.id}`, { ...plan, schedule: Array.from({ length: 20_000 }, () => ({})) }), 'VALIDATION_FAILED');
    // One finding: the rows were not validated one by one (which is what took seconds).
    expect(body.fields).toHaveLength(1);
    expect(body.fields?.[0]).toMatchObject({ path: '/schedule', messageJa: '200件以内にしてください' });
    expect((await aoba.get(`/api/plans/${plan.id}`)).json()).toEqual(plan);
  });

  it('names at most 50 of 900 unknown fields, and refuses an object of 95,000 fields before parsing it', async () => {
    const many = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`k${i}`, 0]));
    const body = refused(await admin.post('/api/users', { username: 'x1', displayName: 'x', role: 'viewer', password: 'a-long-password', ...many }), 'VALIDATION_FAILED');
    expect(body.fields).toHaveLength(50);
    expect(body.fields?.[0]).toMatchObject({ path: '/k0', message: 'is not a known field' });
    const wide = Object.fromEntries(Array.from({ length: 95_000 }, (_, i) => [`k${i}`, 0]));
    expect(refused(await admin.post('/api/users', wide), 'BODY_TOO_COMPLEX').message).toContain('more than 1,000 fields');
  });

  it('refuses a body nested 500,000 levels deep with its own code, before parsing it', async () => {
    const deep = '['.repeat(500_000) + ']'.repeat(500_000);
    const body = refused(await aoba.post(`/api/plans/${plan.id}/escalations`, `{"issueId":"i1","note":${deep}}`), 'BODY_TOO_DEEP');
    expect(body.messageJa).toContain('入れ子');
  });

  it('refuses 1 MiB of empty records (349,000 values) before parsing it', async () => {
    const body = refused(await aoba.post(`/api/plans/${plan.id}/progress`, `{"records":[${Array.from({ length: 349_000 }, () => '{}').join(',')}]}`), 'BODY_TOO_COMPLEX');
    expect(body.message).toContain('100,000');
    expect(body.messageJa).toContain('項目数');
  });

  it('still finds a lone surrogate, and names its field', async () => {
    const body = refused(await aoba.post(`/api/plans/${plan.id}/comments`, '{"body":"ok \\ud800 broken"}'), 'INVALID_TEXT');
    expect(body.fields?.[0]).toMatchObject({ path: '/body' });
  });

  it('still reports every field of a body within the limits', async () => {
    const body = refused(await aoba.post(`/api/plans/${plan.id}/progress`, { records: [{ rowId: 'r1', month: 13 }, { month: 4, status: 'done' }] }), 'VALIDATION_FAILED');
    expect(body.fields?.map((f) => f.path).sort()).toEqual(['/records/0/month', '/records/0/status', '/records/1/rowId']);
  });
});
