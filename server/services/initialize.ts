/**
 * First start: with an empty database, load the demo city (the plugins' demo/ folders: plans, progress
 * records, escalations, and demo users) or, with the demo switched off, create the first administrator.
 * Demo files go through the same services and validation as the API, so a broken fixture fails loudly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EscalationCreate, PlanContent, ProgressBatchItem, Role } from '../../schemas/types.js';
import { countUsers } from '../db/repositories/users.js';
import { findPlanFor } from '../db/repositories/plans.js';
import type { ServiceContext } from './context.js';
import { createEscalation, replyToEscalation } from './escalations.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { META, getMeta, setMeta } from '../db/repositories/meta.js';
import { createPlan } from './plans.js';
import { saveProgress } from './progress.js';
import { createUser } from './users.js';
import { NETWORK_TABLES, loadNetworkDemo } from './network-demo.js';

export interface InitializeOptions {
  demo: boolean;
  demoPassword: string;
  adminPassword?: string;
  /** Where the one-time administrator password is shown (stderr by default: never into the JSON log on stdout). */
  announce?: (message: string) => void;
}

export interface InitializeResult {
  firstStart: boolean;
  demoLoaded: boolean;
  plans: number;
  progressRecords: number;
  users: string[];
}

interface DemoEscalation extends EscalationCreate {
  reply?: string;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new Error(`Demo data file ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** demo/plan-2026.json → 2026 */
function demoFiles(folder: string, kind: string): { year: number; file: string }[] {
  const dir = join(folder, 'demo');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => ({ m: new RegExp(`^${kind}-(\\d{4})\\.json$`).exec(f), f }))
    .filter((x) => x.m)
    .map((x) => ({ year: Number(x.m![1]), file: join(dir, x.f) }))
    .sort((a, b) => a.year - b.year);
}

export async function initializeData(ctx: ServiceContext, options: InitializeOptions): Promise<InitializeResult> {
  const result: InitializeResult = { firstStart: false, demoLoaded: false, plans: 0, progressRecords: 0, users: [] };
  if ((await countUsers(ctx.db)) > 0) return result;
  result.firstStart = true;
  const announce = options.announce ?? ((m: string) => process.stderr.write(`${m}\n`));

  if (!options.demo) {
    const generated = !options.adminPassword;
    const password = options.adminPassword ?? randomBytes(12).toString('base64url');
    await createUser(ctx, { username: 'admin', displayName: '管理者', role: 'admin', password });
    result.users.push('admin');
    if (generated) {
      announce(`\n  First start: created the administrator "admin" with the password  ${password}\n  初回起動: 管理者 "admin" を作成しました。パスワード: ${password}\n  (shown only this once; change it after logging in / この表示は一度だけです)\n`);
    }
    return result;
  }

  try {
    await loadDemo(ctx, options, result);
  } catch (e) {
    // A half-loaded demo would be taken for a finished first start next time: undo it, then fail loudly.
    await clearAll(ctx);
    throw e;
  }
  result.demoLoaded = true;
  return result;
}

async function clearAll(ctx: ServiceContext): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const table of [...NETWORK_TABLES, 'plan_steps', 'plan_templates', 'comments', 'escalations', 'progress', 'journal', 'sessions', 'plans', 'users', 'login_throttle', 'app_meta'] as const) {
      await trx.deleteFrom(table).execute();
    }
  });
}

async function loadDemo(ctx: ServiceContext, options: InitializeOptions, result: InitializeResult): Promise<void> {
  const catalog = ctx.plugins.catalog;
  const demoUsers: { username: string; displayName: string; role: Role; wardId?: string }[] = [
    { username: 'admin', displayName: '管理者(デモ)', role: 'admin' },
    { username: 'chair', displayName: `${catalog.city.subcommittee.name.ja} 部会長(デモ)`, role: 'city' },
    { username: 'viewer', displayName: '閲覧者(デモ)', role: 'viewer' },
    ...catalog.wards.map((w) => ({ username: w.id, displayName: `${w.name.ja} 事務局(デモ)`, role: 'wardEditor' as Role, wardId: w.id })),
  ];
  // One hash for every demo account (they share the demo password; each hash is deliberately slow, and a
  // busy machine must not take long over the first start). Recorded, so that a later start can tell
  // which accounts still have the demo password without hashing anything.
  const demoHash = await hashPassword(options.demoPassword);
  const adminHash = options.adminPassword ? await hashPassword(options.adminPassword) : demoHash;
  for (const u of demoUsers) {
    await createUser(ctx, { ...u, password: options.demoPassword }, u.username === 'admin' ? adminHash : demoHash);
    result.users.push(u.username);
  }
  await setMeta(ctx.db, META.demoPasswordHash, demoHash);

  for (const ward of catalog.wards) {
    const folder = ctx.plugins.folders.get(ward.id)!;
    for (const { file } of demoFiles(folder, 'plan')) {
      await createPlan(ctx, readJson<PlanContent>(file));
      result.plans++;
    }
    for (const { year, file } of demoFiles(folder, 'progress')) {
      const plan = await findPlanFor(ctx.db, ward.id, year);
      if (!plan) throw new Error(`Demo progress ${file} has no plan of ${ward.id} for ${year}`);
      const records = readJson<{ records: ProgressBatchItem[] }>(file).records;
      await saveProgress(ctx, plan.id, records, (i) => `${file}#/records/${i}`);
      result.progressRecords += records.length;
    }
    for (const { year, file } of demoFiles(folder, 'escalations')) {
      const plan = await findPlanFor(ctx.db, ward.id, year);
      if (!plan) throw new Error(`Demo escalations ${file} have no plan of ${ward.id} for ${year}`);
      for (const e of readJson<{ escalations: DemoEscalation[] }>(file).escalations) {
        const created = await createEscalation(ctx, plan.id, { issueId: e.issueId, note: e.note, confidential: e.confidential });
        if (e.reply) await replyToEscalation(ctx, created.id, { reply: e.reply, version: created.version });
      }
    }
  }
  await loadNetworkDemo(ctx);
}

/**
 * Enabled accounts that still log in with the demo password: those whose hash is the one the demo loader
 * gave them (no hashing needed), or — for a database loaded before that was recorded — demo-named accounts
 * ("…(デモ)") whose hash the demo password still verifies (a few hashes, only then).
 */
export async function demoAccountsInUse(ctx: Pick<ServiceContext, 'db'>, demoPassword: string): Promise<string[]> {
  const recorded = await getMeta(ctx.db, META.demoPasswordHash);
  if (recorded) {
    const rows = await ctx.db.selectFrom('users').select('username').where('password_hash', '=', recorded).where('disabled', '=', 0).orderBy('username').execute();
    return rows.map((r) => r.username);
  }
  const named = await ctx.db.selectFrom('users').select(['username', 'password_hash']).where('display_name', 'like', '%(デモ)').where('disabled', '=', 0).orderBy('username').limit(50).execute();
  const found: string[] = [];
  for (const r of named) if (await verifyPassword(demoPassword, r.password_hash)) found.push(r.username);
  return found;
}

export function demoAccountsWarning(usernames: string[]): string {
  return [
    '',
    '  ██ WARNING / 警告: DEMO ACCOUNTS ARE STILL ACTIVE ██',
    `  DEMO_DATA=false, but these accounts still log in with the public demo password: ${usernames.join(', ')}`,
    '  Anyone who has read the README can log in as them. On the users page, give each a new password or',
    '  disable it (the administrator first) — or start real use on a fresh DATA_DIR (README, "From the demo to real use").',
    `  DEMO_DATA=false ですが、次のアカウントは公開されているデモ用パスワードのままログインできます: ${usernames.join(', ')}`,
    '  ユーザー管理画面で各アカウントのパスワードを変更するか無効にしてください(まず管理者)。または新しい DATA_DIR で本番利用を始めてください。',
    '',
  ].join('\n');
}
