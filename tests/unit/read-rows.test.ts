/**
 * The session check's direct read on SQLite (db/connect.ts readRows) reads what Kysely would: committed
 * data only, never the open transaction of another request on the same connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, readRows } from '../../server/db/connect.js';
import { bumpDataVersion, readDataVersion } from '../../server/db/repositories/data-version.js';

const STAMP_SQL = 'select stamp from data_version where id = ?';

describe('readRows on SQLite', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function open(file: string) {
    const opened = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(opened.db);
    cleanups.push(() => opened.db.destroy());
    return opened.db;
  }

  for (const where of ['memory', 'file'] as const) {
    it(`(${where}) never sees another request's uncommitted write, and sees it once committed`, async () => {
      let file = ':memory:';
      if (where === 'file') {
        const dir = mkdtempSync(join(tmpdir(), 'council-read-rows-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        file = join(dir, 'council.sqlite');
      }
      const db = await open(file);
      await bumpDataVersion(db);
      const committed = await readDataVersion(db);
      const stamp = async () => (await readRows<{ stamp: string }>(db, STAMP_SQL, [1]))[0]!.stamp;
      expect(await stamp()).toBe(committed);

      // A transaction that changes the stamp, then waits (as a request does between its queries) and fails.
      let reachedInside!: () => void;
      const inside = new Promise<void>((r) => (reachedInside = r));
      let fail!: () => void;
      const failing = new Promise<void>((r) => (fail = r));
      const transaction = db
        .transaction()
        .execute(async (trx) => {
          await bumpDataVersion(trx);
          reachedInside();
          await failing;
          throw new Error('rolled back');
        })
        .catch((e: Error) => e.message);
      await inside;
      const during = stamp(); // asked while the transaction is open
      fail();
      expect(await transaction).toBe('rolled back');
      expect(await during).toBe(committed);

      // The same with a commit: the read asked during the transaction answers the committed result.
      let reached2!: () => void;
      const inside2 = new Promise<void>((r) => (reached2 = r));
      let finish!: () => void;
      const finishing = new Promise<void>((r) => (finish = r));
      const committing = db.transaction().execute(async (trx) => {
        await bumpDataVersion(trx);
        reached2();
        await finishing;
      });
      await inside2;
      const during2 = stamp();
      finish();
      await committing;
      const after = await readDataVersion(db);
      expect(after).not.toBe(committed);
      expect(await during2).toBe(after);
    });
  }
});
