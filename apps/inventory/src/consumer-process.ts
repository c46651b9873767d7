import { createDatabase } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/inventory/outbox';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import { startOutboxRelay } from '@ticketing/events/outbox-relay';
import { createPublisher } from '@ticketing/events/publisher';
import type { Logger } from '@ticketing/log/logger';
import { startHealthServer } from '@ticketing/trpc/server/health-server';
import { sql } from 'drizzle-orm';
import { startInventoryEventsConsumer } from './events/events-consumer';

export interface InventoryConsumerConfig {
  databaseUrl: string;
  dbPoolSize: number;
  rabbitmqUrl: string;
  exchange: string;
  queuePrefix: string;
  retryDelaysMs: readonly number[];
  prefetch: number;
  outboxPollMs: number;
  /** 0 picks a free port (tests). */
  healthPort: number;
  logger: Logger;
  /** Observes every settled event (tests, metrics). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

export interface InventoryConsumerProcess {
  healthPort: number;
  /** Resolves once the queue is consumed and the publisher is connected. */
  waitForBroker(timeoutMs?: number): Promise<void>;
  /** Stops taking events, lets those in hand commit, stops the relay, closes every connection. */
  stop(): Promise<void>;
}

/**
 * The inventory consumer process (docs/architecture.md §1): applies `hold.*` / `order.*` events, relays
 * ticketing_inventory.outbox, and answers /healthz and /readyz. It starts while RabbitMQ is down
 * (both connections recover by themselves); nothing is lost meanwhile — events wait in the
 * producers' outboxes and queues, `inventory.commit_failed` in our outbox.
 */
export async function startInventoryConsumer(
  config: InventoryConsumerConfig,
): Promise<InventoryConsumerProcess> {
  const { logger } = config;
  const db = createDatabase({
    url: config.databaseUrl,
    poolSize: config.dbPoolSize,
    applicationName: 'inventory-consumer',
  });
  const publisher = await createPublisher({
    url: config.rabbitmqUrl,
    exchange: config.exchange,
    appId: 'inventory',
    connectionName: 'inventory-consumer:relay',
    logger,
  });
  // ticketing_inventory.outbox (`inventory.commit_failed`), nudged by the writers' NOTIFY.
  const relay = await startOutboxRelay({
    db,
    outboxTable: outbox,
    listenUrl: config.databaseUrl,
    publisher,
    pollIntervalMs: config.outboxPollMs,
    logger,
  });
  const consumer = await startInventoryEventsConsumer({
    db,
    rabbitmqUrl: config.rabbitmqUrl,
    exchange: config.exchange,
    queuePrefix: config.queuePrefix,
    retryDelaysMs: config.retryDelaysMs,
    prefetch: config.prefetch,
    logger,
    onOutcome: config.onOutcome,
  });

  let stopping = false;
  const health = await startHealthServer({
    port: config.healthPort,
    alive: () => !stopping,
    readiness: {
      database: () => db.execute(sql`select 1`),
      rabbitmq: async () => {
        if (!publisher.isConnected()) throw new Error('RabbitMQ is not connected');
      },
    },
  });
  logger.info({ health_port: health.port }, 'inventory consumer started');

  return {
    healthPort: health.port,
    async waitForBroker(timeoutMs = 10_000) {
      await Promise.all([consumer.waitForConnect(timeoutMs), publisher.waitForConnect(timeoutMs)]);
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await consumer.stop();
      await relay.stop();
      await publisher.close();
      await health.close();
      await db.$client.end();
      logger.info('inventory consumer stopped');
    },
  };
}
