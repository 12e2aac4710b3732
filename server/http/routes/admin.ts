import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { backupSqlite } from '../../db/backup.js';
import { listJournal } from '../../db/repositories/journal.js';
import { errorResponses, ref } from '../context.js';

export default async function adminRoutes(app: FastifyInstance, opts: { config: Config }) {
  app.post('/admin/backups', {
    config: { access: { permission: 'backup.run' } },
    schema: {
      tags: ['admin'],
      summary: 'Write an online backup of the database to DATA_DIR/backups (SQLite only)',
      response: {
        201: {
          type: 'object',
          additionalProperties: false,
          required: ['file', 'at'],
          properties: { file: { type: 'string' }, at: { type: 'string' } },
        },
        501: ref('error', 'error'),
        ...errorResponses,
      },
    },
    handler: async (_request, reply) => {
      if (!app.sqlite) {
        throw new AppError(501, 'BACKUP_NOT_AVAILABLE', {
          en: 'Backups from the app are for the embedded database; back up PostgreSQL with pg_dump.',
          ja: 'アプリからのバックアップは組み込みデータベース用です。PostgreSQL は pg_dump でバックアップしてください。',
        });
      }
      const at = new Date();
      const file = await backupSqlite(app.sqlite, join(opts.config.dataDir, 'backups'), at);
      return reply.code(201).send({ file: basename(file), at: at.toISOString() });
    },
  });

  app.get<{ Querystring: { entity?: 'plan' | 'progress' | 'escalation' | 'user' | 'comment'; ward?: string; limit?: number } }>('/journal', {
    config: { access: { permission: 'user.manage' } },
    schema: {
      tags: ['admin'],
      summary: 'The audit journal, newest first (administrators)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entity: { type: 'string', enum: ['plan', 'progress', 'escalation', 'user', 'comment'] },
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
      response: { 200: ref('journal', 'entryList'), ...errorResponses },
    },
    handler: async (request) =>
      listJournal(app.db, { entity: request.query.entity, wardId: request.query.ward, limit: request.query.limit ?? 200 }),
  });
}
