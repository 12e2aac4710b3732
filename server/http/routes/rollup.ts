import type { FastifyInstance } from 'fastify';
import type { Rollup } from '../../../schemas/types.js';
import { computeCityRollup, rollupPeriod } from '../../services/city-rollup.js';
import { StampedCache } from '../../services/stamped-cache.js';
import { cachedSerializer } from '../../validation/schemas.js';
import { sendCachedJson } from '../cached-json.js';
import { errorResponses, ref } from '../context.js';

const rollupSchema = ref('rollup', 'rollup');

export default async function rollupRoutes(app: FastifyInstance) {
  // The same precompiled serializer the response schema would use; the cache stores its output, and a
  // JSON string sent with a JSON content type goes out as it is.
  const serialize = cachedSerializer(rollupSchema) as (rollup: Rollup) => string;
  // Per data version (services/stamped-cache.ts): a hit costs nothing beyond the session check; a miss
  // reads three tables and runs the engine and the serializer once, however many requests wait for it.
  const rollups = new StampedCache(64);

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
      // `today` is part of the key: the month in progress changes what counts as late.
      const body = await rollups.get(`${fiscalYear}|${asOf}|${today}`, request.session!.dataStamp, async () =>
        serialize((await computeCityRollup(app.db, app.plugins, fiscalYear, asOf, today)).rollup),
      );
      return sendCachedJson(request, reply, body!);
    },
  });
}

