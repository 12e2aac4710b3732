/**
 * The data version: a stamp that changes in the same transaction as every journalled write (every
 * change of a plan, record, escalation, user or comment goes through appendJournal). An instance that
 * caches figures derived from the data keys them on the stamp, so a write through another instance,
 * or a restored database, can never be answered from a stale cache. The stamp is random rather than a
 * counter alone: after a restore to an older state and new writes, a counter would come back to a
 * value some cache already holds for different data; a fresh random stamp per write cannot.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

type Db = Kysely<Database>;

export async function bumpDataVersion(db: Db): Promise<void> {
  await db
    .updateTable('data_version')
    .set((eb) => ({ counter: eb('counter', '+', 1), stamp: randomUUID() }))
    .where('id', '=', 1)
    .execute();
}

/** The current stamp (as committed, seen from this connection). */
export async function readDataVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('data_version').select('stamp').where('id', '=', 1).executeTakeFirst();
  return row?.stamp ?? 'none';
}
