/**
 * Logging in and out, and resolving a session from its cookie. Sessions live in the database (so that
 * logout, timeouts and disabling a user take effect at once, on every server instance); the cookie holds
 * a random token whose SHA-256 is the session's key. Failed logins are counted in the database too, per
 * user + address first (server/core/login-throttle.ts says why), and slow further attempts down.
 */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
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
import { type LockEvent, assess, recordSuccess, reserve } from './login-throttle.js';
import { decoyHash, verifyPassword, withHashSlot } from './passwords.js';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ResolvedSession {
  user: User;
  csrfToken: string;
  idHash: string;
  expiresAt: string;
  /**
   * The database's data version when the request began (read with the session, in one statement): what
   * the request answers from a cache keyed on it is at least as new as this moment's committed data.
   */
  dataStamp: string;
}

/** last_seen_at is rewritten at most this often, so reading pages does not mean a write per request. */
const TOUCH_INTERVAL_MS = 30_000;

/**
 * SHA-256 of a session token, as stored (a stolen database holds no usable cookie). Runs on every
 * request with a cookie: the one-shot crypto.hash (Node ≥ 20.12; package.json asks ≥ 20.19) skips the
 * Hash object's allocation and three calls across to C++ (~3 µs a request in the server's profile).
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
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

export interface LoginInput {
  username: string;
  password: string;
  /** The client's address as Fastify sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  address: string;
  /** Called for every lock this attempt sets (it is journalled too): the route logs it for the administrator. */
  onLock?: (event: LockEvent) => void;
}

export async function login(
  db: Kysely<Database>,
  input: LoginInput,
  settings: SessionSettings,
  now = new Date(),
): Promise<{ token: string; session: SessionInfo }> {
  const nowMs = now.getTime();
  const entered = Date.now();
  const target = { username: input.username.trim().toLowerCase(), address: input.address };
  const onLock = input.onLock ?? (() => undefined);
  // Refused without counting, hashing or queueing while a lock applies.
  const first = await assess(db, target, nowMs);
  if (first.lockedUntil) throw locked(first.lockedUntil, nowMs);
  const decoy = await decoyHash(); // computed outside the hashing slots (it takes one itself, once)

  const row = await withHashSlot(async () => {
    // Attempts are counted before the password is checked (and forgiven on success), so guesses sent in
    // parallel cannot all slip under a limit. Only then is the slot's hash spent on it.
    const at = nowMs + (Date.now() - entered); // time spent waiting for the slot
    const a = await assess(db, target, at);
    if (a.lockedUntil) throw locked(a.lockedUntil, at);
    const counted = { address: !a.known && a.newPair, user: !a.known };
    const refusals = [await reserve(db, 'pair', target, at, onLock)];
    if (counted.address) refusals.push(await reserve(db, 'address', target, at, onLock));
    if (counted.user) refusals.push(await reserve(db, 'user', target, at, onLock));
    const until = Math.max(0, ...refusals.map((r) => r ?? 0));
    if (until) throw locked(until, at);
    const user = await findUserRow(db, { username: target.username });
    // Verify against a decoy when the user is unknown or disabled, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(input.password, user && user.disabled === 0 ? user.password_hash : decoy, 'held');
    if (!user || user.disabled === 1 || !ok) throw invalidLogin();
    await recordSuccess(db, target, counted, at);
    return user;
  }, true);

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
  return { user: rowToUser(row), csrfToken: row.csrf_token, idHash, expiresAt: row.expires_at, dataStamp: row.data_stamp ?? 'none' };
}

export async function logout(db: Kysely<Database>, token: string | undefined): Promise<void> {
  if (token) await deleteSession(db, hashToken(token));
}

export function newUserId(): string {
  return randomUUID();
}
