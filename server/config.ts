/**
 * Configuration from environment variables, with defaults that run the app on this machine with no setup.
 * A bad value stops start-up with a message naming the variable.
 */
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { DatabaseConfig } from './db/connect.js';
import type { SessionSettings } from './services/auth.js';
import { ROOT } from './root.js';


export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  pluginsDir: string;
  /** Which city plugin to use when the plugins folder holds several. */
  city?: string;
  /** Load the demo data (plans, progress, demo users) on a first start with an empty database. */
  demo: boolean;
  demoPassword: string;
  /** Password of the first administrator when there is no demo data (printed once if not given). */
  adminPassword?: string;
  session: SessionSettings;
  /** Secure cookies: 'auto' = when the request came over TLS (directly or through a trusted proxy). */
  cookieSecure: 'auto' | 'always' | 'never';
  /**
   * Whose X-Forwarded-For to believe: false (nobody: the TCP peer is the client), a list of proxy addresses
   * or CIDR ranges (only a request arriving from one of them may name the client), or true (anybody —
   * unsafe unless the port is reachable from the proxy alone; a warning is printed at start).
   */
  trustProxy: boolean | string[];
  /** Initialise over an empty database file although backups lie beside it (see README, restore). */
  allowEmptyDatabase: boolean;
  bodyLimit: number;
  /** Largest uploaded workbook (POST /api/plans/import). */
  importLimit: number;
  webDir: string;
  logLevel: string;
  /**
   * The clock's time at start-up (FIXED_NOW, an ISO date-time) for demonstrations and tests: "today" for
   * the month in progress and for refusing future dates; the clock runs on from there. Unset: the real clock.
   */
  fixedNow?: string;
}

export const DEFAULT_DEMO_PASSWORD = 'council-demo-2026';

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}=${raw}: must be a whole number from ${min} to ${max}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name}=${env[name]}: must be true or false`);
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: true / false, or a comma-separated list of addresses and CIDR ranges (10.0.0.5, 10.0.0.0/8, ::1, loopback). */
export function parseTrustProxy(raw: string | undefined): boolean | string[] {
  const value = raw?.trim() ?? '';
  if (value === '') return false;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  const list = value.split(',').map((x) => x.trim()).filter(Boolean);
  for (const entry of list) {
    if (PROXY_KEYWORDS.includes(entry.toLowerCase())) continue;
    const [address, prefix, more] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || more !== undefined) {
      throw new ConfigError(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1, loopback); use false, or the address of your reverse proxy`);
    }
  }
  return list;
}

function fixedNow(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.FIXED_NOW;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw))) throw new ConfigError(`FIXED_NOW=${raw}: must be an ISO date-time such as 2026-11-29T10:00:00+09:00`);
  return new Date(raw).toISOString();
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || join(ROOT, 'data'));
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL: must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  const cookieSecure = (env.COOKIE_SECURE || 'auto').toLowerCase();
  if (!['auto', 'always', 'never'].includes(cookieSecure)) throw new ConfigError(`COOKIE_SECURE=${env.COOKIE_SECURE}: must be auto, always or never`);
  const demoPassword = env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 12) throw new ConfigError('DEMO_PASSWORD: must be at least 12 characters');
  if (env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length < 12) throw new ConfigError('ADMIN_PASSWORD: must be at least 12 characters');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    database: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'sqlite', file: join(dataDir, 'council.sqlite') },
    pluginsDir: resolve(env.PLUGINS_DIR || join(ROOT, 'plugins')),
    city: env.CITY || undefined,
    demo: bool(env, 'DEMO_DATA', true),
    demoPassword,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: int(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30),
    },
    cookieSecure: cookieSecure as Config['cookieSecure'],
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    allowEmptyDatabase: bool(env, 'ALLOW_EMPTY_DATABASE', false),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    importLimit: int(env, 'IMPORT_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    webDir: resolve(env.WEB_DIR || join(ROOT, 'dist', 'web')),
    logLevel: env.LOG_LEVEL || 'info',
    fixedNow: fixedNow(env),
  };
}
