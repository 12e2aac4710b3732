/**
 * The plan in and out of office formats: xlsx export and import, CSV of the schedule, the progress records
 * and the roll-up, and the city workbook. Thin: the layout and tables are in server/core, the file formats
 * in server/formats, the import's use case in server/services/plan-import.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { errors } from '../../core/errors.js';
import { findWard } from '../../core/catalog.js';
import { progressTable, rollupTable, scheduleTable } from '../../core/csv-tables.js';
import { eraFiscalYear } from '../../core/fiscal-year.js';
import { ACTUAL_MARKS } from '../../core/plan-layout.js';
import { findPlan } from '../../db/repositories/plans.js';
import { progressOfPlan } from '../../db/repositories/progress.js';
import { attachment } from '../../formats/content-disposition.js';
import { type CsvEncoding, csvBytes, csvContentType } from '../../formats/csv.js';
import { XLSX_TYPE, cityWorkbook, planWorkbook } from '../../formats/xlsx.js';
import { notXlsx } from '../../formats/zip-guard.js';
import { computeCityRollup, rollupPeriod } from '../../services/city-rollup.js';
import { readImport, saveImport } from '../../services/plan-import.js';
import { errorResponses, idParams, ref, serviceContext } from '../context.js';
import type { WardLocator } from '../access.js';

const binary = { type: 'string', format: 'binary', description: 'The file' } as const;
const fileResponses = { 200: binary, ...errorResponses, 422: ref('error', 'error') } as const;
const encodingQuery = { encoding: { type: 'string', enum: ['utf-8', 'shift_jis'], default: 'utf-8' } } as const;
const yearQuery = {
  fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' },
  asOf: { $ref: 'common.schema.json#/definitions/yearMonth' },
} as const;

/** The ward named in the query (an import); undefined when absent, so validation reports it. */
const wardOfQuery: WardLocator = async (request) => {
  const v = (request.query as Record<string, unknown> | undefined)?.ward;
  return typeof v === 'string' && v.length <= 64 ? v : undefined;
};

const notFound = () => errors.notFound({ en: 'The plan', ja: '計画' });

export default async function formatRoutes(app: FastifyInstance, opts: { config: Config }) {
  // The workbook arrives as the raw body, up to its own limit (413 above it); any other type is 415.
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: opts.config.importLimit }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) => done(notXlsx({ en: `the request's Content-Type is not ${XLSX_TYPE}`, ja: `Content-Type が ${XLSX_TYPE} ではありません` }), undefined));

  const wardName = (wardId: string) => findWard(app.plugins.catalog, wardId)?.name.ja ?? wardId;
  const fileBase = (p: { wardId: string; fiscalYear: number }) => `${eraFiscalYear(p.fiscalYear)}_${wardName(p.wardId)}`;

  app.get<{ Params: { id: string }; Querystring: { actuals?: boolean } }>('/plans/:id/export.xlsx', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['formats'],
      summary: 'The plan as an Excel workbook in the official layout (actuals=true adds a second sheet 実績)',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { actuals: { type: 'boolean' } } },
      response: fileResponses,
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, request.params.id);
      if (!plan) throw notFound();
      let actuals: Map<string, Map<number, string>> | undefined;
      if (request.query.actuals) {
        actuals = new Map();
        for (const r of await progressOfPlan(app.db, plan.id)) {
          const row = actuals.get(r.rowId) ?? new Map<number, string>();
          row.set(r.month, ACTUAL_MARKS[r.status] ?? '');
          actuals.set(r.rowId, row);
        }
      }
      const bytes = await planWorkbook(plan, { actuals });
      const suffix = request.query.actuals ? '計画と実績' : '計画案';
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`${fileBase(plan)}_${suffix}.xlsx`, `plan-${plan.wardId}-${plan.fiscalYear}${request.query.actuals ? '-actuals' : ''}.xlsx`))
        .send(bytes);
    },
  });

  app.post<{ Querystring: { ward: string; fiscalYear: number; preview?: boolean; version?: number }; Body: Buffer }>('/plans/import', {
    config: { access: { permission: 'plan.write', ward: wardOfQuery } },
    schema: {
      tags: ['formats'],
      consumes: [XLSX_TYPE],
      summary: `Read a plan from an Excel workbook in the official layout (body: the .xlsx, Content-Type ${XLSX_TYPE}). preview=true answers what was read; otherwise the plan is saved (201): a new plan, or with version= a new version of the ward's plan of that year`,
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['ward', 'fiscalYear'],
        properties: {
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' },
          preview: { type: 'boolean', default: false },
          version: { $ref: 'common.schema.json#/definitions/version' },
        },
      },
      response: {
        200: ref('formats', 'importPreview'),
        201: ref('plan', 'plan'),
        ...errorResponses,
        413: ref('error', 'error'),
        415: ref('error', 'error'),
      },
    },
    handler: async (request: FastifyRequest<{ Querystring: { ward: string; fiscalYear: number; preview?: boolean; version?: number }; Body: Buffer }>, reply) => {
      if (!Buffer.isBuffer(request.body)) throw notXlsx({ en: `send the file itself with Content-Type ${XLSX_TYPE}`, ja: `ファイルそのものを Content-Type ${XLSX_TYPE} で送信してください` });
      const ctx = serviceContext(request);
      const options = { wardId: request.query.ward, fiscalYear: request.query.fiscalYear, version: request.query.version };
      const preview = await readImport(ctx, request.body, options);
      if (request.query.preview) return preview;
      const plan = await saveImport(ctx, preview, options);
      return reply.code(201).header('location', `/api/plans/${plan.id}`).send(plan);
    },
  });

  app.get<{ Params: { id: string }; Querystring: { encoding?: CsvEncoding } }>('/plans/:id/schedule.csv', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['formats'],
      summary: 'The schedule as CSV (UTF-8 with BOM and CRLF, or encoding=shift_jis)',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: encodingQuery },
      response: fileResponses,
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, request.params.id);
      if (!plan) throw notFound();
      const enc = request.query.encoding ?? 'utf-8';
      return reply
        .type(csvContentType(enc))
        .header('content-disposition', attachment(`${fileBase(plan)}_スケジュール.csv`, `schedule-${plan.wardId}-${plan.fiscalYear}.csv`))
        .send(csvBytes(scheduleTable(plan), enc));
    },
  });

  app.get<{ Params: { id: string }; Querystring: { encoding?: CsvEncoding } }>('/plans/:id/progress.csv', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['formats'],
      summary: "The plan's progress records as CSV (UTF-8 with BOM and CRLF, or encoding=shift_jis)",
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: encodingQuery },
      response: fileResponses,
    },
    handler: async (request, reply) => {
      const plan = await findPlan(app.db, request.params.id);
      if (!plan) throw notFound();
      const enc = request.query.encoding ?? 'utf-8';
      const table = progressTable(plan, await progressOfPlan(app.db, plan.id), app.plugins.catalog);
      return reply
        .type(csvContentType(enc))
        .header('content-disposition', attachment(`${fileBase(plan)}_進捗記録.csv`, `progress-${plan.wardId}-${plan.fiscalYear}.csv`))
        .send(csvBytes(table, enc));
    },
  });

  async function rollupOf(query: { fiscalYear?: number; asOf?: string }) {
    const { fiscalYear, asOf, today } = rollupPeriod(query, app.now());
    return computeCityRollup(app.db, app.plugins, fiscalYear, asOf, today);
  }


  app.get<{ Querystring: { fiscalYear?: number; asOf?: string; encoding?: CsvEncoding } }>('/rollup.csv', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['formats'],
      summary: 'The citywide roll-up as CSV, one line per ward (UTF-8 with BOM and CRLF, or encoding=shift_jis)',
      querystring: { type: 'object', additionalProperties: false, properties: { ...yearQuery, ...encodingQuery } },
      response: fileResponses,
    },
    handler: async (request, reply) => {
      const { rollup } = await rollupOf(request.query);
      const enc = request.query.encoding ?? 'utf-8';
      return reply
        .type(csvContentType(enc))
        .header('content-disposition', attachment(`${eraFiscalYear(rollup.fiscalYear)}_進捗集計_${rollup.asOf}.csv`, `rollup-${rollup.fiscalYear}-${rollup.asOf}.csv`))
        .send(csvBytes(rollupTable(rollup, app.plugins.catalog), enc));
    },
  });

  app.get<{ Querystring: { fiscalYear?: number; asOf?: string } }>('/rollup.xlsx', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['formats'],
      summary: 'The city workbook: a summary sheet with the roll-up as of a month, then one sheet per ward plan',
      querystring: { type: 'object', additionalProperties: false, properties: yearQuery },
      response: fileResponses,
    },
    handler: async (request, reply) => {
      const { rollup, plans } = await rollupOf(request.query);
      const order = new Map(app.plugins.catalog.wards.map((w, i) => [w.id, i]));
      const sorted = [...plans].sort((a, b) => (order.get(a.wardId) ?? 99) - (order.get(b.wardId) ?? 99));
      const bytes = await cityWorkbook(rollup, sorted.map((plan) => ({ wardName: wardName(plan.wardId), plan })), { name: app.plugins.catalog.city.name.ja, unit: app.plugins.catalog.city.unitName.ja });
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`${eraFiscalYear(rollup.fiscalYear)}_${app.plugins.catalog.city.unitName.ja}の計画と進捗_${rollup.asOf}.xlsx`, `city-${rollup.fiscalYear}-${rollup.asOf}.xlsx`))
        .send(bytes);
    },
  });
}
