import { defineProcess } from '@ticketing/runtime/define-process';

import { parseOrdersEnv } from './env';
import { createExpiryScheduler } from './expiry/expiry-queue';
import { registerOrderMetrics } from './order-metrics';
import { stubPaymentProvider } from './payments/stub-provider';
import { createOrdersServer } from './server';

/** The orders service (docs/architecture.md §1): order state machine, payment stub, idempotency. */
void defineProcess({
  name: 'orders',
  env: parseOrdersEnv,
  start: async (context, env) => {
    const { logger } = context;
    const db = context.database({ url: env.DATABASE_URL_ORDERS, poolSize: env.DB_POOL_SIZE });
    registerOrderMetrics(context.metrics, db);
    const expiry = createExpiryScheduler({ redisUrl: env.REDIS_URL, log: logger });
    context.onStop('expiry scheduler', () => expiry.close());
    const server = createOrdersServer({
      db,
      payments: stubPaymentProvider,
      expiry,
      holdTtlSeconds: env.HOLD_TTL_SECONDS,
      logger,
    });
    await context.serve(server, env.PORT);
  },
}).run();
