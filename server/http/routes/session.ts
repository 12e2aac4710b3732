import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginRequest } from '../../../schemas/types.js';
import type { Config } from '../../config.js';
import { login, logout } from '../../services/auth.js';
import { describeLock } from '../../services/login-throttle.js';
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
      response: { 200: ref('user', 'session'), 429: ref('error', 'error'), 503: ref('error', 'error'), ...errorResponses },
    },
    handler: async (request, reply) => {
      // A login always starts a new session: the one the browser may still hold is ended first.
      await logout(app.db, request.cookies[SESSION_COOKIE]);
      const { token, session } = await login(
        app.db,
        // Every lock is journalled by the service; the log line is for an administrator who watches the logs.
        { ...request.body, address: request.ip, onLock: (e) => request.log.warn({ loginLock: e }, describeLock(e)) },
        opts.config.session,
      );
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

  // "Who am I" is a question, not an error: an anonymous browser gets 200 `{ authenticated: false }` (a 401
  // here would be logged in red in every logged-out page load's console).
  app.get('/session', {
    config: { access: { public: true } },
    schema: { tags: ['session'], summary: 'Whether a user is signed in; if so, who, and the CSRF token', response: { 200: ref('user', 'sessionStatus'), ...errorResponses } },
    handler: async (request, reply) => {
      const s = request.session;
      if (!s) {
        // The access hook has resolved the cookie (and ended the session if it ran out): a cookie still sent
        // here belongs to a session that is over.
        const expired = !!request.cookies[SESSION_COOKIE];
        if (expired) clearCookie(request, reply);
        return { authenticated: false, ...(expired ? { expired: true } : {}) };
      }
      return { authenticated: true, user: s.user, csrfToken: s.csrfToken, idleTimeoutSeconds: opts.config.session.idleMinutes * 60, expiresAt: s.expiresAt };
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
