import { retentionSettingsOf } from '@ticketing/events/retention';
import { defineProcess } from '@ticketing/runtime/define-process';

import { parseWorkerEnv } from './worker/env';
import { startWebWorker } from './worker/start-worker';

/**
 * Second entry point of apps/web (`npm run dev:worker` / `start:worker`): outbox relay of
 * ticketing_main, hold expiry (BullMQ delayed jobs + sweep) and the start-up inventory
 * reconciliation. Configured from the environment alone (src/worker/env.ts).
 */
void defineProcess({
  name: 'web-worker',
  env: parseWorkerEnv,
  start: (context, env) =>
    startWebWorker(
      {
        databaseUrl: env.DATABASE_URL_MAIN,
        dbPoolSize: env.DB_POOL_SIZE,
        redisUrl: env.REDIS_URL,
        events: env.events,
        retention: retentionSettingsOf(env),
        inventoryUrl: env.INVENTORY_URL,
        ordersUrl: env.ORDERS_URL,
        inventoryTimeoutMs: env.INVENTORY_TIMEOUT_MS,
        ordersTimeoutMs: env.ORDERS_TIMEOUT_MS,
        circuitResetMs: env.CIRCUIT_RESET_MS,
        healthPort: env.HEALTH_PORT,
        sweepIntervalMs: env.HOLD_SWEEP_INTERVAL_MS,
        orderlessGraceMs: env.ORDERLESS_HOLD_GRACE_MS,
        logger: context.logger,
      },
      context,
    ),
}).run();
