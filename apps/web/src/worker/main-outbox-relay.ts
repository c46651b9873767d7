import type { Database } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/main/outbox';
import { type OutboxRelay, startOutboxRelay } from '@ticketing/events/outbox-relay';
import { createPublisher, type Publisher } from '@ticketing/events/publisher';
import type { Logger } from '@ticketing/log/logger';

export interface MainOutboxRelay {
  relay: OutboxRelay;
  publisher: Publisher;
  stop(): Promise<void>;
}

/**
 * Publishes ticketing_main.outbox (the hold events) to the events exchange: woken by the writers'
 * NOTIFY on a dedicated LISTEN connection, with a poll as safety net; several relays may run.
 * Starts even while RabbitMQ is down; the backlog drains when it connects.
 */
export async function startMainOutboxRelay(options: {
  db: Database;
  databaseUrl: string;
  rabbitmqUrl: string;
  exchange: string;
  pollIntervalMs: number;
  logger: Logger;
}): Promise<MainOutboxRelay> {
  const publisher = await createPublisher({
    url: options.rabbitmqUrl,
    exchange: options.exchange,
    appId: 'web-worker',
    connectionName: 'web-worker',
    logger: options.logger,
  });
  const relay = await startOutboxRelay({
    db: options.db,
    outboxTable: outbox,
    publisher,
    listenUrl: options.databaseUrl,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
  });
  return {
    relay,
    publisher,
    async stop() {
      await relay.stop();
      await publisher.close().catch(() => {});
    },
  };
}
