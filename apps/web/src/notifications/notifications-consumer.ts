import type { Executor } from '@ticketing/db/client';
import { consumedEvents } from '@ticketing/db/main/consumed-events';
import { type Consumer, type ConsumeOutcome, startConsumer } from '@ticketing/events/consumer';
import { consumerQueues } from '@ticketing/events/topology';
import {
  type OrderMailDependencies,
  sendOrderCancelledMail,
  sendOrderConfirmedMail,
} from './order-mails';

export interface NotificationsConsumerOptions extends OrderMailDependencies {
  db: Executor;
  rabbitmqUrl: string;
  exchange: string;
  /** Prefixed as-is to the queue name (test runs, e2e). */
  queuePrefix: string;
  retryDelaysMs: readonly number[];
  prefetch: number;
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

/** The queue the notifications consumer reads (`notifications.events` in production). */
export const notificationsQueueName = (queuePrefix: string) =>
  `${queuePrefix}${consumerQueues.notifications.queue}`;

/**
 * Consumes `order.confirmed` and `order.cancelled` with the shared dedupe/retry/DLQ: the event id
 * goes into ticketing_main.consumed_events in the transaction during which the e-mail is sent, so
 * a redelivered event finds the row and sends nothing, and a failed send (SMTP or orders down)
 * rolls the row back and retries with growing delay, then dead-letters after the last attempt.
 * Mail is at least once: a crash after the SMTP server accepted the message but before the commit
 * sends it again on redelivery (with the same Message-ID).
 */
export function startNotificationsConsumer(
  options: NotificationsConsumerOptions,
): Promise<Consumer> {
  return startConsumer({
    url: options.rabbitmqUrl,
    exchange: options.exchange,
    queue: notificationsQueueName(options.queuePrefix),
    bindings: consumerQueues.notifications.bindings,
    retryDelaysMs: options.retryDelaysMs,
    prefetch: options.prefetch,
    db: options.db,
    consumedEventsTable: consumedEvents,
    logger: options.logger,
    onOutcome: options.onOutcome,
    handle: async (envelope, tx) => {
      if (envelope.event_type === 'order.confirmed')
        return sendOrderConfirmedMail(options, tx, envelope);
      if (envelope.event_type === 'order.cancelled')
        return sendOrderCancelledMail(options, tx, envelope);
    },
  });
}
