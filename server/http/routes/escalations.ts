import type { FastifyInstance } from 'fastify';
import type { EscalationCreate, EscalationReply, EscalationUpdate } from '../../../schemas/types.js';
import { listEscalations } from '../../db/repositories/escalations.js';
import { changeEscalation, createEscalation, replyToEscalation } from '../../services/escalations.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfEscalationParam, wardOfPlanParam } from '../locators.js';
import { withReplierNames } from '../../db/repositories/users.js';

export default async function escalationRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { fiscalYear?: number; ward?: string; planId?: string } }>('/escalations', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['escalations'],
      summary: 'Issues sent to the subcommittee, with replies',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' },
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          planId: { $ref: 'common.schema.json#/definitions/entityId' },
        },
      },
      response: { 200: ref('escalation', 'escalationList'), ...errorResponses },
    },
    handler: async (request) => withReplierNames(app.db, await listEscalations(app.db, { fiscalYear: request.query.fiscalYear, wardId: request.query.ward, planId: request.query.planId })),
  });

  app.post<{ Params: { id: string }; Body: EscalationCreate }>('/plans/:id/escalations', {
    config: { access: { permission: 'escalation.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['escalations'],
      summary: 'Send an issue the ward cannot solve alone to the subcommittee',
      params: idParams,
      body: ref('escalation', 'escalationCreate'),
      response: { 201: ref('escalation', 'escalation'), ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await createEscalation(serviceContext(request), request.params.id, request.body)),
  });

  app.put<{ Params: { id: string }; Body: EscalationUpdate }>('/escalations/:id', {
    config: { access: { permission: 'escalation.write', ward: wardOfEscalationParam } },
    schema: {
      tags: ['escalations'],
      summary: "Edit or withdraw the ward's escalation",
      params: idParams,
      body: ref('escalation', 'escalationUpdate'),
      response: { 200: ref('escalation', 'escalation'), ...errorResponses },
    },
    handler: async (request) => (await withReplierNames(app.db, [await changeEscalation(serviceContext(request), request.params.id, request.body)]))[0],
  });

  app.post<{ Params: { id: string }; Body: EscalationReply }>('/escalations/:id/reply', {
    config: { access: { permission: 'escalation.reply' } },
    schema: {
      tags: ['escalations'],
      summary: "The subcommittee's reply (city role)",
      params: idParams,
      body: ref('escalation', 'escalationReply'),
      response: { 200: ref('escalation', 'escalation'), ...errorResponses },
    },
    handler: async (request) => (await withReplierNames(app.db, [await replyToEscalation(serviceContext(request), request.params.id, request.body)]))[0],
  });
}
