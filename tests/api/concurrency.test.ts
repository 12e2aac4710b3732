/**
 * Many clients save the same plan at once over real HTTP. Every write must be either applied (200) or
 * refused (409); the stored plan must equal the last applied write; the journal must hold exactly the
 * applied writes, no more, no fewer.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/types.js';
import { client, demoPlan, testApp } from '../helpers/app.js';

describe('conflicting writes', () => {
  it('apply or answer 409, never both, never lost', async () => {
    const app = await testApp();
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${address.port}`;
      const admin = await client(app, 'admin');
      const plan = (await admin.post('/api/plans', demoPlan('aoba'))).json() as Plan;

      const sessions = await Promise.all(['admin', 'aoba', 'aoba', 'aoba', 'admin', 'aoba'].map((u) => client(app, u)));
      const applied: { notes: string; version: number }[] = [];
      let refused = 0;
      const other: number[] = [];

      async function worker(k: number): Promise<void> {
        const s = sessions[k]!;
        const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
        for (let round = 0; round < 12; round++) {
          const current = (await (await fetch(`${base}/api/plans/${plan.id}`, { headers })).json()) as Plan;
          const notes = `client ${k} round ${round}`;
          // Half the time, wait a moment so that others overtake and this write becomes stale.
          if ((k + round) % 2 === 0) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)));
          const res = await fetch(`${base}/api/plans/${plan.id}`, { method: 'PUT', headers, body: JSON.stringify({ ...current, notes }) });
          if (res.status === 200) applied.push({ notes, version: ((await res.json()) as Plan).version });
          else if (res.status === 409) {
            const body = (await res.json()) as { code: string; current: Plan };
            expect(body.code).toBe('VERSION_CONFLICT');
            expect(body.current.version).toBeGreaterThan(current.version);
            refused++;
          } else other.push(res.status);
        }
      }
      await Promise.all(sessions.map((_, k) => worker(k)));

      expect(other).toEqual([]);
      expect(applied.length + refused).toBe(6 * 12);
      expect(refused).toBeGreaterThan(0);
      expect(applied.length).toBeGreaterThan(0);
      // versions of applied writes are exactly 2, 3, … in some order: no two writes won the same version
      expect(applied.map((a) => a.version).sort((a, b) => a - b)).toEqual(applied.map((_, i) => i + 2));

      const last = applied.reduce((a, b) => (b.version > a.version ? b : a));
      const stored = (await admin.get(`/api/plans/${plan.id}`)).json() as Plan;
      expect(stored.version).toBe(last.version);
      expect(stored.notes).toBe(last.notes);

      const journal = await app.db.selectFrom('journal').select(['after', 'version', 'action']).where('entity', '=', 'plan').where('entity_id', '=', plan.id).where('action', '=', 'update').execute();
      expect(journal).toHaveLength(applied.length);
      const journalled = journal.map((j) => ({ notes: (JSON.parse(j.after!) as Plan).notes, version: j.version }));
      expect(journalled.sort((a, b) => a.version! - b.version!)).toEqual([...applied].sort((a, b) => a.version - b.version));
    } finally {
      await app.close();
    }
  });
});
