import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { backupSqlite } from '../../db/backup.js';
import { listJournal } from '../../db/repositories/journal.js';
import { clearLocks, listLocks } from '../../services/login-throttle.js';
import type { UnlockRequest } from '../../../schemas/types.js';
import { errorResponses, ref, serviceContext } from '../context.js';

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

  app.get<{ Querystring: { entity?: 'plan' | 'progress' | 'escalation' | 'user' | 'comment' | 'login'; ward?: string; limit?: number } }>('/journal', {
    config: { access: { permission: 'user.manage' } },
    schema: {
      tags: ['admin'],
      summary: 'The audit journal, newest first (administrators)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entity: { type: 'string', enum: ['plan', 'progress', 'escalation', 'user', 'comment', 'login'] },
          ward: { $ref: 'common.schema.json#/definitions/slug' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
      response: { 200: ref('journal', 'entryList'), ...errorResponses },
    },
    handler: async (request) =>
      listJournal(app.db, { entity: request.query.entity, wardId: request.query.ward, limit: request.query.limit ?? 200 }),
  });

  app.get('/admin/login-locks', {
    config: { access: { permission: 'user.manage' } },
    schema: { tags: ['admin'], summary: 'Login locks in force now (administrators)', response: { 200: ref('user', 'loginLockList'), ...errorResponses } },
    handler: async () => listLocks(app.db),
  });

  app.post<{ Body: UnlockRequest }>('/admin/login-locks/clear', {
    config: { access: { permission: 'user.manage' } },
    schema: {
      tags: ['admin'],
      summary: 'Clear the login locks of a user name (from every address) and/or of an address; journalled',
      body: ref('user', 'unlockRequest'),
      response: { 200: ref('user', 'unlockResult'), ...errorResponses },
    },
    handler: async (request) => {
      const ctx = serviceContext(request);
      const cleared = await clearLocks(app.db, request.body, ctx.actor);
      request.log.warn({ unlock: { ...request.body, cleared, by: ctx.actor?.username } }, 'login locks cleared by an administrator');
      return { cleared };
    },
  });
}
