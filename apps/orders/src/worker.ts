import http from 'node:http';
import { createDatabase } from '@ticketing/db/client';
import { createLogger } from '@ticketing/log/logger';
import { sendJson } from '@ticketing/trpc/server/service-server';
import { loadEnv } from './env';
import { startExpiry } from './expiry/run-expiry';
import { closeServer, onTerminate } from './shutdown';

/**
 * Second entry point of apps/orders: cancels unpaid orders at their deadline (BullMQ delayed jobs
 * of the `order-expiry` queue, plus a periodic sweep). The outbox relay joins it with the
 * event-backbone issue; until then events wait in ticketing_orders.outbox.
 */
function main() {
  const env = loadEnv();
  const log = createLogger('orders-worker', env.LOG_LEVEL);
  const db = createDatabase({
    url: env.DATABASE_URL_ORDERS,
    poolSize: env.WORKER_DB_POOL_SIZE,
    applicationName: 'orders-worker',
  });
  const expiry = startExpiry({
    db,
    redisUrl: env.REDIS_URL,
    log,
    sweepIntervalMs: env.EXPIRY_SWEEP_INTERVAL_MS,
  });
  const health = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      const running = expiry.isRunning();
      return sendJson(res, running ? 200 : 503, { status: running ? 'ok' : 'stopped' });
    }
    sendJson(res, 404, { error: 'not_found', message: 'not found' });
  });
  health.listen(env.WORKER_PORT, () =>
    log.info({ port: env.WORKER_PORT }, 'orders worker started'),
  );

  onTerminate(log, async () => {
    await expiry.close();
    await closeServer(health, env.SHUTDOWN_TIMEOUT_MS);
    await db.$client.end();
  });
}

main();
