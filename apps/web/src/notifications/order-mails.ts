import type { Executor } from '@ticketing/db/client';
import type { EnvelopeOf } from '@ticketing/events/envelope';
import type { Logger } from '@ticketing/log/logger';

import type { OrdersGateway } from '../server/orders/orders-gateway';
import { ticketsOf } from '../server/tickets/ticket-codes';
import type { Mailer } from './mailer';
import { composeOrderCancelledMail } from './order-cancelled-mail';
import { composeOrderConfirmedMail } from './order-confirmed-mail';
import { nameOrderLines } from './order-lines';

export interface OrderMailDependencies {
  mailer: Mailer;
  orders: Pick<OrdersGateway, 'get'>;
  ticketSigningSecret: string;
  /** The storefront's public origin, e.g. `https://tickets.example.com`. */
  publicUrl: string;
  logger: Logger;
}

export const orderUrlOf = (publicUrl: string, orderId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/orders/${orderId}`;

/**
 * `order.confirmed` → the tickets by e-mail. Everything it needs is in the payload (recipient,
 * lines, total) plus the catalog names from ticketing_main, so it never waits for another service.
 */
export async function sendOrderConfirmedMail(
  deps: OrderMailDependencies,
  tx: Executor,
  envelope: EnvelopeOf<'order.confirmed'>,
): Promise<void> {
  const { order_id: orderId, customer_email, total_amount, items } = envelope.payload;
  const message = await composeOrderConfirmedMail({
    eventId: envelope.event_id,
    orderId,
    customerEmail: customer_email,
    total: total_amount,
    lines: await nameOrderLines(tx, items),
    tickets: ticketsOf(deps.ticketSigningSecret, orderId, items),
    orderUrl: orderUrlOf(deps.publicUrl, orderId),
  });
  await deps.mailer.send(message);
  deps.logger.info(
    { order_id: orderId, tickets: message.attachments.length },
    'order confirmation e-mail sent',
  );
}

/**
 * `order.cancelled` → the cancellation e-mail. The payload has no address, so the order is read
 * from orders (`get`) rather than from the hold row in ticketing_main: the buyer may give another
 * e-mail at checkout than when holding the seats, and the order's address is the one that got the
 * tickets. The order also brings the lines and total the e-mail names. Orders being unreachable
 * fails the attempt like an SMTP failure: the event is retried, then dead-lettered for a replay.
 */
export async function sendOrderCancelledMail(
  deps: OrderMailDependencies,
  tx: Executor,
  envelope: EnvelopeOf<'order.cancelled'>,
): Promise<void> {
  const { order_id: orderId, reason } = envelope.payload;
  const order = await deps.orders.get({ id: orderId });
  const message = composeOrderCancelledMail({
    eventId: envelope.event_id,
    orderId,
    customerEmail: order.customer_email,
    reason,
    total: order.total,
    lines: await nameOrderLines(tx, order.items),
    orderUrl: orderUrlOf(deps.publicUrl, orderId),
  });
  await deps.mailer.send(message);
  deps.logger.info({ order_id: orderId, reason }, 'order cancellation e-mail sent');
}
