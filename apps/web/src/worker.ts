import { createLogger } from '@ticketing/log/logger';
import { startWebWorker } from './worker/start-worker';
import { loadWorkerEnv } from './worker/env';

/**
 * Second entry point of apps/web (`npm run dev:worker` / `start:worker`): outbox relay of
 * ticketing_main, hold expiry (BullMQ delayed jobs + sweep) and the start-up inventory
 * reconciliation. Configured from the environment alone (src/worker/env.ts).
 */
async function main() {
  const env = loadWorkerEnv();
  const logger = createLogger('web-worker', env.LOG_LEVEL);
  const worker = await startWebWorker({
    databaseUrl: env.DATABASE_URL_MAIN,
    dbPoolSize: env.DB_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    rabbitmqUrl: env.RABBITMQ_URL,
    eventsExchange: env.EVENTS_EXCHANGE,
    inventoryUrl: env.INVENTORY_URL,
    ordersUrl: env.ORDERS_URL,
    inventoryTimeoutMs: env.INVENTORY_TIMEOUT_MS,
    ordersTimeoutMs: env.ORDERS_TIMEOUT_MS,
    circuitResetMs: env.CIRCUIT_RESET_MS,
    healthPort: env.HEALTH_PORT,
    sweepIntervalMs: env.HOLD_SWEEP_INTERVAL_MS,
    outboxPollMs: env.OUTBOX_POLL_MS,
    orderlessGraceMs: env.ORDERLESS_HOLD_GRACE_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    logger,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the timeout, exit anyway: whatever was cut short is redone (at least once) after restart.
    setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `web worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
