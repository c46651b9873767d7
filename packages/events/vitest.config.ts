import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites share two test databases (and truncate them); one file at a time, also kinder to 2 CPUs.
    fileParallelism: false,
  },
});
