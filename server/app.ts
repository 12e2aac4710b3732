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
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { type DatabaseConfig, migrateToLatest, openDatabase } from './db/connect.js';
import { type LoadedPlugins, loadPlugins } from './plugin-host/load-plugins.js';
import { cachedSerializer, schemaDocuments, sharedAjv } from './validation/schemas.js';
import { installErrorHandling } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import access from './http/access.js';
import { AppError } from './core/errors.js';
import healthRoutes from './http/routes/health.js';
import catalogRoutes from './http/routes/catalog.js';
import planRoutes from './http/routes/plans.js';
import progressRoutes from './http/routes/progress.js';
import escalationRoutes from './http/routes/escalations.js';
import sessionRoutes from './http/routes/session.js';
import userRoutes from './http/routes/users.js';
import adminRoutes from './http/routes/admin.js';
import rollupRoutes from './http/routes/rollup.js';
import commentRoutes from './http/routes/comments.js';
import { initializeData, type InitializeResult } from './services/initialize.js';

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

/** Database: opened, migrated, closed with the app. */
const databasePlugin = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    const opened = openDatabase(opts.config.database);
    app.decorate('db', opened.db);
    app.decorate('sqlite', opened.sqlite);
    app.decorate('databaseKind', opened.config.kind);
    app.addHook('onClose', async () => {
      await opened.db.destroy();
    });
    await migrateToLatest(opened.db);
  },
  { name: 'db' },
);

/** Ward plugins: loaded and validated before any route exists. */
const pluginHost = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    const loaded = loadPlugins(opts.config.pluginsDir, { city: opts.config.city });
    for (const w of loaded.warnings) app.log.warn(w);
    app.decorate('plugins', loaded);
  },
  { name: 'plugin-host' },
);

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // The first start hashes the demo users' passwords (deliberately slow): on a busy machine that takes
    // longer than Fastify's default 10 s for a plugin or onReady hook.
    pluginTimeout: 120_000,
  });

  // Bodies are validated strictly (no coercion, no stripping); query strings and URL parameters arrive
  // as text and are coerced to the schema's types.
  const bodyAjv = sharedAjv('body');
  const textAjv = sharedAjv('text');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
  app.setSerializerCompiler(({ schema }) => cachedSerializer(schema));
  for (const doc of schemaDocuments()) app.addSchema(doc);
  installErrorHandling(app);
  installJsonBodyParser(app);

  // FIXED_NOW sets the clock at start-up; it then runs on (so that changes keep their order in time).
  const offset = config.fixedNow ? Date.parse(config.fixedNow) - Date.now() : 0;
  app.decorate('now', () => new Date(Date.now() + offset));
  await app.register(pluginHost, { config });
  await app.register(databasePlugin, { config });
  app.decorate('initialized', undefined);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Svelte and frappe-gantt set style attributes; no script may be inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The app is served over plain HTTP inside closed networks as often as over TLS.
    strictTransportSecurity: false,
  });
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
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id.replace(/\.schema\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '_') : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(
    async (api) => {
      api.addHook('onSend', async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      await api.register(healthRoutes);
      await api.register(sessionRoutes, { config });
      await api.register(catalogRoutes);
      await api.register(planRoutes);
      await api.register(progressRoutes);
      await api.register(escalationRoutes);
      await api.register(rollupRoutes);
      await api.register(commentRoutes);
      await api.register(userRoutes);
      await api.register(adminRoutes, { config });
    },
    { prefix: '/api' },
  );

  registerWebApp(app, config.webDir);

  if (options.initialize ?? true) {
    app.addHook('onReady', async () => {
      app.initialized = await initializeData(
        { db: app.db, plugins: app.plugins, actor: null, now: app.now().toISOString() },
        { demo: config.demo, demoPassword: config.demoPassword, adminPassword: config.adminPassword, announce: options.announce },
      );
    });
  }
  return app;
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
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api' || request.method !== 'GET') {
      throw new AppError(404, 'NOT_FOUND', { en: `No such endpoint: ${request.method} ${request.url.split('?')[0]}`, ja: 'そのような API はありません。' });
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app has not been built yet: run `npm run build` (npm start does it for you).\nWeb アプリがまだビルドされていません。`npm run build` を実行してください。');
    }
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(index));
  });
}
