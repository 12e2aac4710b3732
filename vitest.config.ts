import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Browser tests share one built app and one Chromium; they set their own longer timeouts.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files run side by side. Vitest's default (one fewer than the cores: a single file at a time on
    // a 2-core machine) left half the machine idle, since the browser and server tests spend much of their
    // time waiting on Chromium, child servers and fsync; one more than the cores keeps both busy.
    maxWorkers: availableParallelism() + 1,
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
