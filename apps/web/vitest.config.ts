import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Inventory and orders run once per run as child processes, on their `_web_test` databases.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every file shares ticketing_main_test and Redis db 1, so files run one after another.
    fileParallelism: false,
  },
});
