import type { FastifyInstance } from 'fastify';
import { computeRollup } from '../../core/rollup.js';
import { currentDate, currentFiscalYear, currentYearMonth, defaultAsOfMonth, fiscalYearOfDate, parseYearMonth } from '../../core/fiscal-year.js';
import { listEscalations } from '../../db/repositories/escalations.js';
import { plansOfYear } from '../../db/repositories/plans.js';
import { progressOfYear } from '../../db/repositories/progress.js';
import { networkYear } from '../../services/network-figures.js';
import { errorResponses, ref } from '../context.js';

export default async function rollupRoutes(app: FastifyInstance) {
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
      response: { 200: ref('rollup', 'rollup'), ...errorResponses },
    },
    handler: async (request) => {
      const now = app.now();
      const asOfQuery = request.query.asOf;
      const parsed = asOfQuery ? parseYearMonth(asOfQuery)! : null;
      const fiscalYear = request.query.fiscalYear ?? (parsed ? fiscalYearOfDate(parsed.year, parsed.month) : currentFiscalYear(now));
      const asOf = asOfQuery ?? defaultAsOfMonth(fiscalYear, currentYearMonth(now));
      const [plans, progress, escalations] = await Promise.all([
        plansOfYear(app.db, fiscalYear),
        progressOfYear(app.db, fiscalYear),
        listEscalations(app.db, { fiscalYear }),
      ]);
      // The office network's figures sit beside the engine's: attendance stands in for typed-in counts
      // before the engine runs, and each ward gets its participation and visit coverage.
      const network = await networkYear(app.db, app.plugins, fiscalYear, asOf, plans, progress);
      const rollup = computeRollup({ fiscalYear, asOf, today: currentDate(now), catalog: app.plugins.catalog, plans, progress: network.progress, escalations });
      return { ...rollup, wards: rollup.wards.map((w) => ({ ...w, participation: network.participation.get(w.wardId), coverage: network.coverage.get(w.wardId) })) };
    },
  });
}
