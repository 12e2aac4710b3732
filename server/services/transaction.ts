/**
 * Runs `fn` in a transaction: a new one, or — when the caller already holds one — that one, so a batch
 * (the demo load) can be one transaction and one fsync instead of hundreds.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
