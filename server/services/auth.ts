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
import { isUniqueViolation } from './context.js';

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

async function lockedUntil(db: Kysely<Database>, keys: string[], nowMs: number): Promise<number | null> {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const until = rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)).filter((t) => t > nowMs);
  return until.length ? Math.max(...until) : null;
}

async function recordFailure(db: Kysely<Database>, key: string, limit: number, nowMs: number): Promise<void> {
  try {
    await countFailure(db, key, limit, nowMs);
  } catch (e) {
    // Two failed logins at once for a new key: the other one inserted the row first; count on it.
    if (!isUniqueViolation(e)) throw e;
    await countFailure(db, key, limit, nowMs);
  }
}

async function countFailure(db: Kysely<Database>, key: string, limit: number, nowMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || nowMs - Date.parse(row.window_start) > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const values = {
      failures,
      window_start: fresh ? new Date(nowMs).toISOString() : row.window_start,
      locked_until: failures >= limit ? new Date(nowMs + LOCK_MS).toISOString() : null,
    };
    if (row) await trx.updateTable('login_throttle').set(values).where('key', '=', key).execute();
    else await trx.insertInto('login_throttle').values({ key, ...values }).execute();
  });
}

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string },
  settings: SessionSettings,
  now = new Date(),
): Promise<{ token: string; session: SessionInfo }> {
  const nowMs = now.getTime();
  const username = input.username.trim().toLowerCase();
  const keys = [`user:${username}`, `addr:${input.address}`];
  const until = await lockedUntil(db, keys, nowMs);
  if (until) throw locked(until, nowMs);

  const row = await findUserRow(db, { username });
  // Verify against a decoy when the user is unknown or disabled, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, row && row.disabled === 0 ? row.password_hash : await decoyHash());
  if (!row || row.disabled === 1 || !ok) {
    await recordFailure(db, keys[0]!, USER_LIMIT, nowMs);
    await recordFailure(db, keys[1]!, ADDRESS_LIMIT, nowMs);
    throw invalidLogin();
  }
  await db.deleteFrom('login_throttle').where('key', '=', keys[0]!).execute();

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
