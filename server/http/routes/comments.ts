import type { FastifyInstance } from 'fastify';
import type { CommentCreate } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { findPlan } from '../../db/repositories/plans.js';
import { addComment, listComments } from '../../services/comments.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfPlanParam } from '../locators.js';

export default async function commentRoutes(app: FastifyInstance) {
  app.get<{ Params: { id: string } }>('/plans/:id/comments', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['plans'], summary: "Comments on a plan (the subcommittee's feedback and the ward's answers)", params: idParams, response: { 200: ref('plan', 'commentList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw errors.notFound({ en: 'The plan', ja: '計画' });
      return listComments(serviceContext(request), request.params.id);
    },
  });

  app.post<{ Params: { id: string }; Body: CommentCreate }>('/plans/:id/comments', {
    config: { access: { permission: 'comment.write', ward: wardOfPlanParam } },
    schema: { tags: ['plans'], summary: 'Comment on a plan (city role on any plan; a ward on its own)', params: idParams, body: ref('plan', 'commentCreate'), response: { 201: ref('plan', 'comment'), ...errorResponses } },
    handler: async (request, reply) => {
      const comment = await addComment(serviceContext(request), request.params.id, request.body, request.session!.user.role);
      return reply.code(201).send({ ...comment, authorName: request.session!.user.displayName });
    },
  });
}
