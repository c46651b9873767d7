import type { Executor } from '@ticketing/db/client';
import type { EventSettings } from '@ticketing/env/common';
import { type OutboxRelay, startOutboxRelay } from '@ticketing/events/outbox-relay';
import type { OutboxTable } from '@ticketing/events/outbox-writer';
import { createPublisher, type Publisher } from '@ticketing/events/publisher';

import { registerOutboxMetrics } from './outbox-metrics';
import type { ProcessContext } from './process-context';

export interface OutboxPublishingOptions {
  db: Executor;
  outboxTable: OutboxTable;
  /** The LISTEN connection for the writers' NOTIFY (the pool's URL). */
  listenUrl: string;
  /** Where to publish; a publishing process needs no queue settings. */
  events: Pick<EventSettings, 'url' | 'exchange' | 'outboxPollMs'>;
  /** `app_id` of the published messages (the producing service). */
  appId: string;
  /** How the connection shows in RabbitMQ's management UI. */
  connectionName: string;
}

export interface OutboxPublishing {
  publisher: Publisher;
  relay: OutboxRelay;
}

/**
 * A service's outbox to the events exchange: a publisher and the relay that publishes the outbox
 * (woken by the writers' NOTIFY, with a poll as safety net), both stopped at shutdown (relay
 * first), and a `rabbitmq` readiness check. Starts while RabbitMQ is down; the backlog waits in
 * the outbox and drains once it connects.
 */
export async function startOutboxPublishing(
  context: ProcessContext,
  options: OutboxPublishingOptions,
): Promise<OutboxPublishing> {
  const { logger } = context;
  const publisher = await createPublisher({
    url: options.events.url,
    exchange: options.events.exchange,
    appId: options.appId,
    connectionName: options.connectionName,
    logger,
  });
  context.onStop('publisher', () => publisher.close());
  const relay = await startOutboxRelay({
    db: options.db,
    outboxTable: options.outboxTable,
    listenUrl: options.listenUrl,
    publisher,
    pollIntervalMs: options.events.outboxPollMs,
    logger,
    onPublished: registerOutboxMetrics(context.metrics, options.db, options.outboxTable),
  });
  context.onStop('outbox relay', () => relay.stop());
  context.readiness('rabbitmq', async () => {
    if (!publisher.isConnected()) throw new Error('RabbitMQ is not connected');
  });
  return { publisher, relay };
}
