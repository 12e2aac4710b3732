/**
 * Password hashing with scrypt at the strength OWASP ASVS 5.0 (appendix C) asks for: N = 2^17, r = 8,
 * p = 1 (128 MiB per hash, hence the raised maxmem). The parameters are stored with each hash, so they can
 * be raised later without breaking old passwords. Hashing runs on libuv's thread pool, not the event loop.
 *
 * At most HASH_CONCURRENCY hashes run at once (each holds 128 MiB, and the thread pool is shared with file
 * I/O); a few more wait in a short queue. Beyond that a login is answered 503 at once with Retry-After,
 * so a flood of logins can neither exhaust memory nor starve every other request.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.js';

const LOG_N = 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 256 * 1024 * 1024;

export const HASH_CONCURRENCY = 2;
export const HASH_QUEUE = 16;

let running = 0;
const waiting: (() => void)[] = [];

export function serverBusy(): AppError {
  return new AppError(
    503,
    'SERVER_BUSY',
    { en: 'Too many logins are being checked at this moment. Try again in a few seconds.', ja: '現在ログインの確認が混み合っています。数秒後にもう一度お試しください。' },
    { headers: { 'retry-after': '2' } },
  );
}

/**
 * Runs `work` when a hashing slot is free. `bounded` (logins, which anyone can send) refuses with 503
 * when the queue is full; administrators' and the first start's hashing waits its turn.
 */
export async function withHashSlot<T>(work: () => Promise<T>, bounded: boolean): Promise<T> {
  if (running >= HASH_CONCURRENCY) {
    if (bounded && waiting.length >= HASH_QUEUE) throw serverBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Hashes being computed and waiting (for tests and diagnostics). */
export function hashLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

/** 'wait': take a slot, waiting as long as needed; 'held': the caller holds a slot already (withHashSlot). */
export type SlotMode = 'wait' | 'held';

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, mode: SlotMode): Promise<Buffer> {
  const run = () =>
    new Promise<Buffer>((resolve, reject) => {
      scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: 2 ** logN, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
    });
  return mode === 'held' ? run() : withHashSlot(run, false);
}

/**
 * log2 N for new hashes: 17, always — except under the test runner (NODE_ENV=test, which Vitest sets and
 * the servers a test starts inherit), where COUNCIL_TEST_SCRYPT_LOG_N (10–16) may lower it. A suite that
 * signs in and creates users hundreds of times spent a third of its CPU time in this deliberately slow
 * hash. Each stored hash names its own parameters, so verifying is the same either way.
 */
export function hashCost(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = Number(env['COUNCIL_TEST_SCRYPT_LOG_N']);
  return env['NODE_ENV'] === 'test' && Number.isInteger(wanted) && wanted >= 10 && wanted < LOG_N ? wanted : LOG_N;
}

/** "scrypt$17$8$1$<salt>$<key>" (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const logN = hashCost();
  const key = await derive(password, salt, logN, R, P, 'wait');
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** `mode` 'held' inside withHashSlot (logins take their slot first, bounded, before counting the attempt). */
export async function verifyPassword(password: string, stored: string, mode: SlotMode = 'wait'): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!(logN >= 10 && logN <= 22 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, salt, logN, r, p, mode);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing, verified when a username is unknown so that the answer takes as long as for a real one. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
