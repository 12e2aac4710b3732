/**
 * The session check's kept rows on SQLite (db/repositories/users.ts findSessionWithUser with
 * db/connect.ts changeToken): answered from memory only while nothing could have changed the row — any
 * row changed through the connection, or any commit by another connection (a command-line tool, a second
 * process), and it is read again; never inside an open transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeToken, migrateToLatest, openDatabase } from '../../server/db/connect.js';
import { bumpDataVersion } from '../../server/db/repositories/data-version.js';
import { sql } from 'kysely';
import { deleteSession, deleteSessionsOfUser, findSessionWithUser, insertSession, insertUser, touchSession, updateUserRow } from '../../server/db/repositories/users.js';

describe('session rows kept on SQLite', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'council-session-rows-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'council.sqlite');
    const server = openDatabase({ kind: 'sqlite', file });
    cleanups.push(() => server.db.destroy());
    await migrateToLatest(server.db);
    const at = new Date().toISOString();
    await insertUser(server.db, { id: 'u1', username: 'aoba', displayName: '青葉', role: 'wardEditor', wardId: 'aoba', passwordHash: 'x' }, at);
    await insertSession(server.db, { idHash: 'h1', userId: 'u1', csrfToken: 'c1', at, expiresAt: '2999-01-01T00:00:00.000Z' });
    return { file, db: server.db };
  }

  it('answers the same row from memory while nothing changed, frozen', async () => {
    const { db } = await setup();
    const first = await findSessionWithUser(db, 'h1');
    const second = await findSessionWithUser(db, 'h1');
    expect(first?.username).toBe('aoba');
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    // A write that changes no row changes nothing read: still kept.
    await deleteSession(db, 'no-such-session');
    expect(await findSessionWithUser(db, 'h1')).toBe(first);
  });

  it('reads again after a row changes through the same connection: logout, a disabled user, a save', async () => {
    const { db } = await setup();
    const before = await findSessionWithUser(db, 'h1');
    await bumpDataVersion(db); // what every journalled save does
    const afterSave = await findSessionWithUser(db, 'h1');
    expect(afterSave).not.toBe(before);
    expect(afterSave!.data_stamp).not.toBe(before!.data_stamp);

    expect(await updateUserRow(db, 'u1', afterSave!.version, { disabled: 1, updated_at: new Date().toISOString() })).toBe(true);
    expect((await findSessionWithUser(db, 'h1'))!.disabled).toBe(1);

    await deleteSession(db, 'h1');
    expect(await findSessionWithUser(db, 'h1')).toBeUndefined();
  });

  it('reads again after the session is touched, after all sessions of the user end, and after a cascade', async () => {
    const { db } = await setup();
    const before = await findSessionWithUser(db, 'h1');
    const later = new Date(Date.now() + 60_000).toISOString();
    await touchSession(db, 'h1', later);
    expect((await findSessionWithUser(db, 'h1'))!.last_seen_at).toBe(later);
    expect(await findSessionWithUser(db, 'h1')).not.toBe(before);

    await deleteSessionsOfUser(db, 'u1'); // what a password, role or ward change does
    expect(await findSessionWithUser(db, 'h1')).toBeUndefined();

    await insertSession(db, { idHash: 'h2', userId: 'u1', csrfToken: 'c2', at: later, expiresAt: '2999-01-01T00:00:00.000Z' });
    expect((await findSessionWithUser(db, 'h2'))?.username).toBe('aoba');
    await db.deleteFrom('users').where('id', '=', 'u1').execute(); // the session goes with it (ON DELETE CASCADE)
    expect(await findSessionWithUser(db, 'h2')).toBeUndefined();
  });

  it('reads again after a schema change through the connection, which changes no row count', async () => {
    const { db } = await setup();
    const kept = await findSessionWithUser(db, 'h1');
    const token = changeToken(db);
    await sql`create table scratch (a integer)`.execute(db);
    await sql`drop table scratch`.execute(db);
    expect(changeToken(db)).not.toBe(token);
    expect(await findSessionWithUser(db, 'h1')).not.toBe(kept);
  });

  it('reads again after another connection commits (a command-line tool while the server runs)', async () => {
    const { file, db } = await setup();
    const kept = await findSessionWithUser(db, 'h1');
    expect(await findSessionWithUser(db, 'h1')).toBe(kept);

    const tool = openDatabase({ kind: 'sqlite', file });
    cleanups.push(() => tool.db.destroy());
    await tool.db.updateTable('users').set({ disabled: 1 }).where('id', '=', 'u1').execute();
    expect((await findSessionWithUser(db, 'h1'))!.disabled).toBe(1);

    await tool.db.deleteFrom('sessions').where('id_hash', '=', 'h1').execute();
    expect(await findSessionWithUser(db, 'h1')).toBeUndefined();
  });

  it('keeps nothing while a transaction is open on the connection, and reads the committed row then', async () => {
    const { db } = await setup();
    const kept = await findSessionWithUser(db, 'h1');
    let reachedInside!: () => void;
    const inside = new Promise<void>((r) => (reachedInside = r));
    let finish!: () => void;
    const finishing = new Promise<void>((r) => (finish = r));
    const transaction = db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id_hash', '=', 'h1').execute();
      reachedInside();
      await finishing;
      throw new Error('rolled back');
    });
    await inside;
    expect(changeToken(db)).toBeNull();
    const during = findSessionWithUser(db, 'h1'); // waits for the connection: the uncommitted delete is not seen
    finish();
    await expect(transaction).rejects.toThrow('rolled back');
    const row = await during;
    expect(row?.username).toBe('aoba');
    expect(row).not.toBe(kept); // read through the connection's queue, not answered from memory
  });

  it('gives no token for a handle it does not know (a transaction object; PostgreSQL)', async () => {
    const { db } = await setup();
    await db.transaction().execute(async (trx) => {
      expect(changeToken(trx)).toBeNull();
    });
    expect(changeToken(db)).toMatch(/^\d+:\d+:\d+$/);
  });
});
