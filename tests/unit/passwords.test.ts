/**
 * The password hash's cost: N = 2^17 always, except under the test runner, which may lower it for the
 * hashes its tests make (vitest.config.ts). Hashes of either cost verify, since each names its own.
 */
import { describe, expect, it } from 'vitest';
import { hashCost, hashPassword, verifyPassword } from '../../server/services/passwords.js';

describe('password hash cost', () => {
  it('is 2^17 outside the test runner, whatever the environment asks', () => {
    expect(hashCost({})).toBe(17);
    expect(hashCost({ NODE_ENV: 'production', COUNCIL_TEST_SCRYPT_LOG_N: '10' })).toBe(17);
    expect(hashCost({ COUNCIL_TEST_SCRYPT_LOG_N: '12' })).toBe(17);
  });

  it('may be lowered (never below 2^10, never raised) only with NODE_ENV=test', () => {
    expect(hashCost({ NODE_ENV: 'test', COUNCIL_TEST_SCRYPT_LOG_N: '12' })).toBe(12);
    for (const bad of ['9', '17', '20', '12.5', 'x', '']) expect(hashCost({ NODE_ENV: 'test', COUNCIL_TEST_SCRYPT_LOG_N: bad })).toBe(17);
  });

  it('writes the cost into each hash, and verifies hashes of either cost', async () => {
    const low = await hashPassword('correct horse');
    expect(low.split('$')[1]).toBe(String(hashCost()));
    expect(await verifyPassword('correct horse', low)).toBe(true);
    expect(await verifyPassword('wrong horse', low)).toBe(false);
    // a hash at the full cost, as production makes it
    const saved = process.env['COUNCIL_TEST_SCRYPT_LOG_N'];
    delete process.env['COUNCIL_TEST_SCRYPT_LOG_N'];
    try {
      const full = await hashPassword('correct horse');
      expect(full.startsWith('scrypt$17$8$1$')).toBe(true);
      expect(await verifyPassword('correct horse', full)).toBe(true);
    } finally {
      process.env['COUNCIL_TEST_SCRYPT_LOG_N'] = saved;
    }
  });
});
