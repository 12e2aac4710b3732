import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/health', {
    config: { access: { public: true } },
    schema: {
      tags: ['system'],
      summary: 'Liveness and database check (no login needed)',
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['status', 'database', 'city'],
          properties: {
            status: { type: 'string', enum: ['ok'] },
            database: { type: 'string' },
            city: { $ref: 'common.schema.json#/definitions/localizedText' },
          },
        },
      },
    },
    handler: async () => {
      await sql`select 1`.execute(app.db);
      return { status: 'ok', database: app.databaseKind, city: app.plugins.catalog.city.name };
    },
  });
}
