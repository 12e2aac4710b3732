/** The synthetic-city generator: deterministic from its seed, valid plugins, loadable through the services. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rollup } from '../../schemas/types.js';
import { loadSyntheticCity, syntheticPlans, writeSyntheticPlugins } from '../../server/services/synthetic-city.js';
import { client, testApp } from '../helpers/app.js';

const spec = { wards: 3, years: 2, rows: 10, seed: 42, firstYear: 2026 };

describe('synthetic city', () => {
  it('is the same for the same seed and different for another', () => {
    expect(syntheticPlans(spec)).toEqual(syntheticPlans(spec));
    expect(syntheticPlans({ ...spec, seed: 43 })).not.toEqual(syntheticPlans(spec));
    expect(syntheticPlans(spec)).toHaveLength(6);
  });

  it('loads into a database through the services and rolls up every ward', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'council-synthetic-'));
    writeSyntheticPlugins(dir, spec);
    const app = await testApp({ pluginsDir: dir, users: false });
    try {
      const result = await loadSyntheticCity({ db: app.db, plugins: app.plugins, actor: null, now: new Date().toISOString() }, spec, 'synthetic-password-1');
      const expected = syntheticPlans(spec).reduce((n, p) => n + p.records.length, 0);
      expect(result).toEqual({ plans: 6, records: expected });
      expect(Number((await app.db.selectFrom('progress').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(expected);
      const chair = await client(app, 'chair');
      const res = await chair.get('/api/rollup?fiscalYear=2027&asOf=2028-03');
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Rollup).wards).toHaveLength(3);
    } finally {
      await app.close();
    }
  }, 60_000);
});
