import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Generous, so that a long browser flow still passes on a busy machine: a timeout only stops a hang.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // scrypt at 2^12 instead of 2^17 for the hashes the tests make (server/services/passwords.ts
    // hashCost: honoured only when NODE_ENV is 'test'); tests/unit/passwords.test.ts checks the real cost.
    env: { COUNCIL_TEST_SCRYPT_LOG_N: '12' },
    pool: 'forks',
    // Test files run side by side, one per core: Vitest's default (one fewer than the cores) ran a single
    // file at a time on a 2-core machine and left half of it idle.
    maxWorkers: Math.max(2, availableParallelism()),
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
