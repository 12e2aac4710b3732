/**
 * Starts the server: configuration from the environment, the app, listen, and a graceful stop on
 * SIGINT/SIGTERM (in-flight requests finish, the database is closed cleanly). What a person must read
 * (the banner, a generated password, warnings) goes to the console outside the JSON log stream.
 */
import { buildApp } from './app.js';
import { ConfigError, DEFAULT_DEMO_PASSWORD, configFromEnv } from './config.js';
import { StartupError } from './db/preflight.js';
import { PluginError } from './plugin-host/load-plugins.js';
import { demoAccountsInUse, demoAccountsWarning } from './services/initialize.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await buildApp({
    config,
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
    // The generated administrator password is for the person starting the server, never for the log.
    announce: (message) => process.stderr.write(`${message}\n`),
  });
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info(`${signal}: closing`);
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const init = app.initialized;
  const lines = [
    '',
    `  ${app.plugins.catalog.city.name.ja} 自立支援協議会 計画・進捗管理 — ready / 起動しました`,
    `  → http://${shownHost}:${port}/`,
    `  database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
  ];
  if (init?.demoLoaded) {
    const password = config.demoPassword === DEFAULT_DEMO_PASSWORD ? DEFAULT_DEMO_PASSWORD : '(DEMO_PASSWORD)';
    const others = init.users.filter((u) => u !== 'admin' || !config.adminPassword);
    lines.push(`  demo data loaded: ${init.plans} plans, ${init.progressRecords} progress records`);
    lines.push(`  demo users (DEMO ONLY): ${others.join(', ')} / password: ${password}`);
    if (config.adminPassword) lines.push('  admin: the password set in ADMIN_PASSWORD / 管理者のパスワードは ADMIN_PASSWORD の値です');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  if (config.trustProxy === true) {
    const warning = 'TRUST_PROXY=true believes X-Forwarded-For from anybody: a client that reaches this port directly can pose as any address and escape the login limits. Set TRUST_PROXY to the address of your reverse proxy instead. / TRUST_PROXY=true は誰の X-Forwarded-For も信用します。リバースプロキシのアドレスを指定してください。';
    app.log.warn(warning);
    process.stderr.write(`  WARNING: ${warning}\n\n`);
  }
  if (!config.demo) {
    // After listening: for a database loaded by an older version this may verify a few password hashes.
    const active = await demoAccountsInUse({ db: app.db }, config.demoPassword);
    if (active.length) {
      app.log.warn({ demoAccounts: active }, 'DEMO_DATA=false but demo accounts still have the demo password');
      process.stderr.write(`${demoAccountsWarning(active)}\n`);
    }
  }
}

main().catch((e: unknown) => {
  if (e instanceof PluginError || e instanceof ConfigError || e instanceof StartupError) {
    process.stderr.write(`\nCannot start / 起動できません:\n${(e as Error).message}\n\n`);
  } else {
    process.stderr.write(`\nCannot start / 起動できません: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exit(1);
});
