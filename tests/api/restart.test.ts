import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/types.js';
import { client, demoPlan, testApp } from '../helpers/app.js';

describe('persistence', () => {
  it('keeps everything saved across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'council-restart-')), 'council.sqlite');
    const first = await testApp({ config: { database: { kind: 'sqlite', file } } });
    const admin = await client(first, 'admin');
    const created = (await admin.post('/api/plans', demoPlan('miyagino'))).json() as Plan;
    const saved = (await admin.put(`/api/plans/${created.id}`, { ...created, notes: '再起動後も残ること' })).json() as Plan;
    const rec = await admin.put(`/api/plans/${created.id}/progress/r6/4`, { status: 'done', heldOn: '2026-04-20', attendance: 4, note: '', extra: { rotaOffice: '事業所A', questionsSharedInAdvance: true } });
    expect(rec.statusCode, rec.body).toBe(200);
    await first.close();

    const second = await testApp({ config: { database: { kind: 'sqlite', file } }, users: false });
    const again = await client(second, 'admin');
    const read = (await again.get(`/api/plans/${created.id}`)).json() as Plan;
    expect(read).toEqual(saved);
    const progress = (await again.get(`/api/plans/${created.id}/progress`)).json() as { records: { status: string; extra: unknown }[] };
    expect(progress.records).toHaveLength(1);
    expect(progress.records[0]!.extra).toEqual({ rotaOffice: '事業所A', questionsSharedInAdvance: true });
    const history = (await again.get(`/api/plans/${created.id}/history`)).json() as unknown[];
    expect(history).toHaveLength(2);
    await second.close();
  });
});
