/**
 * What a service call needs: the database, the plugin catalog, who acts and when. Built per request by
 * the HTTP layer and by the demo loader, so the services never touch Fastify.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from '../db/repositories/journal.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';

export interface ServiceContext {
  db: Kysely<Database>;
  plugins: LoadedPlugins;
  actor: Actor | null;
  /** ISO timestamp of the request; one value for every row it writes. */
  now: string;
}

/** Unique-constraint violations look different per driver; both mean "someone else created it first". */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === '23505';
}
