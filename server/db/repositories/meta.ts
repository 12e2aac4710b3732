/** app_meta: facts about the database itself, as key → text. */
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

type Db = Kysely<Database>;

export const META = {
  /** The city plugin this database belongs to (recorded at its first start). */
  city: 'city',
  /** The one scrypt hash every demo account got at the demo's loading (its password still unchanged when equal). */
  demoPasswordHash: 'demo_password_hash',
  /** Rewritten by the health check to prove the database accepts writes. */
  healthProbe: 'health_probe',
} as const;

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Sets the value unless one is there already; returns the value stored (this one or the earlier). */
export async function initMeta(db: Db, key: string, value: string): Promise<string> {
  await db.insertInto('app_meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getMeta(db, key)) ?? value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('app_meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
