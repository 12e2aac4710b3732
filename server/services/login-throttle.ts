/**
 * The login throttle in the database (rules: server/core/login-throttle.ts). State lives in the
 * `login_throttle` table, not in process memory, so several server processes on one database count
 * together. Every count is a compare-and-set UPDATE (`where failures = <read value>`), so attempts that
 * arrive at once — in one process or several — can never all slip under a limit.
 */
import type { Kysely } from 'kysely';
import type { LoginLock } from '../../schemas/types.js';
import {
  POLICIES,
  type ThrottleKind,
  isKnown,
  isLocked,
  lockAfter,
  streakOver,
  throttleKey,
} from '../core/login-throttle.js';
import type { Database, LoginThrottleRow } from '../db/database.js';
import { type Actor, appendJournal } from '../db/repositories/journal.js';

type Db = Kysely<Database>;

export interface LockEvent {
  kind: ThrottleKind;
  username: string | null;
  address: string | null;
  failures: number;
  lockedUntil: string;
}

export interface Target {
  username: string;
  address: string;
}

function keyOf(kind: ThrottleKind, t: Target): string {
  return throttleKey(kind, kind === 'address' ? null : t.username, kind === 'user' ? null : t.address);
}

async function rows(db: Db, t: Target): Promise<Record<ThrottleKind, LoginThrottleRow | undefined>> {
  const keys = { pair: keyOf('pair', t), address: keyOf('address', t), user: keyOf('user', t) };
  const found = await db.selectFrom('login_throttle').selectAll().where('key', 'in', Object.values(keys)).execute();
  const by = (k: string) => found.find((r) => r.key === k);
  return { pair: by(keys.pair), address: by(keys.address), user: by(keys.user) };
}

export interface Assessment {
  /** Refused until then (ms), or null. */
  lockedUntil: number | null;
  /** This user has logged in from this address recently: the address and user limits do not apply. */
  known: boolean;
  /** No failure streak for this user at this address yet: a new name for the address limit. */
  newPair: boolean;
}

/** Whether an attempt would be refused now, without counting it (cheap; no password is checked). */
export async function assess(db: Db, t: Target, nowMs: number): Promise<Assessment> {
  const r = await rows(db, t);
  const known = isKnown(r.pair?.last_success_at, nowMs);
  const newPair = !r.pair || r.pair.failures === 0 || streakOver(r.pair.last_failure_at, r.pair.locked_until, nowMs);
  const until: number[] = [];
  if (isLocked(r.pair?.locked_until, nowMs)) until.push(Date.parse(r.pair!.locked_until!));
  if (!known && newPair && isLocked(r.address?.locked_until, nowMs)) until.push(Date.parse(r.address!.locked_until!));
  if (!known && isLocked(r.user?.locked_until, nowMs)) until.push(Date.parse(r.user!.locked_until!));
  return { lockedUntil: until.length ? Math.max(...until) : null, known, newPair };
}

/**
 * Counts one failure against a key before the password is checked. Returns null when the attempt may go
 * on, or the time it is refused until. When this count reaches a lock, the lock is journalled.
 */
export async function reserve(db: Db, kind: ThrottleKind, t: Target, nowMs: number, onLock: (e: LockEvent) => void): Promise<number | null> {
  const key = keyOf(kind, t);
  const now = new Date(nowMs).toISOString();
  const username = kind === 'address' ? null : t.username;
  const address = kind === 'user' ? null : t.address;
  await db
    .insertInto('login_throttle')
    .values({ key, kind, username, address, failures: 0, window_start: now, locked_until: null, last_failure_at: null, last_success_at: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  for (let tries = 0; tries < 20; tries++) {
    const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    if (isLocked(row.locked_until, nowMs)) return Date.parse(row.locked_until!);
    const fresh = streakOver(row.last_failure_at, row.locked_until, nowMs);
    const n = (fresh ? 0 : row.failures) + 1;
    const until = lockAfter(POLICIES[kind], n, nowMs);
    const lockedUntil = until === null ? null : new Date(until).toISOString();
    const updated = await db
      .updateTable('login_throttle')
      .set({ failures: n, locked_until: lockedUntil, last_failure_at: now, ...(fresh ? { window_start: now } : {}) })
      .where('key', '=', key)
      .where('failures', '=', row.failures)
      .where((eb) => (row.locked_until === null ? eb('locked_until', 'is', null) : eb('locked_until', '=', row.locked_until)))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) continue; // someone counted first: read again
    if (lockedUntil) {
      const event: LockEvent = { kind, username, address, failures: n, lockedUntil };
      await appendJournal(db, {
        at: now,
        actor: null,
        entity: 'login',
        entityId: key,
        wardId: null,
        action: 'lock',
        version: null,
        summary: describeLock(event),
        before: null,
        after: event,
      });
      onLock(event);
    }
    return null;
  }
  // Twenty lost races in a row: far more parallel guessing than any person does.
  return nowMs + 1000;
}

export function describeLock(e: LockEvent): string {
  const who = e.kind === 'pair' ? `user "${e.username}" from ${e.address}` : e.kind === 'address' ? `new user names from ${e.address}` : `user "${e.username}" from unknown addresses`;
  return `login locked for ${who} until ${e.lockedUntil} after ${e.failures} failed attempt(s)`;
}

/** A successful login: the pair's streak ends and the address becomes known; the other counts forgive it. */
export async function recordSuccess(db: Db, t: Target, counted: { address: boolean; user: boolean }, nowMs: number): Promise<void> {
  const now = new Date(nowMs).toISOString();
  await db
    .insertInto('login_throttle')
    .values({ key: keyOf('pair', t), kind: 'pair', username: t.username, address: t.address, failures: 0, window_start: now, locked_until: null, last_failure_at: null, last_success_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 0, locked_until: null, last_success_at: now }))
    .execute();
  for (const kind of ['address', 'user'] as const) {
    if (!counted[kind]) continue;
    await db.updateTable('login_throttle').set((eb) => ({ failures: eb('failures', '-', 1) })).where('key', '=', keyOf(kind, t)).where('failures', '>', 0).execute();
  }
}

/** Locks in force now, newest first (for the administrator). */
export async function listLocks(db: Db, nowMs = Date.now()): Promise<LoginLock[]> {
  const now = new Date(nowMs).toISOString();
  const found = await db.selectFrom('login_throttle').selectAll().where('locked_until', '>', now).orderBy('locked_until', 'desc').limit(500).execute();
  return found.map((r) => ({
    kind: (r.kind ?? 'pair') as LoginLock['kind'],
    username: r.username,
    address: r.address,
    failures: r.failures,
    lockedUntil: r.locked_until!,
  }));
}

/**
 * Clears the locks and failure counts of a user name (from every address, and its user-wide count) and/or
 * of an address (its address-wide count and every pair from it). Journalled. Returns how many were cleared.
 */
export async function clearLocks(db: Db, which: { username?: string; address?: string }, actor: Actor | null, nowMs = Date.now()): Promise<number> {
  const username = which.username?.trim().toLowerCase();
  const address = which.address?.trim();
  if (!username && !address) return 0;
  const now = new Date(nowMs).toISOString();
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('login_throttle')
      .set({ failures: 0, locked_until: null, last_failure_at: null })
      .where((eb) =>
        eb.or([
          ...(username ? [eb('username', '=', username)] : []),
          ...(address ? [eb('address', '=', address)] : []),
        ]),
      )
      .where((eb) => eb.or([eb('failures', '>', 0), eb('locked_until', 'is not', null)]))
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    const what = [username ? `user "${username}"` : '', address ? `address ${address}` : ''].filter(Boolean).join(' and ');
    await appendJournal(trx, {
      at: now,
      actor,
      entity: 'login',
      entityId: username ? `user:${username}` : `addr:${address}`,
      wardId: null,
      action: 'unlock',
      version: null,
      summary: `login locks cleared for ${what} (${n} record(s))`,
      before: null,
      after: { username: username ?? null, address: address ?? null, cleared: n },
    });
    return n;
  });
}
