/**
 * The public meeting calendar: JSON for the public page, and iCalendar feeds per ward and for the whole
 * city that calendar programs subscribe to. No account needed; only meeting names, dates, times and
 * places leave the server (server/core/calendar.ts).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { findWard } from '../../core/catalog.js';
import { currentFiscalYear } from '../../core/fiscal-year.js';
import { writeIcs } from '../../formats/ics.js';
import { calendarFeed, publicCalendar } from '../../services/network-figures.js';
import { errorResponses, ref } from '../context.js';

const yearQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { fiscalYear: { $ref: 'common.schema.json#/definitions/fiscalYear' } },
} as const;

function noWard(wardId: string): AppError {
  return new AppError(404, 'NOT_FOUND', { en: `There is no ward "${wardId}".`, ja: `区「${wardId}」はありません。` });
}

export default async function calendarRoutes(app: FastifyInstance) {
  const catalog = () => app.plugins.catalog;

  app.get<{ Querystring: { fiscalYear?: number; ward?: string } }>('/calendar', {
    config: { access: { public: true } },
    schema: {
      tags: ['calendar'],
      summary: "Public: every ward's scheduled meetings of a fiscal year (names, dates, times, places only)",
      querystring: { ...yearQuery, properties: { ...yearQuery.properties, ward: { $ref: 'common.schema.json#/definitions/slug' } } },
      response: { 200: ref('network', 'calendar'), ...errorResponses },
    },
    handler: async (request) => {
      if (request.query.ward && !findWard(catalog(), request.query.ward)) throw noWard(request.query.ward);
      return publicCalendar(app.db, app.plugins, request.query.fiscalYear ?? currentFiscalYear(), request.query.ward);
    },
  });

  const feed = async (wardId: string | undefined, fiscalYear: number | undefined) => {
    const { calendars, changedAt } = await calendarFeed(app.db, app.plugins, fiscalYear ?? currentFiscalYear(), wardId);
    const ward = wardId ? findWard(catalog(), wardId) : undefined;
    const name = ward ? `${ward.councilName.ja} 会議予定` : `${catalog().city.name.ja} 区自立支援協議会 会議予定`;
    const wardNames = new Map(catalog().wards.map((w) => [w.id, w.name]));
    return writeIcs(calendars.flatMap((c) => c.events), { name, wardNames, stamp: new Date(changedAt), prodId: { company: 'council-planner', product: catalog().city.id } });
  };

  app.get<{ Querystring: { fiscalYear?: number } }>('/calendar/city.ics', {
    config: { access: { public: true } },
    schema: { tags: ['calendar'], summary: 'Public iCalendar feed (RFC 5545) of every ward: this fiscal year and the next', querystring: yearQuery, response: { 200: { type: 'string' }, ...errorResponses } },
    handler: async (request, reply) => reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="city.ics"').send(await feed(undefined, request.query.fiscalYear)),
  });

  app.get<{ Params: { wardId: string }; Querystring: { fiscalYear?: number } }>('/calendar/:wardId.ics', {
    config: { access: { public: true } },
    schema: {
      tags: ['calendar'],
      summary: "Public iCalendar feed (RFC 5545) of one ward's meetings: this fiscal year and the next",
      params: { type: 'object', additionalProperties: false, required: ['wardId'], properties: { wardId: { $ref: 'common.schema.json#/definitions/slug' } } },
      querystring: yearQuery,
      response: { 200: { type: 'string' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { wardId } = request.params;
      if (!findWard(catalog(), wardId)) throw noWard(wardId);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${wardId}.ics"`).send(await feed(wardId, request.query.fiscalYear));
    },
  });
}
