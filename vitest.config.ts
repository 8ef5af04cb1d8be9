import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/setup.ts'],
    reporters: ['default', './spec/helpers/summary_reporter.ts'],
    // tfjs backends are process-wide state: one spec file at a time per worker.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
