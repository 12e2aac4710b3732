/**
 * Starts the server: configuration from the environment, the app, listen, and a graceful stop on
 * SIGINT/SIGTERM (in-flight requests finish, the database is closed cleanly).
 */
import { buildApp } from './app.js';
import { ConfigError, configFromEnv } from './config.js';
import { PluginError } from './plugin-host/load-plugins.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await buildApp({
    config,
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
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
    lines.push(`  demo data loaded: ${init.plans} plans, ${init.progressRecords} progress records`);
    lines.push(`  demo users (DEMO ONLY): ${init.users.join(', ')} / password: ${config.demoPassword === 'council-demo-2026' ? 'council-demo-2026' : '(DEMO_PASSWORD)'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((e: unknown) => {
  if (e instanceof PluginError || e instanceof ConfigError) {
    process.stderr.write(`\nCannot start / 起動できません:\n${(e as Error).message}\n\n`);
  } else {
    process.stderr.write(`\nCannot start / 起動できません: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exit(1);
});
