/** The demo network: the registry sizes the seeds give, and attendance that reproduces 泉区's recorded figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Office, ProgressBatchItem, Rollup } from '../../schemas/types.js';
import { isOpenOn } from '../../server/core/offices.js';
import { createPlan } from '../../server/services/plans.js';
import { saveProgress } from '../../server/services/progress.js';
import { loadNetworkDemo } from '../../server/services/network-demo.js';
import { PLUGINS_DIR, WARD_IDS, client, demoPlan, testApp } from '../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  // The demo's plans and records as the first start loads them (without its deliberately slow demo users).
  app = await testApp();
  const ctx = { db: app.db, plugins: app.plugins, actor: null, now: new Date().toISOString() };
  for (const w of WARD_IDS) {
    const plan = await createPlan(ctx, demoPlan(w));
    const records = (JSON.parse(readFileSync(join(PLUGINS_DIR, w, 'demo', 'progress-2026.json'), 'utf8')) as { records: ProgressBatchItem[] }).records;
    await saveProgress(ctx, plan.id, records, (i) => `/records/${i}`);
  }
  await loadNetworkDemo(ctx);
});
afterAll(async () => app.close());

describe('demo network', () => {
  it('has the designated offices the seeds count at the start of R8, some one-person, some new, one closed during the year', async () => {
    const viewer = await client(app, 'viewer');
    const offices = (await viewer.get('/api/offices?on=2026-10-01')).json().offices as Office[];
    const designatedAt = (ward: string, date: string) => offices.filter((o) => o.wardId === ward && o.kind === 'designated' && isOpenOn(o, date)).length;
    expect([designatedAt('aoba', '2026-04-01'), designatedAt('wakabayashi', '2026-04-01'), designatedAt('taihaku', '2026-04-01')]).toEqual([16, 9, 14]);
    expect(offices.some((o) => o.onePerson)).toBe(true);
    expect(offices.filter((o) => o.isNew).length).toBeGreaterThanOrEqual(4);
    expect(offices.filter((o) => o.closedOn && o.closedOn >= '2026-04-01' && o.closedOn <= '2027-03-31')).toHaveLength(1);
  });

  it("reproduces 泉区's participation figures from attendance (17/30, 16/30, 18/31)", async () => {
    const viewer = await client(app, 'viewer');
    const rollup = (await viewer.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json() as Rollup;
    const izumi = rollup.wards.find((w) => w.wardId === 'izumi')!;
    const metric = izumi.metrics.find((m) => m.metricId === 'participation-rate')!;
    expect(metric.perMeeting.map((m) => [m.month, m.numerator, m.denominator])).toEqual([[7, 17, 30], [8, 16, 30], [9, 18, 31]]);
    expect(metric.value).toBeCloseTo(51 / 91, 3);
    expect(izumi.participation!.open).toBe(31);
    expect(izumi.participation!.meetings.map((m) => [m.attended, m.open])).toEqual([[17, 30], [16, 30], [18, 31]]);
    expect(izumi.participation!.neverReached.length).toBe(31 - izumi.participation!.attended - 0);
    for (const w of rollup.wards) expect(w.participation, w.wardId).toBeDefined();
  });

  it('publishes the fixed meeting dates and fills the board', async () => {
    const cal = (await app.inject({ url: '/api/calendar?fiscalYear=2026&ward=taihaku' })).json();
    expect(cal.events.filter((e: { date: string | null }) => e.date).length).toBeGreaterThanOrEqual(9);
    const viewer = await client(app, 'viewer');
    const board = (await viewer.get('/api/offices/availability?on=2026-10-01')).json();
    expect(board.offices.filter((o: { newCases: string | null }) => o.newCases).length).toBeGreaterThan(20);
    expect(board.offices.some((o: { stale: boolean }) => o.stale)).toBe(true);
  });
});
