import type { Database } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/inventory/outbox';
import { createOutboxRelay, type OutboxRelay } from '@ticketing/events/outbox-relay';
import type { Publisher } from '@ticketing/events/publisher';
import type { Logger } from '@ticketing/log/logger';

/**
 * Publishes ticketing_inventory.outbox (`inventory.commit_failed`): woken by the NOTIFY of the
 * writing transaction on a LISTEN connection to `databaseUrl`, with a poll as safety net.
 */
export async function startInventoryOutboxRelay(options: {
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
