/**
 * The application as a Fastify plugin tree. Loaded in a fixed order: configuration and database →
 * ward plugins → security (cookies, sessions, authorization, headers) → API routes → the web app.
 * server.ts only configures, starts and stops it; tests build it with a fresh database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { type DatabaseConfig, type OpenDatabase, migrateToLatest, openDatabase } from './db/connect.js';
import { StartupError, checkIntegrity, damaged, markInUse, preflightSqlite, processesUsing } from './db/preflight.js';
import { checkCity } from './services/database-identity.js';
import { HealthProbe } from './services/health.js';
import { type LoadedPlugins, loadPlugins } from './plugin-host/load-plugins.js';
import { loadPluginTemplates } from './plugin-host/load-templates.js';
import { boundedBodyValidator, cachedSerializer, schemaDocuments, sharedAjv } from './validation/schemas.js';
import { installErrorHandling } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import access from './http/access.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { AppError } from './core/errors.js';
import { dropUnsupportedKeywords, repairOpenApiRefs } from './http/openapi-refs.js';
import healthRoutes from './http/routes/health.js';
import catalogRoutes from './http/routes/catalog.js';
import plannerRoutes from './http/routes/planner.js';
import planRoutes from './http/routes/plans.js';
import progressRoutes from './http/routes/progress.js';
import escalationRoutes from './http/routes/escalations.js';
import sessionRoutes from './http/routes/session.js';
import userRoutes from './http/routes/users.js';
import adminRoutes from './http/routes/admin.js';
import rollupRoutes from './http/routes/rollup.js';
import commentRoutes from './http/routes/comments.js';
import formatRoutes from './http/routes/formats.js';
import officeRoutes from './http/routes/offices.js';
import networkRoutes from './http/routes/network.js';
import calendarRoutes from './http/routes/calendar.js';
import { initializeData, type InitializeResult } from './services/initialize.js';
import { pageRenderer } from './http/page-render.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    sqlite: SQLite.Database | undefined;
    databaseKind: DatabaseConfig['kind'];
    plugins: LoadedPlugins;
    initialized: InitializeResult | undefined;
    /** The server's clock: the real one, or FIXED_NOW (demonstrations, browser tests). */
    now: () => Date;
  }
}

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Run the first-start step (demo data or first administrator). Tests that seed their own users turn it off. */
  initialize?: boolean;
  /** Where the first-start step prints the generated administrator password. */
  announce?: (message: string) => void;
}

type CheckedDatabase = OpenDatabase & { release: () => void };

/**
 * Opens the database and checks it before anything is served (server/db/preflight.ts): a writable
 * DATA_DIR, no silent first start over a lost database, a passing integrity check. Done before Fastify's
 * plugin loading, whose per-plugin time limit a large database's check must not be subject to.
 */
function openCheckedDatabase(config: Config): CheckedDatabase {
  const db = config.database;
  if (db.kind !== 'sqlite') return { ...openDatabase(db), release: () => undefined };
  const restoring = processesUsing(db.file).filter((p) => p.role === 'restore');
  if (restoring.length) {
    throw new StartupError(`A restore is replacing ${db.file} right now (pid ${restoring[0]!.pid}); start the server when it has finished.\nデータベースを復元中です(pid ${restoring[0]!.pid})。復元が終わってから起動してください。`);
  }
  preflightSqlite(db.file, { allowEmptyDatabase: config.allowEmptyDatabase });
  let opened: OpenDatabase;
  try {
    opened = openDatabase(db);
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw damaged(db.file, (e as Error).message);
    throw e;
  }
  try {
    checkIntegrity(opened.sqlite!, db.file);
  } catch (e) {
    opened.sqlite!.close();
    throw e;
  }
  return { ...opened, release: markInUse(db.file, 'server') };
}

/** Database: migrated, checked to belong to this city, closed with the app. */
const databasePlugin = fp(
  async (app: FastifyInstance, opts: { opened: CheckedDatabase }) => {
    const { opened } = opts;
    app.decorate('db', opened.db);
    app.decorate('sqlite', opened.sqlite);
    app.decorate('databaseKind', opened.config.kind);
    app.addHook('onClose', async () => {
      await opened.db.destroy();
      opened.release();
    });
    await migrateToLatest(opened.db);
    await checkCity(opened.db, app.plugins.catalog);
    // A database file that opens read-only (its own permissions, a read-only mount) passes every check
    // above without writing: one real write proves it accepts saves before anything is served.
    const probe = await new HealthProbe(opened.db).check(true);
    if (!probe.writable) {
      throw new StartupError(
        `The database does not accept writes (${probe.reason}). Check free disk space and the permissions of DATA_DIR and council.sqlite (or the PostgreSQL user's rights).\n` +
          `データベースに書き込めません(${probe.reason})。ディスクの空き容量と、DATA_DIR と council.sqlite の権限(または PostgreSQL ユーザーの権限)を確認してください。`,
      );
    }
  },
  { name: 'db', dependencies: ['plugin-host'] },
);

/** Ward plugins: loaded and validated before any route exists. */
const pluginHost = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    const loaded = loadPlugins(opts.config.pluginsDir, { city: opts.config.city });
    for (const w of loaded.warnings) app.log.warn(w);
    app.decorate('plugins', { ...loaded, templates: loadPluginTemplates(loaded) });
  },
  { name: 'plugin-host' },
);

/**
 * Builds the app, ready to listen or inject: the database opened and checked, every plugin loaded, and —
 * unless `initialize: false` — the first-start step done. That step (demo data with its password hashes)
 * runs after Fastify's ready(), outside the plugin time limit, so a busy machine cannot fail the start.
 */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const opened = openCheckedDatabase(options.config);
  let app: FastifyInstance | undefined;
  try {
    app = await assemble(options, opened);
    await app.ready();
  } catch (e) {
    // The database may not have been handed to the app yet (a plugin failed first): close it either way.
    if (app) await app.close().catch(() => undefined);
    await opened.db.destroy().catch(() => undefined);
    opened.release();
    throw e;
  }
  if (options.initialize ?? true) {
    const { config } = options;
    try {
      app.initialized = await initializeData(
        { db: app.db, plugins: app.plugins, actor: null, now: app.now().toISOString() },
        { demo: config.demo, demoPassword: config.demoPassword, adminPassword: config.adminPassword, announce: options.announce },
      );
    } catch (e) {
      await app.close().catch(() => undefined);
      throw e;
    }
  }
  return app;
}

async function assemble(options: BuildOptions, opened: CheckedDatabase): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  });

  // Bodies are validated strictly (no coercion, no stripping); query strings and URL parameters arrive
  // as text and are coerced to the schema's types.
  // Bodies go through a size pre-check before Ajv (validation/limits.ts), so that no body within the
  // size limit can hold the event loop; query strings and parameters are bounded by the URL's length.
  const textAjv = sharedAjv('text');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? boundedBodyValidator(schema) : textAjv.compile(schema)));
  app.setSerializerCompiler(({ schema }) => cachedSerializer(schema));
  for (const doc of schemaDocuments()) app.addSchema(doc);
  installErrorHandling(app);
  installJsonBodyParser(app);

  // FIXED_NOW sets the clock at start-up; it then runs on (so that changes keep their order in time).
  const offset = config.fixedNow ? Date.parse(config.fixedNow) - Date.now() : 0;
  app.decorate('now', () => new Date(Date.now() + offset));
  await app.register(pluginHost, { config });
  await app.register(databasePlugin, { opened });
  app.decorate('initialized', undefined);

  await app.register(cookie);
  installSecurityHeaders(app);
  await app.register(access, { config });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Council planner API',
        description: 'Ward council action plans, progress and the citywide roll-up. Log in with POST /api/session; send the CSRF token it returns as x-csrf-token on every change.',
        version: '1.0.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
    },
    refResolver: {
      // A document's component is named `<file>_schema` (plan.schema.json → plan_schema), never the same as
      // one of its definitions: @fastify/swagger drops a definition named like its document's component
      // (plan.schema.json#/definitions/plan vanished, and every reference to it dangled).
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id.replace(/\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '_') : `def-${i}`),
    },
    // Some references come out of @fastify/swagger pointing nowhere, and a few JSON Schema keywords are
    // not OpenAPI 3.0 (http/openapi-refs.ts says which).
    transformObject: (documents) => dropUnsupportedKeywords(repairOpenApiRefs('openapiObject' in documents ? documents.openapiObject : documents.swaggerObject)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // No request may leave the intranet: no validator badge (it calls validator.swagger.io).
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    // swagger-ui's own policy, made fit for a closed network: no upgrade-insecure-requests (it breaks the
    // page on plain HTTP — every script and style would be fetched over https), no external hosts.
    transformStaticCSP: docsCsp,
  });

  await app.register(
    async (api) => {
      // On every answer, errors included (a synchronous hook: no promise per request).
      api.addHook('onSend', (_request, reply, payload, done) => {
        reply.header('cache-control', 'no-store');
        done(null, payload);
      });
      await api.register(healthRoutes);
      await api.register(sessionRoutes, { config });
      await api.register(catalogRoutes);
      await api.register(planRoutes);
      await api.register(plannerRoutes);
      await api.register(progressRoutes);
      await api.register(escalationRoutes);
      await api.register(rollupRoutes);
      await api.register(commentRoutes);
      await api.register(formatRoutes, { config });
      await api.register(officeRoutes);
      await api.register(networkRoutes);
      await api.register(calendarRoutes);
      await api.register(userRoutes);
      await api.register(adminRoutes, { config });
    },
    { prefix: '/api' },
  );

  registerWebApp(app, config.webDir);
  return app;
}

/** The docs page's Content-Security-Policy: swagger-ui's, without upgrade-insecure-requests or outside hosts, inline styles allowed. */
export function docsCsp(header: string): string {
  return header
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^upgrade-insecure-requests$/i.test(d))
    .map((d) => d.split(/\s+/).filter((source) => source !== 'https:' && source !== 'validator.swagger.io').join(' '))
    // swagger-ui sets style attributes (as the app itself does); scripts stay 'self' only.
    .map((d) => (/^style-src\b/.test(d) && !d.includes("'unsafe-inline'") ? `${d} 'unsafe-inline'` : d))
    .join('; ');
}

/** The built Svelte app (dist/web), with every non-API path answered by index.html (client-side routing). */
function registerWebApp(app: FastifyInstance, webDir: string): void {
  const index = join(webDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        // Hashed assets never change; index.html must always be revalidated to pick up a new build.
        reply.header('cache-control', path.includes(join('assets', '')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const pages = pageRenderer(app, webDir);
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api' || request.method !== 'GET') {
      throw new AppError(404, 'NOT_FOUND', { en: `No such endpoint: ${request.method} ${request.url.split('?')[0]}`, ja: 'そのような API はありません。' });
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app has not been built yet: run `npm run build` (npm start does it for you).\nWeb アプリがまだビルドされていません。`npm run build` を実行してください。');
    }
    const rendered = await pages.render(request);
    // A rendered page holds the visitor's data: never stored by a cache; the plain page is the same for all.
    if (rendered !== null) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'cookie').send(rendered);
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(index));
  });
}
