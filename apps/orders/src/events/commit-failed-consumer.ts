import type { Database } from '@ticketing/db/client';
import { consumedEvents } from '@ticketing/db/orders/outbox';
import type { EventSettings } from '@ticketing/env/common';
import { type ConsumeOutcome, type Consumer, startConsumer } from '@ticketing/events/consumer';
import { consumerQueues } from '@ticketing/events/topology';
import type { Logger } from '@ticketing/log/logger';

import { compensateOrder, refundAheadOfCompensation } from '../domain/compensate-order';
import type { PaymentProvider } from '../payments/provider';
import { createRefundLedger } from '../payments/refund-ledger';

export interface CommitFailedConsumerOptions {
  db: Database;
  /** Broker, exchange, queue prefix (test runs, e2e) and retry delays. */
  events: EventSettings;
  payments: PaymentProvider;
  logger: Logger;
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

/** The queue the orders worker consumes (`orders.events` in production). */
export const ordersQueueName = (queuePrefix: string) =>
  `${queuePrefix}${consumerQueues.orders.queue}`;

/**
 * `inventory.commit_failed` → the confirmed order is compensated (cancelled `inventory_unavailable`,
 * payment refunded, `order.cancelled` in the outbox), in the transaction that records the event
 * id; the provider's refund is asked before that transaction, by key. Compensating twice changes nothing; an unknown order fails the event, which ends in the DLQ
 * for an operator to look at.
 */
export function startCommitFailedConsumer(options: CommitFailedConsumerOptions): Promise<Consumer> {
  const { events, logger } = options;
  const refunds = createRefundLedger(options.payments);
  return startConsumer({
    url: events.url,
    exchange: events.exchange,
    queue: ordersQueueName(events.queuePrefix),
    bindings: consumerQueues.orders.bindings,
    retryDelaysMs: events.retryDelaysMs,
    prefetch: events.prefetch,
    db: options.db,
    consumedEventsTable: consumedEvents,
    logger,
    onOutcome: options.onOutcome,
    // The refund goes to the provider before the transaction, never inside it (see
    // refundAheadOfCompensation); the transaction only records it.
    prepare: async (envelope) => {
      if (envelope.event_type !== 'inventory.commit_failed') return;
      await refundAheadOfCompensation(options.db, envelope.payload.order_id, refunds);
    },
    handle: async (envelope, tx) => {
      if (envelope.event_type !== 'inventory.commit_failed') return;
      const { order_id: orderId, hold_id: holdId, reason } = envelope.payload;
      const result = await compensateOrder(tx, orderId, 'inventory_unavailable', refunds.settled);
      logger.info(
        { ...result, hold_id: holdId, inventory_reason: reason },
        result.compensated
          ? 'order compensated: cancelled and refunded, inventory could not commit its seats'
          : 'nothing to compensate',
      );
    },
  });
}
