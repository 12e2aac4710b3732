import type { FastifyInstance } from 'fastify';
import type { Plan, PlanCreate, PlanUpdate } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { listJournal } from '../../db/repositories/journal.js';
import { findPlan, listPlans } from '../../db/repositories/plans.js';
import { createPlan, planVersion, restorePlan, updatePlan } from '../../services/plans.js';
import { StampedCache } from '../../services/stamped-cache.js';
import { cachedSerializer } from '../../validation/schemas.js';
import { sendCachedJson } from '../cached-json.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfBody, wardOfPlanParam } from '../locators.js';

/** Plans kept as JSON text at once (each a few to a few tens of kB): every ward's plans of two years and more. */
const CACHED_PLANS = 256;

export default async function planRoutes(app: FastifyInstance) {
  const planSchema = ref('plan', 'plan');
  // The serializer the response schema would use, so the cached text is what the route always sent.
  const serializePlan = cachedSerializer(planSchema) as (plan: Plan) => string;
  const planTexts = new StampedCache(CACHED_PLANS);

  app.get<{ Querystring: { fiscalYear?: number; ward?: string } }>('/plans', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['plans'],
      summary: 'List plans (optionally of one fiscal year and ward)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' },
          ward: { $ref: 'common.schema.json#/definitions/slug' },
        },
      },
      response: { 200: { type: 'array', items: ref('plan', 'planSummary') }, ...errorResponses },
    },
    handler: async (request) => listPlans(app.db, { fiscalYear: request.query.fiscalYear, wardId: request.query.ward }),
  });

  app.get<{ Params: { id: string } }>('/plans/:id', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['plans'], summary: 'One plan', params: idParams, response: { 200: planSchema, ...errorResponses } },
    handler: async (request, reply) => {
      // The plan page, the Gantt page and the month page all read the plan: kept as text per data version.
      const id = request.params.id;
      const body = await planTexts.get(id, request.session!.dataStamp, async () => {
        const plan = await findPlan(app.db, id);
        return plan && serializePlan(plan);
      });
      if (!body) throw errors.notFound({ en: 'The plan', ja: '計画' });
      return sendCachedJson(request, reply, body);
    },
  });

  app.post<{ Body: PlanCreate }>('/plans', {
    config: { access: { permission: 'plan.write', ward: wardOfBody } },
    schema: { tags: ['plans'], summary: 'Create a plan', body: ref('plan', 'planContent'), response: { 201: ref('plan', 'plan'), ...errorResponses } },
    handler: async (request, reply) => {
      // Only an administrator may bring in a plan that is already submitted or approved (e.g. from paper).
      const plan = await createPlan(serviceContext(request), request.body, { initialStatus: request.session!.user.role === 'admin' ? 'any' : 'draft' });
      return reply.code(201).header('location', `/api/plans/${plan.id}`).send(plan);
    },
  });

  app.put<{ Params: { id: string }; Body: PlanUpdate }>('/plans/:id', {
    config: { access: { permission: 'plan.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['plans'],
      summary: 'Replace a plan (send the version it was based on; 409 with the current plan if someone saved first)',
      params: idParams,
      body: ref('plan', 'planUpdate'),
      response: { 200: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request) => updatePlan(serviceContext(request), request.params.id, request.body),
  });

  app.get<{ Params: { id: string } }>('/plans/:id/history', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['plans'],
      summary: "The plan's saved versions, newest first (from the audit journal)",
      params: idParams,
      response: { 200: ref('journal', 'entryList'), ...errorResponses },
    },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw errors.notFound({ en: 'The plan', ja: '計画' });
      // Every version of the plan, however many (an official record's history is not truncated).
      return listJournal(app.db, { entity: 'plan', entityId: request.params.id, limit: 1_000_000 });
    },
  });

  app.get<{ Params: { id: string; version: number } }>('/plans/:id/versions/:version', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['plans'],
      summary: 'An older version of the plan as it was saved',
      params: {
        type: 'object',
        required: ['id', 'version'],
        properties: { id: { $ref: 'common.schema.json#/definitions/entityId' }, version: { $ref: 'common.schema.json#/definitions/version' } },
      },
      response: { 200: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request) => planVersion(serviceContext(request), request.params.id, request.params.version),
  });

  app.post<{ Params: { id: string }; Body: { fromVersion: number; version: number } }>('/plans/:id/restore', {
    config: { access: { permission: 'plan.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['plans'],
      summary: 'Restore an older version as a new version (journalled)',
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['fromVersion', 'version'],
        properties: {
          fromVersion: { $ref: 'common.schema.json#/definitions/version' },
          version: { $ref: 'common.schema.json#/definitions/version' },
        },
      },
      response: { 200: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request) => restorePlan(serviceContext(request), request.params.id, request.body.fromVersion, request.body.version),
  });
}
