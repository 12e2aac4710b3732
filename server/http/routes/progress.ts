import type { FastifyInstance } from 'fastify';
import type { ProgressBatch, ProgressFields } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { monthAgenda } from '../../core/agenda.js';
import { currentDate, currentYearMonth, defaultMonth } from '../../core/fiscal-year.js';
import { findPlan } from '../../db/repositories/plans.js';
import { withRecordNames } from '../../db/repositories/users.js';
import { progressOfPlan, removeProgress, saveProgress } from '../../services/progress.js';
import { cellParams, errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfPlanParam } from '../locators.js';

export default async function progressRoutes(app: FastifyInstance) {
  app.get<{ Params: { id: string } }>('/plans/:id/progress', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['progress'], summary: "A plan's progress records", params: idParams, response: { 200: ref('progress', 'progressList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw errors.notFound({ en: 'The plan', ja: '計画' });
      return { planId: request.params.id, records: await withRecordNames(app.db, await progressOfPlan(app.db, request.params.id)) };
    },
  });

  app.get<{ Params: { id: string }; Querystring: { month?: number } }>('/plans/:id/agenda', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['progress'],
      summary: "A month's list: cells due, overdue cells, as-needed rows (default: this month, or the year's last month after it)",
      params: idParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { month: { $ref: 'common.schema.json#/definitions/month' } },
      },
      response: { 200: ref('progress', 'agenda'), ...errorResponses },
    },
    handler: async (request) => {
      const plan = await findPlan(app.db, request.params.id);
      if (!plan) throw errors.notFound({ en: 'The plan', ja: '計画' });
      const now = app.now();
      const month = request.query.month ?? defaultMonth(plan.fiscalYear, currentYearMonth(now)).month;
      return monthAgenda(plan, await withRecordNames(app.db, await progressOfPlan(app.db, plan.id)), month, currentDate(now));
    },
  });

  app.post<{ Params: { id: string }; Body: ProgressBatch; Querystring: { dryRun?: boolean } }>('/plans/:id/progress', {
    config: { access: { permission: 'progress.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['progress'],
      summary: "Save several records at once (a month's records in one pass); all or none. dryRun=true only checks them (every problem at once, nothing saved, records: [])",
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { dryRun: { type: 'boolean' } } },
      body: ref('progress', 'progressBatch'),
      response: { 200: ref('progress', 'progressList'), ...errorResponses },
    },
    handler: async (request) => {
      const records = await saveProgress(serviceContext(request), request.params.id, request.body.records, (i) => `/records/${i}`, { dryRun: request.query.dryRun === true });
      return { planId: request.params.id, records: await withRecordNames(app.db, records) };
    },
  });

  app.put<{ Params: { id: string; rowId: string; month: number }; Body: ProgressFields }>('/plans/:id/progress/:rowId/:month', {
    config: { access: { permission: 'progress.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['progress'],
      summary: 'Record (or change) what happened for one schedule row in one month',
      params: cellParams,
      body: ref('progress', 'progressFields'),
      response: { 200: ref('progress', 'progressRecord'), ...errorResponses },
    },
    handler: async (request) => {
      const { id, rowId, month } = request.params;
      const [record] = await saveProgress(serviceContext(request), id, [{ ...request.body, rowId, month }], () => '');
      return (await withRecordNames(app.db, [record!]))[0];
    },
  });

  app.delete<{ Params: { id: string; rowId: string; month: number }; Querystring: { version: number } }>('/plans/:id/progress/:rowId/:month', {
    config: { access: { permission: 'progress.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['progress'],
      summary: 'Delete a progress record (send the version it was based on)',
      params: cellParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['version'],
        properties: { version: { $ref: 'common.schema.json#/definitions/version' } },
      },
      response: { 204: { type: 'null' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { id, rowId, month } = request.params;
      await removeProgress(serviceContext(request), id, rowId, month, request.query.version);
      return reply.code(204).send();
    },
  });
}
