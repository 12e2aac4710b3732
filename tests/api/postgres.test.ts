/**
 * The same Kysely code on PostgreSQL: plans, conflicts, progress and the roll-up behave exactly as on the
 * embedded SQLite database, including under truly concurrent transactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Office, Plan, Rollup } from '../../schemas/types.js';
import { buildApp } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { client, demoPlan, testApp } from '../helpers/app.js';
import { freshDatabase, postgresUnavailable } from '../helpers/postgres.js';

const unavailable = await postgresUnavailable();

describe.skipIf(unavailable)('on PostgreSQL', () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    app = await testApp({ config: { database: { kind: 'postgres', url: db.url } } });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('stores a plan losslessly and refuses a stale version with 409, leaving it unchanged', async () => {
    const admin = await client(app, 'admin');
    const fixture = demoPlan('miyagino');
    const created = (await admin.post('/api/plans', fixture)).json() as Plan;
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, sourcePlanId, approvedVersion, changedSinceApproval, ...content } = (await admin.get(`/api/plans/${created.id}`)).json() as Plan;
    expect(content).toEqual(fixture);
    expect([sourcePlanId, approvedVersion, changedSinceApproval]).toEqual([null, 1, false]);
    const saved = (await admin.put(`/api/plans/${created.id}`, { ...created, notes: 'first' })).json() as Plan;
    const stale = await admin.put(`/api/plans/${created.id}`, { ...created, notes: 'second' });
    expect(stale.statusCode).toBe(409);
    expect((await admin.get(`/api/plans/${created.id}`)).json()).toEqual(saved);
    expect((await admin.post('/api/plans', fixture)).statusCode).toBe(409);
  });

  it('applies or refuses concurrent saves, one winner per version, journal exact', async () => {
    const admin = await client(app, 'admin');
    const plan = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;
    const clients = await Promise.all(['admin', 'aoba', 'aoba', 'admin'].map((u) => client(app, u)));
    const results = await Promise.all(
      clients.flatMap((c, k) => [0, 1, 2].map(async (round) => {
        const current = (await c.get(`/api/plans/${plan.id}`)).json() as Plan;
        const res = await c.put(`/api/plans/${plan.id}`, { ...current, notes: `c${k} r${round}` });
        return { status: res.statusCode, version: res.statusCode === 200 ? (res.json() as Plan).version : 0 };
      })),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const applied = results.filter((r) => r.status === 200).map((r) => r.version).sort((a, b) => a - b);
    expect(applied).toEqual(applied.map((_, i) => i + 2));
    const journal = await app.db.selectFrom('journal').select('id').where('entity_id', '=', plan.id).where('action', '=', 'update').execute();
    expect(journal).toHaveLength(applied.length);
  });

  it('answers 409, not 500, when two people create the same progress record at once', async () => {
    const admin = await client(app, 'admin');
    const plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    const izumi = await client(app, 'izumi');
    const both = await Promise.all([admin.put(`/api/plans/${plan.id}/progress/r1/6`, { status: 'done' }), izumi.put(`/api/plans/${plan.id}/progress/r1/6`, { status: 'partial' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });
});

describe.skipIf(unavailable)('the demo city on PostgreSQL and on SQLite', () => {
  it('rolls up to exactly the same figures', async () => {
    const db = await freshDatabase();
    const make = (database: ReturnType<typeof configFromEnv>['database']) =>
      buildApp({ config: { ...configFromEnv({ DATA_DIR: '/tmp/council-unused', WEB_DIR: '/tmp/council-unused' }), database }, announce: () => undefined });
    const pgApp = await make({ kind: 'postgres', url: db.url });
    const sqliteApp = await make({ kind: 'sqlite', file: ':memory:' });
    try {
      await Promise.all([pgApp.ready(), sqliteApp.ready()]);
      // Office ids are random per database too: the network figures are compared by office name.
      const read = async (a: FastifyInstance) => {
        const chair = await client(a, 'chair');
        const names = new Map(((await chair.get('/api/offices')).json() as { offices: Office[] }).offices.map((o) => [o.id, `${o.wardId}/${o.name}`]));
        const r = (await chair.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json() as Rollup;
        const name = (id: string) => names.get(id) ?? id;
        return {
          ...r,
          wards: r.wards.map((w) => ({
            ...w,
            participation: w.participation && { ...w.participation, neverReached: w.participation.neverReached.map(name).sort(), newOffices: w.participation.newOffices.map((n) => ({ ...n, officeId: name(n.officeId) })) },
            coverage: w.coverage && { ...w.coverage, notVisited: w.coverage.notVisited.map(name).sort() },
          })),
        };
      };
      const [onPg, onSqlite] = await Promise.all([read(pgApp), read(sqliteApp)]);
      expect(onPg.city.due).toBeGreaterThan(0);
      expect(onPg.wards.find((w) => w.wardId === 'izumi')!.participation!.open).toBe(31);
      // plan ids are random per database; everything else must be identical
      const withoutIds = (r: Rollup) => ({ ...r, wards: r.wards.map((w) => ({ ...w, planId: w.planId ? 'plan' : null })) });
      expect(withoutIds(onPg)).toEqual(withoutIds(onSqlite));
      // The public calendar (fixed meeting dates through the same code) is identical too.
      const calendar = async (a: FastifyInstance) => (await a.inject({ url: '/api/calendar?fiscalYear=2026' })).json();
      expect(await calendar(pgApp)).toEqual(await calendar(sqliteApp));
    } finally {
      await pgApp.close();
      await sqliteApp.close();
      await db.drop();
    }
  }, 60_000);
});
