/** How routes find the ward a request concerns, for the authorization hook. */
import type { FastifyRequest } from 'fastify';
import type { WardLocator } from './access.js';

function param(request: FastifyRequest, name: string): string | undefined {
  const v = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.length <= 64 ? v : undefined;
}

/** The ward of the plan named by :id. */
export const wardOfPlanParam: WardLocator = async (request) => {
  const id = param(request, 'id');
  if (!id) return undefined;
  const row = await request.server.db.selectFrom('plans').select('ward_id').where('id', '=', id).executeTakeFirst();
  return row?.ward_id;
};

/** The ward of the escalation named by :id. */
export const wardOfEscalationParam: WardLocator = async (request) => {
  const id = param(request, 'id');
  if (!id) return undefined;
  const row = await request.server.db.selectFrom('escalations').select('ward_id').where('id', '=', id).executeTakeFirst();
  return row?.ward_id;
};

/** The ward named in the body (a new plan); undefined when absent, so validation reports it. */
export const wardOfBody: WardLocator = async (request) => {
  const v = (request.body as Record<string, unknown> | null | undefined)?.wardId;
  return typeof v === 'string' ? v : undefined;
};

/** The ward of the office named by :id. */
export const wardOfOfficeParam: WardLocator = async (request) => {
  const id = param(request, 'id');
  if (!id) return undefined;
  const row = await request.server.db.selectFrom('offices').select('ward_id').where('id', '=', id).executeTakeFirst();
  return row?.ward_id;
};

/** The ward of the office named in the body (a visit); undefined when absent or unknown. */
export const wardOfBodyOffice: WardLocator = async (request) => {
  const v = (request.body as Record<string, unknown> | null | undefined)?.officeId;
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const row = await request.server.db.selectFrom('offices').select('ward_id').where('id', '=', v).executeTakeFirst();
  return row?.ward_id;
};

/** The ward of the visit named by :id. */
export const wardOfVisitParam: WardLocator = async (request) => {
  const id = param(request, 'id');
  if (!id) return undefined;
  const row = await request.server.db.selectFrom('visits').select('ward_id').where('id', '=', id).executeTakeFirst();
  return row?.ward_id;
};
