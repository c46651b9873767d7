import { createDatabase } from '@ticketing/db/client';
import { createLogger } from '@ticketing/log/logger';
import { loadEnv } from './env';
import { createExpiryScheduler } from './expiry/expiry-queue';
import { stubPaymentProvider } from './payments/stub-provider';
import { createOrdersServer } from './server';
import { closeServer, onTerminate } from './shutdown';

function main() {
  const env = loadEnv();
  const log = createLogger('orders', env.LOG_LEVEL);
  const db = createDatabase({
    url: env.DATABASE_URL_ORDERS,
    poolSize: env.DB_POOL_SIZE,
    applicationName: 'orders',
  });
  const expiry = createExpiryScheduler({ redisUrl: env.REDIS_URL, log });
  const server = createOrdersServer({
    db,
    payments: stubPaymentProvider,
    expiry,
    holdTtlSeconds: env.HOLD_TTL_SECONDS,
    log,
  });
  server.listen(env.PORT, () => log.info({ port: env.PORT }, 'orders service listening'));

  onTerminate(log, async () => {
    await closeServer(server, env.SHUTDOWN_TIMEOUT_MS);
    await expiry.close();
    await db.$client.end();
  });
}

main();
