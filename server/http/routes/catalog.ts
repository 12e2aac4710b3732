import type { FastifyInstance } from 'fastify';
import { errorResponses, ref } from '../context.js';

export default async function catalogRoutes(app: FastifyInstance) {
  app.get('/wards', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['catalog'],
      summary: 'The wards with their meeting types, from the plugins',
      response: { 200: ref('catalog', 'wardList'), ...errorResponses },
    },
    handler: async () => app.plugins.catalog.wards,
  });

  app.get('/city', {
    config: { access: { permission: 'read' } },
    schema: {
      tags: ['catalog'],
      summary: "The city: its subcommittee's calendar, themes, health thresholds",
      response: { 200: ref('catalog', 'city'), ...errorResponses },
    },
    handler: async () => app.plugins.catalog.city,
  });
}
