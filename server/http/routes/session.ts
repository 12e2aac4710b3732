import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginRequest } from '../../../schemas/types.js';
import type { Config } from '../../config.js';
import { login, logout } from '../../services/auth.js';
import { SESSION_COOKIE } from '../access.js';
import { errorResponses, ref } from '../context.js';

export default async function sessionRoutes(app: FastifyInstance, opts: { config: Config }) {
  const secure = (request: FastifyRequest) =>
    opts.config.cookieSecure === 'always' || (opts.config.cookieSecure === 'auto' && request.protocol === 'https');
  const clearCookie = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(request) });

  app.post<{ Body: LoginRequest }>('/session', {
    config: { access: { public: true } },
    // Anyone may call this: keep what an anonymous request can make the server parse small.
    bodyLimit: 4096,
    schema: {
      tags: ['session'],
      summary: 'Log in (sets the session cookie; answers the CSRF token to send as x-csrf-token)',
      body: ref('user', 'login'),
      response: { 200: ref('user', 'session'), 429: ref('error', 'error'), ...errorResponses },
    },
    handler: async (request, reply) => {
      // A login always starts a new session: the one the browser may still hold is ended first.
      await logout(app.db, request.cookies[SESSION_COOKIE]);
      const { token, session } = await login(app.db, { ...request.body, address: request.ip }, opts.config.session);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secure(request),
        maxAge: opts.config.session.absoluteHours * 3600,
      });
      return session;
    },
  });

  app.get('/session', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['session'], summary: 'The current user and CSRF token', response: { 200: ref('user', 'session'), ...errorResponses } },
    handler: async (request) => {
      const s = request.session!;
      return { user: s.user, csrfToken: s.csrfToken, idleTimeoutSeconds: opts.config.session.idleMinutes * 60, expiresAt: s.expiresAt };
    },
  });

  app.delete('/session', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['session'], summary: 'Log out', response: { 204: { type: 'null' }, ...errorResponses } },
    handler: async (request, reply) => {
      await logout(app.db, request.cookies[SESSION_COOKIE]);
      clearCookie(request, reply);
      return reply.code(204).send();
    },
  });
}
