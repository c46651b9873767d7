import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll starts the whole platform (six processes) on a shared 2-core machine.
    hookTimeout: 120_000,
  },
});
