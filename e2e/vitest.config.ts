import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll starts six processes (tsx compiles each on first start) on a shared 2-core machine.
    hookTimeout: 120_000,
    // Every file runs the whole platform on the same e2e databases, Redis db and ports range.
    fileParallelism: false,
  },
});
