/**
 * Configuration from environment variables, with defaults that run the app on this machine with no setup.
 * A bad value stops start-up with a message naming the variable.
 */
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
  trustProxy: boolean;
  bodyLimit: number;
  webDir: string;
  logLevel: string;
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

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || join(ROOT, 'data'));
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL: must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  const cookieSecure = (env.COOKIE_SECURE || 'auto').toLowerCase();
  if (!['auto', 'always', 'never'].includes(cookieSecure)) throw new ConfigError(`COOKIE_SECURE=${env.COOKIE_SECURE}: must be auto, always or never`);
  const demoPassword = env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 12) throw new ConfigError('DEMO_PASSWORD: must be at least 12 characters');
  if (env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD.length < 12) throw new ConfigError('ADMIN_PASSWORD: must be at least 12 characters');
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
    trustProxy: bool(env, 'TRUST_PROXY', false),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    webDir: resolve(env.WEB_DIR || join(ROOT, 'dist', 'web')),
    logLevel: env.LOG_LEVEL || 'info',
  };
}
