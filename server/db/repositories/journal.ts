/** The audit journal: append-only; every change of a plan, progress record, escalation or user. */
import type { Kysely } from 'kysely';
import { displayNamesOf } from './users.js';
import type { JournalEntry } from '../../../schemas/types.js';
import type { Database, JournalRow } from '../database.js';
import { bumpDataVersion } from './data-version.js';

type Db = Kysely<Database>;

export type JournalEntity = JournalEntry['entity'];
export type JournalAction = JournalEntry['action'];

export interface Actor {
  id: string;
  username: string;
}

export interface NewJournalEntry {
  at: string;
  actor: Actor | null;
  entity: JournalEntity;
  entityId: string;
  wardId: string | null;
  action: JournalAction;
  version: number | null;
  summary: string;
  before: unknown;
  after: unknown;
}

/** Appends one entry and, in the same transaction, moves the data version on (caches compare against it). */
export async function appendJournal(db: Db, e: NewJournalEntry): Promise<void> {
  await bumpDataVersion(db);
  await db
    .insertInto('journal')
    .values({
      at: e.at,
      user_id: e.actor?.id ?? null,
      username: e.actor?.username ?? null,
      entity: e.entity,
      entity_id: e.entityId,
      ward_id: e.wardId,
      action: e.action,
      version: e.version,
      summary: e.summary,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    })
    .execute();
}

/** A journal entry as listed (who, when, what); the before/after bodies stay on the server. */
export function rowToEntry(row: JournalRow): JournalEntry {
  const entry: JournalEntry = {
    id: Number(row.id),
    at: row.at,
    username: row.username,
    entity: row.entity as JournalEntity,
    entityId: row.entity_id,
    wardId: row.ward_id,
    action: row.action as JournalAction,
    version: row.version,
    summary: row.summary,
  };
  return entry;
}

export async function listJournal(
  db: Db,
  filter: { entity?: JournalEntity; entityId?: string; wardId?: string; limit?: number }
): Promise<JournalEntry[]> {
  let q = db.selectFrom('journal').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.wardId) q = q.where('ward_id', '=', filter.wardId);
  const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 500).execute();
  const entries = rows.map(rowToEntry);
  // Who made each change, by display name (the log-in name stays in `username`).
  const names = await displayNamesOf(db, entries.map((e) => e.username));
  return entries.map((e) => ({ ...e, displayName: e.username ? (names.get(e.username) ?? null) : null }));
}

/** The snapshot of an object right after it reached `version` (its journalled "after"). */
export async function snapshotAt(db: Db, entity: JournalEntity, entityId: string, version: number): Promise<unknown> {
  const row = await db
    .selectFrom('journal')
    .select('after')
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('version', '=', version)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.after ? JSON.parse(row.after) : undefined;
}

/** The highest version an object ever had (0 if it never existed). */
export async function lastJournalledVersion(db: Db, entity: JournalEntity, entityId: string): Promise<number> {
  const row = await db
    .selectFrom('journal')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
