import type { FastifyInstance } from 'fastify';
import type { UserCreate, UserUpdate } from '../../../schemas/types.js';
import { listUsers } from '../../db/repositories/users.js';
import { createUser, updateUser } from '../../services/users.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';

export default async function userRoutes(app: FastifyInstance) {
  app.get('/users', {
    config: { access: { permission: 'user.manage' } },
    schema: { tags: ['users'], summary: 'All users (administrators)', response: { 200: ref('user', 'userList'), ...errorResponses } },
    handler: async () => listUsers(app.db),
  });

  app.post<{ Body: UserCreate }>('/users', {
    config: { access: { permission: 'user.manage' } },
    schema: { tags: ['users'], summary: 'Create a user', body: ref('user', 'userCreate'), response: { 201: ref('user', 'user'), ...errorResponses } },
    handler: async (request, reply) => reply.code(201).send(await createUser(serviceContext(request), request.body)),
  });

  app.put<{ Params: { id: string }; Body: UserUpdate }>('/users/:id', {
    config: { access: { permission: 'user.manage' } },
    schema: {
      tags: ['users'],
      summary: 'Change a user (role, ward, password, disable); ends their sessions when access changes',
      params: idParams,
      body: ref('user', 'userUpdate'),
      response: { 200: ref('user', 'user'), ...errorResponses },
    },
    handler: async (request) => updateUser(serviceContext(request), request.params.id, request.body),
  });
}
