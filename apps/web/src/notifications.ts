import { createLogger } from '@ticketing/log/logger';
import { loadNotificationsEnv } from './notifications/env';
import { startNotifications } from './notifications/start-notifications';

/**
 * Third entry point of apps/web (`npm run dev:notifications` / `start:notifications`): the order
 * e-mails (confirmation with QR tickets, cancellation), from `notifications.events` to SMTP_URL.
 * Configured from the environment alone (src/notifications/env.ts).
 */
async function main() {
  const env = loadNotificationsEnv();
  const logger = createLogger('web-notifications', env.LOG_LEVEL);
  const notifications = await startNotifications({
    databaseUrl: env.DATABASE_URL_MAIN,
    dbPoolSize: env.DB_POOL_SIZE,
    rabbitmqUrl: env.RABBITMQ_URL,
    exchange: env.EVENTS_EXCHANGE,
    queuePrefix: env.EVENTS_QUEUE_PREFIX,
    retryDelaysMs: env.EVENTS_RETRY_DELAYS_MS,
    prefetch: env.EVENTS_PREFETCH,
    ordersUrl: env.ORDERS_URL,
    ordersTimeoutMs: env.ORDERS_TIMEOUT_MS,
    circuitResetMs: env.CIRCUIT_RESET_MS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL,
    ticketSigningSecret: env.TICKET_SIGNING_SECRET,
    healthPort: env.HEALTH_PORT,
    logger,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the timeout, leave: an unacked event is redelivered, so its e-mail is still sent.
    const force = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    notifications.stop().then(
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
  process.stderr.write(
    `notifications consumer failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
