/** Users and their server-side sessions. */
import { type Kysely, sql } from 'kysely';
import { changeToken, readRows } from '../connect.js';
import type { Role, User } from '../../../schemas/types.js';
import type { Database, UserRow } from '../database.js';

type Db = Kysely<Database>;

export function rowToUser(r: Omit<UserRow, 'password_hash'>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    wardId: r.ward_id,
    disabled: r.disabled === 1,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(rowToUser);
}

export async function findUserRow(db: Db, by: { id: string } | { username: string }): Promise<UserRow | undefined> {
  const q = db.selectFrom('users').selectAll();
  return 'id' in by ? q.where('id', '=', by.id).executeTakeFirst() : q.where('username', '=', by.username).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(
  db: Db,
  u: { id: string; username: string; displayName: string; role: Role; wardId: string | null; passwordHash: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      ward_id: u.wardId,
      password_hash: u.passwordHash,
      disabled: 0,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function updateUserRow(
  db: Db,
  id: string,
  baseVersion: number,
  set: Partial<Pick<UserRow, 'display_name' | 'role' | 'ward_id' | 'disabled' | 'password_hash'>> & { updated_at: string },
): Promise<boolean> {
  const r = await db.updateTable('users').set({ ...set, version: baseVersion + 1 }).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSession(db: Db, s: { idHash: string; userId: string; csrfToken: string; at: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.at, last_seen_at: s.at, expires_at: s.expiresAt })
    .execute();
}

function sessionQuery(db: Db, idHash: string) {
  return (
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      // The user's columns but its password hash (no need to copy it out on every request).
      .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.ward_id', 'users.disabled', 'users.version', 'users.created_at', 'users.updated_at'])
      .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.created_at as session_created_at'])
      // The data version, read in the same statement (one snapshot): a request's cached answers are keyed
      // on it (services/stamped-cache.ts), so a read of cached data costs no further query.
      .select(sql<string | null>`(select stamp from data_version where id = 1)`.as('data_stamp'))
      .where('sessions.id_hash', '=', idHash)
  );
}

type SessionWithUser = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionQuery>['executeTakeFirst']>>>;

/** The session query's SQL per database (the dialects differ in placeholders), built once: it runs on every request. */
const sessionSql = new WeakMap<Db, string>();

/**
 * The session's row and its user's, as the database has them now. On SQLite the row read last for a
 * session is kept with the connection's change token (connect.ts changeToken): while no row has changed
 * through this process and no other process has committed anything, the same statement could only give
 * the same row, so it is answered from memory — the check every request makes, ~25 µs → ~4 µs. Any
 * write at all (a logout, a disabled user, the session touched, any save, which changes the data stamp
 * in the row) changes the token, and every kept row is read again. PostgreSQL always reads: other
 * instances write to the same database unseen.
 */
export async function findSessionWithUser(db: Db, idHash: string): Promise<SessionWithUser | undefined> {
  let text = sessionSql.get(db);
  if (text === undefined) {
    text = sessionQuery(db, '').compile().sql;
    sessionSql.set(db, text);
  }
  const token = changeToken(db);
  // Kept by the session id alone: right only while the query has no other parameter and nothing that
  // depends on the time (expiry is judged by the caller, services/auth.ts, on every request).
  let kept = keptSessions.get(db);
  if (token !== null && kept !== undefined) {
    const hit = kept.get(idHash);
    if (hit !== undefined && hit.token === token) return hit.row;
  }
  const row = (await readRows<SessionWithUser>(db, text, [idHash]))[0];
  if (token !== null) {
    if (kept === undefined) keptSessions.set(db, (kept = new Map()));
    if (row === undefined) kept.delete(idHash);
    else {
      // A city has hundreds of sessions at most; cookies that name none are never kept.
      if (kept.size >= MAX_KEPT_SESSIONS) kept.clear();
      // Frozen: the same object answers many requests, none may change it for the others.
      kept.set(idHash, { token, row: Object.freeze(row) });
    }
  }
  return row;
}
const keptSessions = new WeakMap<Db, Map<string, { token: string; row: SessionWithUser }>>();
const MAX_KEPT_SESSIONS = 10_000;

export async function touchSession(db: Db, idHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string, idleCutoff: string): Promise<void> {
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleCutoff)])).execute();
}

/**
 * Display names of users by username, for responses that name a person (records, comments, history):
 * people read "○○区 事務局 山田" rather than a log-in name. Unknown usernames are left out.
 */
export async function displayNamesOf(db: Kysely<Database>, usernames: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...usernames].filter((u): u is string => !!u))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('users').select(['username', 'display_name']).where('username', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.username, r.display_name]));
}

/** Adds `updatedByName` to progress records (API responses). */
export async function withRecordNames<T extends { updatedBy: string | null }>(db: Kysely<Database>, records: T[]): Promise<(T & { updatedByName: string | null })[]> {
  const names = await displayNamesOf(db, records.map((r) => r.updatedBy));
  return records.map((r) => ({ ...r, updatedByName: r.updatedBy ? (names.get(r.updatedBy) ?? null) : null }));
}

/** Adds `repliedByName` to escalations (API responses). */
export async function withReplierNames<T extends { repliedBy: string | null }>(db: Kysely<Database>, list: T[]): Promise<(T & { repliedByName: string | null })[]> {
  const names = await displayNamesOf(db, list.map((e) => e.repliedBy));
  return list.map((e) => ({ ...e, repliedByName: e.repliedBy ? (names.get(e.repliedBy) ?? null) : null }));
}
