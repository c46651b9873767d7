import { consumedEvents, outbox } from '@ticketing/db/orders/outbox';
import { type EventSettings, retention } from '@ticketing/env/common';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import {
  type RetentionOptions,
  retentionSettingsOf,
  startRetention,
} from '@ticketing/events/retention';
import type { Logger } from '@ticketing/log/logger';
import { startOutboxPublishing } from '@ticketing/runtime/outbox-publishing';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import { sql } from 'drizzle-orm';
import { z } from 'zod';

import { startCommitFailedConsumer } from './events/commit-failed-consumer';
import { startExpiry } from './expiry/run-expiry';
import type { PaymentProvider } from './payments/provider';
import { stubPaymentProvider } from './payments/stub-provider';

export interface OrdersWorkerConfig {
  databaseUrl: string;
  dbPoolSize: number;
  redisUrl: string;
  /** BullMQ key prefix (tests); default BullMQ's own. */
  bullPrefix?: string;
  expirySweepIntervalMs: number;
  events: EventSettings;
  /**
   * Pruning of published outbox rows and consumed_events (RETENTION_*); default: the variables'
   * defaults, so no worker runs without it.
   */
  retention?: RetentionSettings;
  /** 0 picks a free port (tests). */
  healthPort: number;
  payments?: PaymentProvider;
  logger: Logger;
  /** Observes every settled event (tests, metrics). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

type RetentionSettings = Pick<RetentionOptions, 'keepMs' | 'intervalMs' | 'batchSize'>;

const defaultRetention = (): RetentionSettings =>
  retentionSettingsOf(z.object(retention).parse({}));

export interface OrdersWorker {
  healthPort: number;
  /** Resolves once the queue is consumed and the publisher is connected. */
  waitForBroker(timeoutMs?: number): Promise<void>;
  /** Stops taking events and jobs, lets those in hand finish, stops the relay, closes everything. */
  stop(): Promise<void>;
}

/**
 * The orders worker (docs/architecture.md §1): expiry of unpaid orders (BullMQ delayed jobs + sweep), the
 * relay of ticketing_orders.outbox, and the consumer of `inventory.commit_failed`. It starts while
 * RabbitMQ is down (connections recover by themselves); events wait in the outbox meanwhile.
 */
export async function startOrdersWorker(
  config: OrdersWorkerConfig,
  context: ProcessContext = createProcessContext({ name: 'orders-worker', logger: config.logger }),
): Promise<OrdersWorker> {
  const { logger } = config;
  const db = context.database({ url: config.databaseUrl, poolSize: config.dbPoolSize });
  context.readiness('database', () => db.execute(sql`select 1`));
  // ticketing_orders.outbox (`order.confirmed`, `order.cancelled`), nudged by the writers' NOTIFY.
  const { publisher } = await startOutboxPublishing(context, {
    db,
    outboxTable: outbox,
    listenUrl: config.databaseUrl,
    events: config.events,
    appId: 'orders',
    connectionName: 'orders-worker:relay',
  });
  const expiry = startExpiry({
    db,
    redisUrl: config.redisUrl,
    log: logger,
    sweepIntervalMs: config.expirySweepIntervalMs,
    prefix: config.bullPrefix,
  });
  context.onStop('expiry', () => expiry.close());
  const pruning = startRetention({
    db,
    tables: [outbox, consumedEvents],
    logger,
    ...(config.retention ?? defaultRetention()),
  });
  context.onStop('retention', () => pruning.stop());
  const consumer = await startCommitFailedConsumer({
    db,
    events: config.events,
    payments: config.payments ?? stubPaymentProvider,
    logger,
    onOutcome: config.onOutcome,
  });
  context.onStop('consumer', () => consumer.stop());
  const healthPort = await context.serveHealth(config.healthPort, {
    alive: () => expiry.isRunning(),
  });

  return {
    healthPort,
    async waitForBroker(timeoutMs = 10_000) {
      await Promise.all([consumer.waitForConnect(timeoutMs), publisher.waitForConnect(timeoutMs)]);
    },
    stop: () => context.stop(),
  };
}
