import type { FastifyInstance } from 'fastify';
import type { Rollup } from '../../../schemas/types.js';
import { rollupPeriod } from '../../services/city-rollup.js';
import { RollupCache } from '../../services/rollup-cache.js';
import { cachedSerializer } from '../../validation/schemas.js';
import { sendCachedJson } from '../cached-json.js';
import { errorResponses, ref } from '../context.js';

const rollupSchema = ref('rollup', 'rollup');

export default async function rollupRoutes(app: FastifyInstance) {
  // The same precompiled serializer the response schema would use; the cache stores its output, and a
  // JSON string sent with a JSON content type goes out as it is.
  const serialize = cachedSerializer(rollupSchema) as (rollup: Rollup) => string;
  const cache = new RollupCache(app.db, app.plugins, serialize);

  app.get<{ Querystring: { fiscalYear?: number; asOf?: string } }>('/rollup', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['rollup'],
      summary: 'Citywide roll-up of ward progress against plan as of a month (default: the last finished month; the month in progress is reported apart)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' },
          asOf: { $ref: 'common.schema.json#/definitions/yearMonth' },
        },
      },
      response: { 200: rollupSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { fiscalYear, asOf, today } = rollupPeriod(request.query, app.now());
      return sendCachedJson(request, reply, await cache.body(fiscalYear, asOf, today, request.session!.dataStamp));
    },
  });
}

