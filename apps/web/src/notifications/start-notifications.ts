import { createDatabase } from '@ticketing/db/client';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import type { Logger } from '@ticketing/log/logger';
import { startHealthServer } from '@ticketing/trpc/server/health-server';
import { sql } from 'drizzle-orm';
import { createOrdersGateway } from '../server/orders/orders-gateway';
import { createMailer } from './mailer';
import { startNotificationsConsumer } from './notifications-consumer';

export interface NotificationsConfig {
  databaseUrl: string;
  dbPoolSize: number;
  rabbitmqUrl: string;
  exchange: string;
  queuePrefix: string;
  retryDelaysMs: readonly number[];
  prefetch: number;
  ordersUrl: string;
  ordersTimeoutMs: number;
  circuitResetMs: number;
  smtpUrl: string;
  mailFrom: string;
  publicUrl: string;
  ticketSigningSecret: string;
  /** 0 picks a free port (tests). */
  healthPort: number;
  logger: Logger;
  /** Observes every settled event (tests). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

export interface NotificationsProcess {
  healthPort: number;
  /** Resolves once the queue is consumed. */
  waitForBroker(timeoutMs?: number): Promise<void>;
  /** Stops taking events, lets the e-mails in hand finish, closes every connection. */
  stop(): Promise<void>;
}

/**
 * The notifications consumer (ARCHITECTURE §1): order e-mails over SMTP, `/healthz` and `/readyz`.
 * It is off the purchase path entirely: a slow or dead SMTP server only delays its own queue.
 * It starts while RabbitMQ or SMTP is down; the connection recovers and failed sends are retried.
 */
export async function startNotifications(
  config: NotificationsConfig,
): Promise<NotificationsProcess> {
  const { logger } = config;
  const db = createDatabase({
    url: config.databaseUrl,
    poolSize: config.dbPoolSize,
    applicationName: 'web-notifications',
  });
  const orders = createOrdersGateway({
    ordersUrl: config.ordersUrl,
    timeoutMs: config.ordersTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const consumer = await startNotificationsConsumer({
    db,
    rabbitmqUrl: config.rabbitmqUrl,
    exchange: config.exchange,
    queuePrefix: config.queuePrefix,
    retryDelaysMs: config.retryDelaysMs,
    prefetch: config.prefetch,
    mailer,
    orders,
    ticketSigningSecret: config.ticketSigningSecret,
    publicUrl: config.publicUrl,
    logger,
    onOutcome: config.onOutcome,
  });

  let stopping = false;
  const health = await startHealthServer({
    port: config.healthPort,
    alive: () => !stopping,
    readiness: {
      database: () => db.execute(sql`select 1`),
      // Has consumed its queue at least once; the connection recovers by itself after that.
      rabbitmq: () => consumer.waitForConnect(1_000),
      smtp: () => mailer.verify(),
    },
  });
  logger.info({ health_port: health.port }, 'notifications consumer started');

  return {
    healthPort: health.port,
    waitForBroker: (timeoutMs = 10_000) => consumer.waitForConnect(timeoutMs),
    async stop() {
      if (stopping) return;
      stopping = true;
      await consumer.stop();
      mailer.close();
      orders.shutdown();
      await health.close();
      await db.$client.end();
      logger.info('notifications consumer stopped');
    },
  };
}
