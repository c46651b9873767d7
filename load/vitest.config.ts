import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The benchmarks, chaos and scale-out files each run the whole platform on the shared Redis db.
    fileParallelism: false,
  },
});
