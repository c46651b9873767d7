import type { Database } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/orders/outbox';
import { createOutboxRelay, type OutboxRelay } from '@ticketing/events/outbox-relay';
import type { Publisher } from '@ticketing/events/publisher';
import type { Logger } from '@ticketing/log/logger';

/**
 * Publishes ticketing_orders.outbox (`order.confirmed`, `order.cancelled`): woken by the NOTIFY of
 * the writing transaction on a LISTEN connection to `databaseUrl`, with a poll as safety net.
 */
export async function startOrdersOutboxRelay(options: {
  db: Database;
  databaseUrl: string;
  publisher: Publisher;
  pollIntervalMs: number;
  logger: Logger;
}): Promise<OutboxRelay> {
  const relay = createOutboxRelay({
    db: options.db,
    outboxTable: outbox,
    publisher: options.publisher,
    listenUrl: options.databaseUrl,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
  });
  await relay.start();
  return relay;
}
