/** The office registry, its CSV, status sheets and the citywide "who can take new cases" board. */
import type { FastifyInstance } from 'fastify';
import type { Office, OfficeCreate, OfficeImport, OfficeUpdate, StatusSheetInput } from '../../../schemas/types.js';
import { errors } from '../../core/errors.js';
import { isNewOn, networkRules } from '../../core/offices.js';
import { encodeCsv, officesToCsv } from '../../formats/office-csv.js';
import { findOffice, listOffices, listStatusSheets } from '../../db/repositories/network.js';
import { changeOffice, createOffice, importOffices } from '../../services/offices.js';
import { addStatusSheet } from '../../services/network.js';
import { availability } from '../../services/network-figures.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import { wardOfBody, wardOfOfficeParam } from '../locators.js';

const wardQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ward: { $ref: 'common.schema.json#/definitions/slug' },
    on: { $ref: 'common.schema.json#/definitions/isoDate' },
  },
} as const;

function today(): string {
  // The city's offices work on Japan time; "today" is the date in Tokyo.
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}

export default async function officeRoutes(app: FastifyInstance) {
  const rules = () => networkRules(app.plugins.catalog.city);
  const withNew = (o: Office, on: string): Office => ({ ...o, isNew: isNewOn(o, on, rules().newOfficeYears) });

  app.get<{ Querystring: { ward?: string; on?: string } }>('/offices', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['offices'], summary: "A ward's office registry (or every ward's); isNew as of `on` (default today)", querystring: wardQuery, response: { 200: ref('network', 'officeList'), ...errorResponses } },
    handler: async (request) => {
      const on = request.query.on ?? today();
      return { wardId: request.query.ward ?? null, offices: (await listOffices(app.db, request.query.ward)).map((o) => withNew(o, on)) };
    },
  });

  app.post<{ Body: OfficeCreate }>('/offices', {
    config: { access: { permission: 'office.write', ward: wardOfBody } },
    schema: { tags: ['offices'], summary: 'Register an office (an organisation; no personal data)', body: ref('network', 'officeCreate'), response: { 201: ref('network', 'office'), ...errorResponses } },
    handler: async (request, reply) => {
      const office = await createOffice(serviceContext(request), request.body);
      return reply.code(201).header('location', `/api/offices/${office.id}`).send(withNew(office, today()));
    },
  });

  app.put<{ Params: { id: string }; Body: OfficeUpdate }>('/offices/:id', {
    config: { access: { permission: 'office.write', ward: wardOfOfficeParam } },
    schema: { tags: ['offices'], summary: 'Change an office (send the version it was based on); close it by giving closedOn and closure', params: idParams, body: ref('network', 'officeUpdate'), response: { 200: ref('network', 'office'), ...errorResponses } },
    handler: async (request) => withNew(await changeOffice(serviceContext(request), request.params.id, request.body), today()),
  });

  app.get<{ Querystring: { ward?: string; encoding?: 'utf-8' | 'shift_jis'; lang?: 'ja' | 'en' } }>('/offices.csv', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['offices'],
      summary: 'The registry as CSV: UTF-8 with BOM and CRLF (default) or Shift_JIS; Japanese headers (default) or English',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          encoding: { type: 'string', enum: ['utf-8', 'shift_jis'] },
          lang: { type: 'string', enum: ['ja', 'en'] },
        },
      },
      response: { 200: { type: 'string' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { ward, encoding = 'utf-8', lang = 'ja' } = request.query;
      const offices = await listOffices(app.db, ward);
      const csv = officesToCsv(offices, (k) => rules().kinds.find((x) => x.id === k)?.name, lang);
      const file = `offices-${ward ?? app.plugins.catalog.city.id}.csv`;
      return reply
        .type(`text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(encodeCsv(csv, encoding));
    },
  });

  app.post<{ Body: OfficeImport }>('/offices/import', {
    config: { access: { permission: 'office.write', ward: wardOfBody } },
    schema: {
      tags: ['offices'],
      summary: "Import a ward's registry from CSV (base64): preview with confirm=false, save with confirm=true — nothing is saved while any row has a problem",
      body: ref('network', 'officeImport'),
      response: { 200: ref('network', 'officeImportResult'), ...errorResponses },
    },
    handler: async (request) => importOffices(serviceContext(request), request.body.wardId, request.body.data, request.body.confirm ?? false),
  });

  app.get<{ Querystring: { ward?: string; kind?: string; children?: boolean; on?: string } }>('/offices/availability', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['offices'],
      summary: 'The new-case board: every open office with its latest status-sheet answer; stale answers marked',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          kind: { $ref: 'common.schema.json#/definitions/slug' },
          children: { type: 'boolean' },
          on: { $ref: 'common.schema.json#/definitions/isoDate' },
        },
      },
      response: { 200: ref('network', 'availability'), ...errorResponses },
    },
    handler: async (request) => {
      const { ward, kind, children, on } = request.query;
      return availability(app.db, app.plugins, on ?? today(), { wardId: ward, kind, children });
    },
  });

  app.get<{ Params: { id: string } }>('/offices/:id/status-sheets', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['offices'], summary: "An office's status sheets (近況票), latest first", params: idParams, response: { 200: ref('network', 'statusSheetList'), ...errorResponses } },
    handler: async (request) => {
      if (!(await findOffice(app.db, request.params.id))) throw errors.notFound({ en: 'The office', ja: '事業所' });
      return listStatusSheets(app.db, { officeId: request.params.id });
    },
  });

  app.post<{ Params: { id: string }; Body: StatusSheetInput }>('/offices/:id/status-sheets', {
    config: { access: { permission: 'office.write', ward: wardOfOfficeParam } },
    schema: { tags: ['offices'], summary: 'Add a status sheet (近況票) of an office: trends, issues, can it take new plan cases', params: idParams, body: ref('network', 'statusSheetInput'), response: { 201: ref('network', 'statusSheet'), ...errorResponses } },
    handler: async (request, reply) => reply.code(201).send(await addStatusSheet(serviceContext(request), request.params.id, request.body)),
  });
}
