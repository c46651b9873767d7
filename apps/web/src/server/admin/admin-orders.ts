import type { Executor } from '@ticketing/db/client';
import type { OrderOutput } from '@ticketing/trpc/orders/contract';

import type { OrdersGateway } from '../orders/orders-gateway';
import type { AdminOrder, AdminOrderListInput } from '../routers/admin-dashboard-schemas';
import { sessionIdsOfEvent, ticketTypeNames } from './catalog-lookup';

/** Orders as the admin sees them: the orders service's answer with the catalog's names beside ids. */
export async function withCatalogNames(
  db: Executor,
  orders: readonly OrderOutput[],
): Promise<AdminOrder[]> {
  const names = await ticketTypeNames(
    db,
    orders.flatMap((order) => order.items.map((item) => item.ticket_type_id)),
  );
  return orders.map((order) => ({
    order_id: order.order_id,
    status: order.status,
    ...(order.cancel_reason ? { cancel_reason: order.cancel_reason } : {}),
    total: order.total,
    customer_email: order.customer_email,
    customer_name: order.customer_name,
    hold_id: order.hold_id,
    payment_deadline: order.payment_deadline,
    created_at: order.created_at,
    items: order.items.map((item) => {
      const known = names.get(item.ticket_type_id.toLowerCase());
      return {
        ...item,
        ...(known
          ? {
              event_id: known.eventId,
              event_name: known.eventName,
              ticket_type_name: known.name,
              session_starts_at: known.startsAt.toISOString(),
            }
          : {}),
      };
    }),
  }));
}

/**
 * One page of the admin's order list. Orders does not know events, so an event filter becomes the
 * event's sessions from the web's catalog; an event without sessions has no orders.
 */
export async function listAdminOrders(
  db: Executor,
  orders: OrdersGateway,
  input: AdminOrderListInput,
): Promise<{ results: AdminOrder[]; next_cursor: string | null }> {
  const { event_id: eventId, ...filters } = input;
  const sessionIds = eventId === undefined ? undefined : await sessionIdsOfEvent(db, eventId);
  if (sessionIds?.length === 0) return { results: [], next_cursor: null };
  const page = await orders.list({ ...filters, session_ids: sessionIds });
  return { results: await withCatalogNames(db, page.results), next_cursor: page.next_cursor };
}
