import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/types.js';
import { checkBackup, restoreBackup, RestoreError } from '../../server/db/restore.js';
import { ROOT, client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

describe('backups', () => {
  it('are written online by an administrator and restore to a database holding every record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-backup-'));
    const file = join(dataDir, 'council.sqlite');
    const app = await testApp({ config: { dataDir, database: { kind: 'sqlite', file } } });
    const admin = await client(app, 'admin');
    for (const ward of ['aoba', 'izumi', 'taihaku']) {
      const plan = (await admin.post('/api/plans', demoPlan(ward))).json() as Plan;
      await admin.post(`/api/plans/${plan.id}/progress`, { records: [{ rowId: 'r2', month: 5, status: 'done', note: `${ward} 5月` }] });
      await admin.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i1', note: `${ward} の提起` });
    }
    const expected = await snapshot(app);

    // a write racing with the backup must not break it (the copy is consistent, whichever side it lands)
    const plans = (await admin.get('/api/plans')).json() as Plan[];
    const current = (await admin.get(`/api/plans/${plans[0]!.id}`)).json() as Plan;
    const [backup, racing] = await Promise.all([admin.post('/api/admin/backups'), admin.put(`/api/plans/${current.id}`, { ...current, notes: 'during backup' })]);
    expect(backup.statusCode, backup.body).toBe(201);
    expect(racing.statusCode).toBe(200);
    const name = (backup.json() as { file: string }).file;
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([name]);
    await app.close();

    const restoredDir = mkdtempSync(join(tmpdir(), 'council-restored-'));
    const restoredFile = join(restoredDir, 'council.sqlite');
    expect(checkBackup(join(dataDir, 'backups', name)).plans).toBe(3);
    restoreBackup(join(dataDir, 'backups', name), restoredFile);
    const restored = await testApp({ config: { dataDir: restoredDir, database: { kind: 'sqlite', file: restoredFile } }, users: false });
    try {
      const after = JSON.parse(await snapshot(restored));
      const before = JSON.parse(expected);
      // every record that existed before the backup is there, unchanged (the racing save may or may not be in it)
      for (const table of ['progress', 'escalations', 'users'] as const) expect(after[table]).toEqual(before[table]);
      expect(after.plans.map((p: { id: string }) => p.id)).toEqual(before.plans.map((p: { id: string }) => p.id));
      expect(after.journal.length).toBeGreaterThanOrEqual(before.journal.length);
      expect((await (await client(restored, 'admin')).get('/api/plans')).json()).toHaveLength(3);
    } finally {
      await restored.close();
    }
  });

  it('are written by `npm run backup` from a second process while the app is serving, and `npm run restore` puts one back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-cli-'));
    const file = join(dataDir, 'council.sqlite');
    const app = await testApp({ config: { dataDir, database: { kind: 'sqlite', file } } });
    const admin = await client(app, 'admin');
    await admin.post('/api/plans', demoPlan('wakabayashi'));
    const expected = await snapshot(app);
    const env = { ...process.env, DATA_DIR: dataDir };
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/backup.ts')], { cwd: ROOT, env, encoding: 'utf8' });
    expect(out).toMatch(/backup written/);
    await admin.post('/api/plans', demoPlan('aoba')); // a change after the backup, which the restore must undo
    await app.close();

    const backupFile = join(dataDir, 'backups', readdirSync(join(dataDir, 'backups'))[0]!);
    const restoreOut = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/restore.ts'), backupFile], { cwd: ROOT, env, encoding: 'utf8' });
    expect(restoreOut).toMatch(/restored/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('council.sqlite.before-restore-'))).toBe(true);
    const again = await testApp({ config: { dataDir, database: { kind: 'sqlite', file } }, users: false });
    try {
      expect(await snapshot(again)).toBe(expected);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('refuses to back up a data folder without a database, and makes none there', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-nodb-'));
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/backup.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', stdio: 'pipe' });
    let error: { status?: number; stderr?: string } = {};
    try {
      run();
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.status).toBe(1);
    expect(error.stderr).toMatch(/No database at .*council\.sqlite.*DATA_DIR/);
    expect(error.stderr).toMatch(/データベースがありません/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses to restore something that is not a backup', () => {
    const dir = mkdtempSync(join(tmpdir(), 'council-bad-'));
    writeFileSync(join(dir, 'x.sqlite'), 'not a database at all');
    expect(() => restoreBackup(join(dir, 'x.sqlite'), join(dir, 'council.sqlite'))).toThrow(RestoreError);
  });
});
