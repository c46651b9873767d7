import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every file shares ticketing_orders_test and Redis db 3, so files run one after another.
    fileParallelism: false,
  },
});
