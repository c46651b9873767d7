import type { Executor } from '@ticketing/db/client';
import { consumedEvents } from '@ticketing/db/main/consumed-events';
import type { EventSettings } from '@ticketing/env/common';
import { type ConsumeOutcome, type Consumer, startConsumer } from '@ticketing/events/consumer';
import { consumerQueues } from '@ticketing/events/topology';
import { DependencyUnavailableError } from '@ticketing/events/transient-error';

import { ServiceUnavailableError } from '../server/remote/guarded-client';
import {
  type OrderMailDependencies,
  sendOrderCancelledMail,
  sendOrderConfirmedMail,
} from './order-mails';

export interface NotificationsConsumerOptions extends OrderMailDependencies {
  db: Executor;
  /** Broker, exchange, queue prefix (test runs, e2e), retry delays and prefetch. */
  events: Omit<EventSettings, 'outboxPollMs'>;
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
  const { events } = options;
  return startConsumer({
    url: events.url,
    exchange: events.exchange,
    queue: notificationsQueueName(events.queuePrefix),
    bindings: consumerQueues.notifications.bindings,
    retryDelaysMs: events.retryDelaysMs,
    prefetch: events.prefetch,
    db: options.db,
    consumedEventsTable: consumedEvents,
    logger: options.logger,
    onOutcome: options.onOutcome,
    handle: async (envelope, tx) => {
      try {
        if (envelope.event_type === 'order.confirmed')
          return await sendOrderConfirmedMail(options, tx, envelope);
        if (envelope.event_type === 'order.cancelled')
          return await sendOrderCancelledMail(options, tx, envelope);
      } catch (error) {
        // Orders down (its circuit open for longer than the event's retries) is not the event's
        // fault: the consumer waits it out instead of dead-lettering the e-mail.
        if (error instanceof ServiceUnavailableError && error.serviceDown)
          throw new DependencyUnavailableError('orders', { cause: error });
        throw error;
      }
    },
  });
}
