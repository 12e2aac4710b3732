/**
 * The login throttle's rules (pure; the database side is server/services/login-throttle.ts).
 *
 * Guessing must stay slow, but an attacker must not be able to lock a real user out. So failures count
 * against three keys, each with its own purpose:
 *  - user + address ("pair"): the main limit. Five free failures, then every further attempt from that
 *    address for that user waits: 1, 2, 4, 8 … minutes, at most an hour. The same user from another
 *    address is not affected, so a stranger guessing `admin` does not lock the real administrator out.
 *  - address: counts the *different user names* that failed from one address (password spraying). High
 *    (20 names), and once over it only refuses user names not yet known at that address — an office
 *    behind one NAT address keeps logging in with the accounts it always uses.
 *  - user: counts failures for one user name from addresses where it never logged in (a distributed
 *    attack). High (50), and once over it only refuses addresses that are not known for that user.
 * A "known" address is one this user logged in from successfully within the last 30 days.
 * A streak ends after two quiet hours. Every lock is journalled and logged; an administrator can clear it.
 */

export type ThrottleKind = 'pair' | 'address' | 'user';

export interface ThrottlePolicy {
  /** failures without any wait */
  free: number;
  /** the first wait, doubling with every further failure */
  firstLockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;

export const POLICIES: Record<ThrottleKind, ThrottlePolicy> = {
  pair: { free: 5, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  address: { free: 20, firstLockMs: 15 * MINUTE, maxLockMs: 4 * 60 * MINUTE },
  user: { free: 50, firstLockMs: 15 * MINUTE, maxLockMs: 4 * 60 * MINUTE },
};

/** A streak of failures is forgotten after this long without one. */
export const STREAK_RESET_MS = 2 * 60 * MINUTE;
/** A successful login makes its address known for the user for this long. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE;

export function throttleKey(kind: ThrottleKind, username: string | null, address: string | null): string {
  return kind === 'pair' ? `pair:${username}@${address}` : kind === 'address' ? `addr:${address}` : `user:${username}`;
}

/**
 * The lock to set when the `n`-th failure of a streak is counted (before its password is checked): none
 * while within the free failures; from the last free one on, a wait that doubles every time.
 */
export function lockAfter(policy: ThrottlePolicy, n: number, nowMs: number): number | null {
  if (n < policy.free) return null;
  const step = n - policy.free; // 0 for the last free failure
  return nowMs + Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(step, 30));
}

/** Whether a streak last failed so long ago that it starts again. */
export function streakOver(lastFailureAt: string | null, lockedUntil: string | null, nowMs: number): boolean {
  if (lockedUntil && Date.parse(lockedUntil) > nowMs) return false;
  return !lastFailureAt || nowMs - Date.parse(lastFailureAt) > STREAK_RESET_MS;
}

export function isKnown(lastSuccessAt: string | null | undefined, nowMs: number): boolean {
  return !!lastSuccessAt && nowMs - Date.parse(lastSuccessAt) < KNOWN_ADDRESS_MS;
}

export function isLocked(lockedUntil: string | null | undefined, nowMs: number): boolean {
  return !!lockedUntil && Date.parse(lockedUntil) > nowMs;
}
