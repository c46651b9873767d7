import type { Executor } from '@ticketing/db/client';
import type { OrderOutput } from '@ticketing/trpc/orders/contract';
import type { OrderSummary } from '@ticketing/trpc/public/orders';

import { describeLines, type LineDetails, lineKey } from '../tickets/line-details';
import { ticketsOf } from '../tickets/ticket-codes';

/** What a line shows when its ticket type has since left the catalog. */
const unlisted = (line: { ticket_type_id: string }): LineDetails => ({
  event_id: '',
  event_name: 'Event no longer listed',
  location: '',
  image_url: null,
  starts_at: '',
  ends_at: '',
  ticket_type_name: `Ticket ${line.ticket_type_id.slice(0, 8)}`,
});

/** An order from the orders service, named from the catalog, with its signed tickets once confirmed. */
export async function summarizeOrder(
  db: Executor,
  order: OrderOutput,
  ticketSigningSecret: string,
): Promise<OrderSummary> {
  const details = await describeLines(db, order.items);
  const detailsOf = (line: { session_id: string; ticket_type_id: string }) =>
    details.get(lineKey(line)) ?? unlisted(line);
  const tickets =
    order.status === 'confirmed'
      ? ticketsOf(ticketSigningSecret, order.order_id, order.items).map((ticket) => ({
          ...ticket,
          ...detailsOf(ticket),
        }))
      : [];
  return {
    order_id: order.order_id,
    status: order.status,
    ...(order.cancel_reason ? { cancel_reason: order.cancel_reason } : {}),
    total: order.total,
    hold_id: order.hold_id,
    customer_email: order.customer_email,
    customer_name: order.customer_name,
    payment_deadline: order.payment_deadline,
    created_at: order.created_at,
    lines: order.items.map((item) => ({ ...item, ...detailsOf(item) })),
    tickets,
  };
}
