import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import { HealthProbe, PROBE_TTL_MS } from '../../services/health.js';
import { ref } from '../context.js';

export default async function healthRoutes(app: FastifyInstance) {
  const probe = new HealthProbe(app.db);
  app.get<{ Querystring: { fresh?: boolean } }>('/health', {
    config: { access: { public: true } },
    schema: {
      tags: ['system'],
      summary: `Liveness and database check (no login needed): 503 when the database does not answer or does not accept writes. The write probe's answer is reused for ${PROBE_TTL_MS / 1000} s; ?fresh=true probes now.`,
      querystring: { type: 'object', additionalProperties: false, properties: { fresh: { type: 'boolean' } } },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['status', 'database', 'city', 'writable'],
          properties: {
            status: { type: 'string', enum: ['ok'] },
            database: { type: 'string' },
            city: { $ref: 'common.schema.json#/definitions/localizedText' },
            writable: { type: 'boolean', enum: [true] },
          },
        },
        503: ref('error', 'error'),
      },
    },
    handler: async (request) => {
      await sql`select 1`.execute(app.db);
      const w = await probe.check(request.query.fresh === true);
      if (!w.writable) {
        throw new AppError(503, 'DATABASE_NOT_WRITABLE', {
          en: `The database does not accept writes (${w.reason}): saves and logins fail. Check free disk space and that DATA_DIR (or the PostgreSQL server) is writable.`,
          ja: `データベースに書き込めません(${w.reason})。保存やログインが失敗します。ディスクの空き容量と、DATA_DIR(または PostgreSQL サーバー)に書き込めるかを確認してください。`,
        });
      }
      return { status: 'ok', database: app.databaseKind, city: app.plugins.catalog.city.name, writable: true };
    },
  });
}
