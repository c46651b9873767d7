import { consumedEvents, outbox } from '@ticketing/db/inventory/outbox';
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

import { startInventoryEventsConsumer } from './events/events-consumer';

export interface InventoryConsumerConfig {
  databaseUrl: string;
  dbPoolSize: number;
  events: EventSettings;
  /**
   * Pruning of published outbox rows and consumed_events (RETENTION_*); default: the variables'
   * defaults, so no worker runs without it.
   */
  retention?: RetentionSettings;
  /** 0 picks a free port (tests). */
  healthPort: number;
  logger: Logger;
  /** Observes every settled event (tests, metrics). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

type RetentionSettings = Pick<RetentionOptions, 'keepMs' | 'intervalMs' | 'batchSize'>;

const defaultRetention = (): RetentionSettings =>
  retentionSettingsOf(z.object(retention).parse({}));

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
  context: ProcessContext = createProcessContext({
    name: 'inventory-consumer',
    logger: config.logger,
  }),
): Promise<InventoryConsumerProcess> {
  const { logger } = config;
  const db = context.database({ url: config.databaseUrl, poolSize: config.dbPoolSize });
  context.readiness('database', () => db.execute(sql`select 1`));
  // ticketing_inventory.outbox (`inventory.commit_failed`), nudged by the writers' NOTIFY.
  const { publisher } = await startOutboxPublishing(context, {
    db,
    outboxTable: outbox,
    listenUrl: config.databaseUrl,
    events: config.events,
    appId: 'inventory',
    connectionName: 'inventory-consumer:relay',
  });
  const consumer = await startInventoryEventsConsumer({
    db,
    events: config.events,
    logger,
    onOutcome: config.onOutcome,
  });
  context.onStop('consumer', () => consumer.stop());
  const pruning = startRetention({
    db,
    tables: [outbox, consumedEvents],
    logger,
    ...(config.retention ?? defaultRetention()),
  });
  context.onStop('retention', () => pruning.stop());
  const healthPort = await context.serveHealth(config.healthPort);

  return {
    healthPort,
    async waitForBroker(timeoutMs = 10_000) {
      await Promise.all([consumer.waitForConnect(timeoutMs), publisher.waitForConnect(timeoutMs)]);
    },
    stop: () => context.stop(),
  };
}
