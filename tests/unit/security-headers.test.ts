import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../server/http/security-headers.js';

describe('security headers (computed once from helmet)', () => {
  it('allow nothing from outside the server and forbid framing', () => {
    const h = securityHeaders();
    const csp = h['content-security-policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['referrer-policy']).toBe('no-referrer');
    // Plain HTTP inside closed networks is as common as TLS: no HSTS.
    expect(h['strict-transport-security']).toBeUndefined();
  });

});
