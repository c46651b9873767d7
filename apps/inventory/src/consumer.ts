import { createLogger } from '@ticketing/log/logger';
import { startInventoryConsumer } from './consumer-process';
import { loadConsumerEnv } from './env';

/** Second entry point of apps/inventory: the event consumer and the inventory outbox relay. */
async function main() {
  const env = loadConsumerEnv();
  const logger = createLogger('inventory-consumer', env.LOG_LEVEL);
  const consumer = await startInventoryConsumer({
    databaseUrl: env.DATABASE_URL_INVENTORY,
    dbPoolSize: env.DB_POOL_SIZE,
    rabbitmqUrl: env.RABBITMQ_URL,
    exchange: env.EVENTS_EXCHANGE,
    queuePrefix: env.EVENTS_QUEUE_PREFIX,
    retryDelaysMs: env.EVENTS_RETRY_DELAYS_MS,
    prefetch: env.EVENTS_PREFETCH,
    outboxPollMs: env.OUTBOX_POLL_MS,
    healthPort: env.HEALTH_PORT,
    logger,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the timeout, leave: whatever was not acked is redelivered, nothing is lost.
    const force = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    consumer.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`inventory consumer failed to start: ${String(error)}\n`);
  process.exit(1);
});
