import type { EventSettings } from '@ticketing/env/common';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import type { Logger } from '@ticketing/log/logger';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import { sql } from 'drizzle-orm';

import { createOrdersGateway } from '../server/orders/orders-gateway';
import { registerCircuitMetrics } from '../server/remote/circuit-metrics';
import { createMailer } from './mailer';
import { startNotificationsConsumer } from './notifications-consumer';

export interface NotificationsConfig {
  databaseUrl: string;
  dbPoolSize: number;
  /** No outbox here: everything but the relay's poll. */
  events: Omit<EventSettings, 'outboxPollMs'>;
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
 * The notifications consumer (docs/architecture.md §1): order e-mails over SMTP, `/healthz` and
 * `/readyz`. It is off the purchase path entirely: a slow or dead SMTP server only delays its own
 * queue. It starts while RabbitMQ or SMTP is down; the connection recovers and failed sends are
 * retried.
 */
export async function startNotifications(
  config: NotificationsConfig,
  context: ProcessContext = createProcessContext({
    name: 'web-notifications',
    logger: config.logger,
  }),
): Promise<NotificationsProcess> {
  const { logger } = config;
  const db = context.database({ url: config.databaseUrl, poolSize: config.dbPoolSize });
  context.readiness('database', () => db.execute(sql`select 1`));
  const orders = createOrdersGateway({
    ordersUrl: config.ordersUrl,
    timeoutMs: config.ordersTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  context.onStop('orders client', () => orders.shutdown());
  registerCircuitMetrics(context.metrics, { orders });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  context.onStop('mailer', () => mailer.close());
  context.readiness('smtp', () => mailer.verify());
  const consumer = await startNotificationsConsumer({
    db,
    events: config.events,
    mailer,
    orders,
    ticketSigningSecret: config.ticketSigningSecret,
    publicUrl: config.publicUrl,
    logger,
    onOutcome: config.onOutcome,
  });
  context.onStop('consumer', () => consumer.stop());
  // Has consumed its queue at least once; the connection recovers by itself after that.
  context.readiness('rabbitmq', () => consumer.waitForConnect(1_000));
  const healthPort = await context.serveHealth(config.healthPort);

  return {
    healthPort,
    waitForBroker: (timeoutMs = 10_000) => consumer.waitForConnect(timeoutMs),
    stop: () => context.stop(),
  };
}
