/**
 * Security headers (helmet's: a Content-Security-Policy that allows nothing from outside this server,
 * no framing, no MIME sniffing …) worked out ONCE and set on every answer. @fastify/helmet built helmet's
 * middleware afresh for every request — parsing the CSP directives each time was a tenth of the cost of
 * a small API request. The policy has no per-request part (no nonces), so the headers are constants.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { HELD_EVENTS_HASH } from './held-events.js';

export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // No inline script but one constant, allowed by its hash: the server-rendered pages' click holder (held-events.ts).
      scriptSrc: ["'self'", HELD_EVENTS_HASH],
      // Svelte and frappe-gantt set style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  // The app is served over plain HTTP inside closed networks as often as over TLS.
  strictTransportSecurity: false,
};

/** The headers helmet sets with these options (lower-case names), by running its middleware once. */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let finished = false;
  helmet(options)({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    finished = true;
  });
  // Only a policy computed from the request (nonces) would finish later, and then these would not be constants.
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
