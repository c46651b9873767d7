import { retentionSettingsOf } from '@ticketing/events/retention';
import { defineProcess } from '@ticketing/runtime/define-process';

import { parseOrdersEnv } from './env';
import { startOrdersWorker } from './worker-process';

/**
 * Second entry point of apps/orders: cancels unpaid orders at their deadline, relays
 * ticketing_orders.outbox to RabbitMQ, and compensates orders inventory could not back with seats.
 */
void defineProcess({
  name: 'orders-worker',
  env: parseOrdersEnv,
  start: (context, env) =>
    startOrdersWorker(
      {
        databaseUrl: env.DATABASE_URL_ORDERS,
        dbPoolSize: env.WORKER_DB_POOL_SIZE,
        redisUrl: env.REDIS_URL,
        expirySweepIntervalMs: env.EXPIRY_SWEEP_INTERVAL_MS,
        events: env.events,
        retention: retentionSettingsOf(env),
        healthPort: env.HEALTH_PORT,
        logger: context.logger,
      },
      context,
    ),
}).run();
