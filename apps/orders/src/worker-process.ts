import { createDatabase } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/orders/outbox';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import { startOutboxRelay } from '@ticketing/events/outbox-relay';
import { createPublisher } from '@ticketing/events/publisher';
import type { Logger } from '@ticketing/log/logger';
import { startHealthServer } from '@ticketing/trpc/server/health-server';
import { sql } from 'drizzle-orm';
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
  rabbitmqUrl: string;
  exchange: string;
  queuePrefix: string;
  retryDelaysMs: readonly number[];
  outboxPollMs: number;
  /** 0 picks a free port (tests). */
  healthPort: number;
  payments?: PaymentProvider;
  log: Logger;
  /** Observes every settled event (tests, metrics). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

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
export async function startOrdersWorker(config: OrdersWorkerConfig): Promise<OrdersWorker> {
  const { log } = config;
  const db = createDatabase({
    url: config.databaseUrl,
    poolSize: config.dbPoolSize,
    applicationName: 'orders-worker',
  });
  const expiry = startExpiry({
    db,
    redisUrl: config.redisUrl,
    log,
    sweepIntervalMs: config.expirySweepIntervalMs,
    prefix: config.bullPrefix,
  });
  const publisher = await createPublisher({
    url: config.rabbitmqUrl,
    exchange: config.exchange,
    appId: 'orders',
    connectionName: 'orders-worker:relay',
    logger: log,
  });
  // ticketing_orders.outbox (`order.confirmed`, `order.cancelled`), nudged by the writers' NOTIFY.
  const relay = await startOutboxRelay({
    db,
    outboxTable: outbox,
    listenUrl: config.databaseUrl,
    publisher,
    pollIntervalMs: config.outboxPollMs,
    logger: log,
  });
  const consumer = await startCommitFailedConsumer({
    db,
    rabbitmqUrl: config.rabbitmqUrl,
    exchange: config.exchange,
    queuePrefix: config.queuePrefix,
    retryDelaysMs: config.retryDelaysMs,
    payments: config.payments ?? stubPaymentProvider,
    logger: log,
    onOutcome: config.onOutcome,
  });

  let stopping = false;
  const health = await startHealthServer({
    port: config.healthPort,
    alive: () => !stopping && expiry.isRunning(),
    readiness: {
      database: () => db.execute(sql`select 1`),
      rabbitmq: async () => {
        if (!publisher.isConnected()) throw new Error('RabbitMQ is not connected');
      },
    },
  });
  log.info({ port: health.port }, 'orders worker started');

  return {
    healthPort: health.port,
    async waitForBroker(timeoutMs = 10_000) {
      await Promise.all([consumer.waitForConnect(timeoutMs), publisher.waitForConnect(timeoutMs)]);
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await consumer.stop();
      await expiry.close();
      await relay.stop();
      await publisher.close();
      await health.close();
      await db.$client.end();
      log.info('orders worker stopped');
    },
  };
}
