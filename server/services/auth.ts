/**
 * Logging in and out, and resolving a session from its cookie. Sessions live in the database (so that
 * logout, timeouts and disabling a user take effect at once, on every server instance); the cookie holds
 * a random token whose SHA-256 is the session's key. Failed logins are counted per username and per
 * address, in the database too, and lock further attempts for a while.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionInfo, User } from '../../schemas/types.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionWithUser,
  findUserRow,
  insertSession,
  rowToUser,
  touchSession,
} from '../db/repositories/users.js';
import { decoyHash, verifyPassword } from './passwords.js';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ResolvedSession {
  user: User;
  csrfToken: string;
  idHash: string;
  expiresAt: string;
}

const USER_LIMIT = 5;
const ADDRESS_LIMIT = 30;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
/** last_seen_at is rewritten at most this often, so reading pages does not mean a write per request. */
const TOUCH_INTERVAL_MS = 30_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function invalidLogin(): AppError {
  return new AppError(401, 'LOGIN_FAILED', {
    en: 'The username or password is incorrect.',
    ja: 'ユーザー名またはパスワードが正しくありません。',
  });
}

function locked(untilMs: number, nowMs: number): AppError {
  const seconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    429,
    'LOGIN_LOCKED',
    {
      en: `Too many failed logins. Try again in ${minutes} minute(s).`,
      ja: `ログインの失敗が続いたため、一時的にロックしています。${minutes}分後にもう一度お試しください。`,
    },
    { headers: { 'retry-after': String(seconds) } },
  );
}

/**
 * Counts one login attempt against `key` before the password is checked — so that attempts sent in
 * parallel cannot all slip past the limit — and says whether it may proceed. The increment is one UPDATE
 * (atomic on SQLite and PostgreSQL); a window that has run out starts again.
 */
async function reserveAttempt(db: Kysely<Database>, key: string, limit: number, nowMs: number): Promise<number | null> {
  const now = new Date(nowMs).toISOString();
  await db.insertInto('login_throttle').values({ key, failures: 0, window_start: now, locked_until: null }).onConflict((oc) => oc.column('key').doNothing()).execute();
  await db
    .updateTable('login_throttle')
    .set({ failures: 0, window_start: now, locked_until: null })
    .where('key', '=', key)
    .where('window_start', '<', new Date(nowMs - WINDOW_MS).toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  if (row.locked_until && Date.parse(row.locked_until) > nowMs) return Date.parse(row.locked_until);
  await db.updateTable('login_throttle').set((eb) => ({ failures: eb('failures', '+', 1) })).where('key', '=', key).execute();
  const after = await db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirstOrThrow();
  if (after.failures > limit) {
    const until = nowMs + LOCK_MS;
    await db.updateTable('login_throttle').set({ locked_until: new Date(until).toISOString() }).where('key', '=', key).execute();
    return until;
  }
  return null;
}

/** A successful login does not count against its address (an office behind one address logs in all day). */
async function forgiveAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db.updateTable('login_throttle').set((eb) => ({ failures: eb('failures', '-', 1) })).where('key', '=', key).where('failures', '>', 0).execute();
}

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string },
  settings: SessionSettings,
  now = new Date(),
): Promise<{ token: string; session: SessionInfo }> {
  const nowMs = now.getTime();
  const username = input.username.trim().toLowerCase();
  const userKey = `user:${username}`;
  const addressKey = `addr:${input.address}`;
  // Attempts are counted first and forgiven on success: at most USER_LIMIT passwords are tried per
  // username (ADDRESS_LIMIT per address) in a window, however many requests arrive at once.
  const untilUser = await reserveAttempt(db, userKey, USER_LIMIT, nowMs);
  const untilAddress = await reserveAttempt(db, addressKey, ADDRESS_LIMIT, nowMs);
  if (untilUser || untilAddress) throw locked(Math.max(untilUser ?? 0, untilAddress ?? 0), nowMs);

  const row = await findUserRow(db, { username });
  // Verify against a decoy when the user is unknown or disabled, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, row && row.disabled === 0 ? row.password_hash : await decoyHash());
  if (!row || row.disabled === 1 || !ok) throw invalidLogin();
  await db.deleteFrom('login_throttle').where('key', '=', userKey).execute();
  await forgiveAttempt(db, addressKey);

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  const expiresAt = new Date(nowMs + settings.absoluteHours * 3600_000).toISOString();
  await deleteExpiredSessions(db, at, new Date(nowMs - settings.idleMinutes * 60_000).toISOString());
  await insertSession(db, { idHash: hashToken(token), userId: row.id, csrfToken, at, expiresAt });
  return {
    token,
    session: { user: rowToUser(row), csrfToken, idleTimeoutSeconds: settings.idleMinutes * 60, expiresAt },
  };
}

export type SessionProblem = 'none' | 'unknown' | 'expired';

/** The session of a cookie token, or why there is none. Ends sessions past their idle or absolute limit. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string | undefined,
  settings: SessionSettings,
  now = new Date(),
): Promise<ResolvedSession | SessionProblem> {
  if (!token || token.length > 100) return 'none';
  const idHash = hashToken(token);
  const row = await findSessionWithUser(db, idHash);
  if (!row) return 'unknown';
  const nowMs = now.getTime();
  const idle = nowMs - Date.parse(row.last_seen_at) > settings.idleMinutes * 60_000;
  const over = nowMs > Date.parse(row.expires_at);
  if (idle || over || row.disabled === 1) {
    await deleteSession(db, idHash);
    return 'expired';
  }
  if (nowMs - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) await touchSession(db, idHash, now.toISOString());
  return { user: rowToUser(row), csrfToken: row.csrf_token, idHash, expiresAt: row.expires_at };
}

export async function logout(db: Kysely<Database>, token: string | undefined): Promise<void> {
  if (token) await deleteSession(db, hashToken(token));
}

export function newUserId(): string {
  return randomUUID();
}
