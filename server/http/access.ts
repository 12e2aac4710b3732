/**
 * Authentication and authorization for every route, in one place. Each API route declares in its config
 * who may call it (`access`); this plugin
 *  - resolves the session from the cookie (onRequest) and answers 401 when a route needs one,
 *  - checks the CSRF token on every state-changing request (onRequest),
 *  - decides the ward a write concerns and checks the permission (preValidation, so a ward editor who
 *    writes to another ward gets 403 whatever the body holds),
 * and refuses to start when an API route has no access rule at all.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errors } from '../core/errors.js';
import { can, isWardScoped, type Permission } from '../core/permissions.js';
import { type ResolvedSession, resolveSession, sameToken } from '../services/auth.js';
import type { Config } from '../config.js';
import type { User } from '../../schemas/types.js';

export const SESSION_COOKIE = 'sid';

/** Finds the ward a request concerns; undefined when its target does not exist (the handler then answers 404). */
export type WardLocator = (request: FastifyRequest) => Promise<string | null | undefined>;

export type AccessRule = { public: true } | { permission: Permission; ward?: WardLocator };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function csrfFailed(): AppError {
  return new AppError(403, 'CSRF_FAILED', {
    en: 'The security token is missing or out of date. Reload the page and try again.',
    ja: 'セキュリティトークンがないか古くなっています。ページを再読み込みしてからもう一度お試しください。',
  });
}

function sessionExpired(): AppError {
  return new AppError(401, 'SESSION_EXPIRED', {
    en: 'Your session has ended (timeout or logout). Please log in again.',
    ja: 'セッションが終了しました(一定時間操作がなかったか、ログアウトされました)。もう一度ログインしてください。',
  });
}

/** Why `user` may not use a ward-scoped permission on `wardId` (undefined: the target was not found), or undefined when it may. */
function wardRefusal(user: User, permission: Permission, wardId: string | null | undefined): AppError | undefined {
  if (wardId === undefined) {
    // Target not found: only someone who could write somewhere learns that (404 from the handler).
    if (user.role === 'viewer' || (user.role === 'city' && permission !== 'comment.write' && permission !== 'plan.transition')) return errors.forbidden();
    return undefined;
  }
  return can(user, permission, wardId) ? undefined : errors.forbidden();
}

export default fp(
  async function access(app: FastifyInstance, opts: { config: Config }) {
    app.decorateRequest('session', null);

    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/') && !route.config?.access && !route.url.startsWith('/api/docs')) {
        throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access); every API route must.`);
      }
    });

    app.addHook('onRequest', async (request) => {
      const rule = request.routeOptions.config?.access;
      if (!rule) return;
      const token = request.cookies[SESSION_COOKIE];
      const resolved = await resolveSession(app.db, token, opts.config.session);
      request.session = typeof resolved === 'string' ? null : resolved;
      if ('public' in rule) return;
      if (!request.session) throw resolved === 'expired' ? sessionExpired() : errors.unauthenticated();
      if (STATE_CHANGING.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameToken(sent, request.session.csrfToken)) throw csrfFailed();
      }
    });

    // Callback style, not async: most routes need no ward lookup, and those answer without a promise.
    app.addHook('preValidation', (request, _reply, done) => {
      const rule = request.routeOptions.config?.access;
      if (!rule || 'public' in rule) return done();
      const user = request.session!.user;
      if (!isWardScoped(rule.permission)) return done(can(user, rule.permission) ? undefined : errors.forbidden());
      if (!rule.ward) return done(wardRefusal(user, rule.permission, null));
      rule.ward(request).then((wardId) => done(wardRefusal(user, rule.permission, wardId)), done);
    });
  },
  { name: 'access', dependencies: ['db'] },
);
