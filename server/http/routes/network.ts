/** Attendance of recorded meetings, fixed meeting dates, and visits/hearings/supervision of offices. */
import type { FastifyInstance } from 'fastify';
import type { AttendanceInput, MeetingDateInput, VisitInput } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { currentFiscalYear } from '../../core/fiscal-year.js';
import { networkRules } from '../../core/offices.js';
import { visitCoverage, wholeYear } from '../../core/participation.js';
import { findPlan } from '../../db/repositories/plans.js';
import { attendanceOfPlan, listOffices, listVisits, meetingDatesOfPlans } from '../../db/repositories/network.js';
import { recordVisit, removeMeetingDate, removeVisit, saveAttendance, saveMeetingDate } from '../../services/network.js';
import { cellParams, errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfBodyOffice, wardOfPlanParam, wardOfVisitParam } from '../locators.js';

type Cell = { id: string; rowId: string; month: number };

export default async function networkRoutes(app: FastifyInstance) {
  const plan404 = () => errors.notFound({ en: 'The plan', ja: '計画' });

  app.get<{ Params: { id: string } }>('/plans/:id/attendance', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['network'], summary: "Which offices took part in each of a plan's recorded meetings", params: idParams, response: { 200: ref('network', 'attendanceList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw plan404();
      return { planId: request.params.id, records: await attendanceOfPlan(app.db, request.params.id) };
    },
  });

  app.put<{ Params: Cell; Body: AttendanceInput }>('/plans/:id/attendance/:rowId/:month', {
    config: { access: { permission: 'progress.write', ward: wardOfPlanParam } },
    schema: { tags: ['network'], summary: 'Set the offices that took part in the meeting of one row and month (send the version it was based on, or none the first time)', params: cellParams, body: ref('network', 'attendanceInput'), response: { 200: ref('network', 'attendance'), ...errorResponses } },
    handler: async (request) => saveAttendance(serviceContext(request), request.params.id, request.params.rowId, request.params.month, request.body),
  });

  app.get<{ Params: { id: string } }>('/plans/:id/meetings', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['network'], summary: "The fixed dates, times and places of a plan's meetings", params: idParams, response: { 200: ref('network', 'meetingDateList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findPlan(app.db, request.params.id))) throw plan404();
      return { planId: request.params.id, dates: await meetingDatesOfPlans(app.db, [request.params.id]) };
    },
  });

  app.put<{ Params: Cell; Body: MeetingDateInput }>('/plans/:id/meetings/:rowId/:month', {
    config: { access: { permission: 'plan.write', ward: wardOfPlanParam } },
    schema: { tags: ['network'], summary: 'Fix the date, time and place of a scheduled meeting (public on the calendar)', params: cellParams, body: ref('network', 'meetingDateInput'), response: { 200: ref('network', 'meetingDate'), ...errorResponses } },
    handler: async (request) => saveMeetingDate(serviceContext(request), request.params.id, request.params.rowId, request.params.month, request.body),
  });

  app.delete<{ Params: Cell; Querystring: { version: number } }>('/plans/:id/meetings/:rowId/:month', {
    config: { access: { permission: 'plan.write', ward: wardOfPlanParam } },
    schema: {
      tags: ['network'],
      summary: 'Clear a fixed meeting date (send the version it was based on)',
      params: cellParams,
      querystring: { type: 'object', additionalProperties: false, required: ['version'], properties: { version: { $ref: 'common.schema.json#/definitions/version' } } },
      response: { 204: { type: 'null' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      await removeMeetingDate(serviceContext(request), request.params.id, request.params.rowId, request.params.month, request.query.version);
      return reply.code(204).send();
    },
  });

  app.get<{ Querystring: { ward: string; fiscalYear?: number } }>('/visits', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['network'],
      summary: "A ward's visits, hearings and supervision of a fiscal year, and its coverage of the offices",
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['ward'],
        properties: { ward: { $ref: 'common.schema.json#/definitions/slug' }, fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' } },
      },
      response: { 200: ref('network', 'visitList'), ...errorResponses },
    },
    handler: async (request) => {
      const fiscalYear = request.query.fiscalYear ?? currentFiscalYear();
      const period = wholeYear(fiscalYear);
      const [visits, offices] = await Promise.all([listVisits(app.db, { wardId: request.query.ward, ...period }), listOffices(app.db, request.query.ward)]);
      const coverage = visitCoverage({ offices, visits: visits.map((v) => ({ officeId: v.officeId, date: v.visitedOn })), period, participationKinds: networkRules(app.plugins.catalog.city).participationKinds });
      return { wardId: request.query.ward, fiscalYear, visits, coverage };
    },
  });

  app.post<{ Body: VisitInput }>('/visits', {
    config: { access: { permission: 'office.write', ward: wardOfBodyOffice } },
    schema: { tags: ['network'], summary: 'Record a visit, hearing or supervision of an office', body: ref('network', 'visitInput'), response: { 201: ref('network', 'visit'), ...errorResponses } },
    handler: async (request, reply) => reply.code(201).send(await recordVisit(serviceContext(request), request.body)),
  });

  app.delete<{ Params: { id: string } }>('/visits/:id', {
    config: { access: { permission: 'office.write', ward: wardOfVisitParam } },
    schema: { tags: ['network'], summary: 'Delete a visit recorded by mistake', params: idParams, response: { 204: { type: 'null' }, ...errorResponses } },
    handler: async (request, reply) => {
      await removeVisit(serviceContext(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
