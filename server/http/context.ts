import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.js';

/** The service context of a request: who acts, and one timestamp for everything it writes. */
export function serviceContext(request: FastifyRequest): ServiceContext {
  const user = request.session?.user;
  return {
    db: request.server.db,
    plugins: request.server.plugins,
    actor: user ? { id: user.id, username: user.username } : null,
    now: request.server.now().toISOString(),
  };
}

/** JSON Schema reference to a definition in schemas/<file>. */
export function ref(file: string, definition: string): { $ref: string } {
  return { $ref: `${file}.schema.json#/definitions/${definition}` };
}

export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { $ref: 'common.schema.json#/definitions/entityId' } },
} as const;

/** One cell of a plan's schedule: /plans/{id}/…/{rowId}/{month} (progress records, attendance, meeting dates). */
export const cellParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'rowId', 'month'],
  properties: {
    id: { $ref: 'common.schema.json#/definitions/entityId' },
    rowId: { $ref: 'common.schema.json#/definitions/itemId' },
    month: { $ref: 'common.schema.json#/definitions/month' },
  },
} as const;

export const errorResponses = {
  400: ref('error', 'error'),
  401: ref('error', 'error'),
  403: ref('error', 'error'),
  404: ref('error', 'error'),
  409: ref('error', 'error'),
} as const;
