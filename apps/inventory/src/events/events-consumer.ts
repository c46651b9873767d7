import type { Database } from '@ticketing/db/client';
import { consumedEvents } from '@ticketing/db/inventory/outbox';
import type { EventSettings } from '@ticketing/env/common';
import { type ConsumeOutcome, type Consumer, startConsumer } from '@ticketing/events/consumer';
import { consumerQueues } from '@ticketing/events/topology';
import type { Logger } from '@ticketing/log/logger';

import { applyInventoryEvent } from './apply-event';

export interface InventoryEventsConsumerOptions {
  db: Database;
  /** Broker, exchange, queue prefix (test runs, e2e), retry delays and prefetch. */
  events: EventSettings;
  logger: Logger;
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

/** The queue inventory consumes (`inventory.events` in production). */
export const inventoryQueueName = (queuePrefix: string) =>
  `${queuePrefix}${consumerQueues.inventory.queue}`;

/**
 * Consumes `hold.*`, `order.confirmed` and `order.cancelled` (bindings from the shared topology)
 * and applies each event exactly once. Log lines of a handler carry the envelope's correlation id
 * as `request_id` (the consumer runs it under `withRequestId`).
 */
export function startInventoryEventsConsumer(
  options: InventoryEventsConsumerOptions,
): Promise<Consumer> {
  const { db, events, logger } = options;
  return startConsumer({
    url: events.url,
    exchange: events.exchange,
    queue: inventoryQueueName(events.queuePrefix),
    bindings: consumerQueues.inventory.bindings,
    retryDelaysMs: events.retryDelaysMs,
    prefetch: events.prefetch,
    db,
    consumedEventsTable: consumedEvents,
    logger,
    onOutcome: options.onOutcome,
    handle: (envelope, tx) => applyInventoryEvent(tx, envelope, logger),
  });
}
