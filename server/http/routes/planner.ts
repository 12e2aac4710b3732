/**
 * The planner's year: drafting next year's plan, the lifecycle steps, deleting a draft, templates and
 * years side by side. Thin: the rules are in server/core (next-year, plan-lifecycle, plan-templates,
 * plan-compare), the transactions in server/services.
 */
import type { FastifyInstance } from 'fastify';
import type { PlanFromTemplate, PlanTransition, SaveAsTemplate } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { findPlan } from '../../db/repositories/plans.js';
import { compareYears } from '../../services/compare.js';
import { draftNextYearPlan } from '../../services/next-year.js';
import { deletePlan, listSteps, transitionPlan } from '../../services/plan-lifecycle.js';
import { listTemplates, planFromTemplateId, saveAsTemplate } from '../../services/templates.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfBody, wardOfPlanParam } from '../locators.js';

export default async function plannerRoutes(app: FastifyInstance) {
  app.post<{ Params: { id: string } }>('/plans/:id/next-year', {
    config: { access: { permission: 'plan.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['planner'],
      summary: "Draft next year's plan from this one",
      description:
        "Creates the ward's draft for the next fiscal year, linked to this plan (sourcePlanId): last year's efforts written from the progress records, findings prefilled from notes, escalations and comments, goals/issues/rows carried over, slipped rows marked, the era in the title moved on. 201 with the new draft (and Location); 200 with the existing draft (draft or returned) when there is one; 409 NEXT_YEAR_EXISTS when the next year is already submitted, approved or archived.",
      params: idParams,
      response: { 200: ref('plan', 'plan'), 201: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const result = await draftNextYearPlan(serviceContext(request), request.params.id);
      if (!result.created) return reply.code(200).header('location', `/api/plans/${result.plan.id}`).send(result.plan);
      return reply.code(201).header('location', `/api/plans/${result.plan.id}`).send(result.plan);
    },
  });

  app.post<{ Params: { id: string }; Body: PlanTransition }>('/plans/:id/transition', {
    config: { access: { permission: 'plan.transition', ward: wardOfPlanParam } },
    schema: {
      tags: ['planner'],
      summary: "One step of the plan's lifecycle (submit, approve, return, archive)",
      description:
        'draft/returned → submitted (the ward); submitted → approved | returned (a city-role user, returned needs a reason); approved → approved (re-approve a revision) | returned | archived (city). 200 with the plan; 403 FORBIDDEN when the role may not take that step (a ward cannot approve); 409 VERSION_CONFLICT on a stale version, 409 STEP_NOT_ALLOWED when the step is not allowed from the current status. Every step is journalled with who, when and the reason.',
      params: idParams,
      body: ref('planner', 'transition'),
      response: { 200: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request) => transitionPlan(serviceContext(request), request.session!.user, request.params.id, request.body),
  });

  app.get<{ Params: { id: string } }>('/plans/:id/steps', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['planner'], summary: "The plan's lifecycle steps, newest first", params: idParams, response: { 200: ref('planner', 'planStepList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw errors.notFound({ en: 'The plan', ja: '計画' });
      return listSteps(serviceContext(request), request.params.id);
    },
  });

  app.delete<{ Params: { id: string }; Querystring: { version: number } }>('/plans/:id', {
    config: { access: { permission: 'plan.delete', ward: wardOfPlanParam } },
    schema: {
      tags: ['planner'],
      summary: 'Delete a plan created by mistake (only an unsubmitted draft with nothing recorded; journalled)',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, required: ['version'], properties: { version: { $ref: 'common.schema.json#/definitions/version' } } },
      response: { 204: { type: 'null' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      await deletePlan(serviceContext(request), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  });

  app.get<{ Querystring: { ward?: string } }>('/templates', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['planner'],
      summary: 'Plan templates (of the city, of a ward, saved from plans); with ward= only those that ward may use',
      querystring: { type: 'object', additionalProperties: false, properties: { ward: { $ref: 'common.schema.json#/definitions/slug' } } },
      response: { 200: ref('planner', 'planTemplateList'), ...errorResponses },
    },
    handler: async (request) => listTemplates(serviceContext(request), request.query.ward),
  });

  app.post<{ Params: { id: string }; Body: SaveAsTemplate }>('/plans/:id/template', {
    config: { access: { permission: 'template.write' } },
    schema: {
      tags: ['planner'],
      summary: 'Save a plan as a template (administrator or city role)',
      params: idParams,
      body: ref('planner', 'saveAsTemplate'),
      response: { 201: ref('planner', 'planTemplate'), ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await saveAsTemplate(serviceContext(request), request.params.id, request.body)),
  });

  app.post<{ Body: PlanFromTemplate }>('/plans/from-template', {
    config: { access: { permission: 'plan.write', ward: wardOfBody } },
    schema: {
      tags: ['planner'],
      summary: 'Create a draft plan from a template',
      body: ref('planner', 'planFromTemplate'),
      response: { 201: ref('plan', 'plan'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const plan = await planFromTemplateId(serviceContext(request), request.body);
      return reply.code(201).header('location', `/api/plans/${plan.id}`).send(plan);
    },
  });

  app.get<{ Querystring: { ward: string; from: number; to: number } }>('/compare', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['planner'],
      summary: "One ward's plans of two years side by side (sections, rows, changed words, figures)",
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['ward', 'from', 'to'],
        properties: {
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          from: { $ref: 'common.schema.json#/definitions/fiscalYear' },
          to: { $ref: 'common.schema.json#/definitions/fiscalYear' },
        },
      },
      response: { 200: ref('planner', 'yearComparison'), ...errorResponses },
    },
    handler: async (request) => compareYears(serviceContext(request), request.query.ward, request.query.from, request.query.to),
  });
}
