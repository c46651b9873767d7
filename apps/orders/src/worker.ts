import { createLogger } from '@ticketing/log/logger';
import { loadEnv } from './env';
import { onTerminate } from './shutdown';
import { startOrdersWorker } from './worker-process';

/**
 * Second entry point of apps/orders: cancels unpaid orders at their deadline, relays
 * ticketing_orders.outbox to RabbitMQ, and compensates orders inventory could not back with seats.
 */
async function main() {
  const env = loadEnv();
  const log = createLogger('orders-worker', env.LOG_LEVEL);
  const worker = await startOrdersWorker({
    databaseUrl: env.DATABASE_URL_ORDERS,
    dbPoolSize: env.WORKER_DB_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    expirySweepIntervalMs: env.EXPIRY_SWEEP_INTERVAL_MS,
    rabbitmqUrl: env.RABBITMQ_URL,
    exchange: env.EVENTS_EXCHANGE,
    queuePrefix: env.EVENTS_QUEUE_PREFIX,
    retryDelaysMs: env.EVENTS_RETRY_DELAYS_MS,
    outboxPollMs: env.OUTBOX_POLL_MS,
    healthPort: env.HEALTH_PORT,
    log,
  });
  onTerminate(log, () => worker.stop(), env.SHUTDOWN_TIMEOUT_MS);
}

main().catch((error: unknown) => {
  process.stderr.write(`orders worker failed to start: ${String(error)}\n`);
  process.exit(1);
});
