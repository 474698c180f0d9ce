import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // RuleTester suites are CPU-bound; two workers match the CI machine.
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
