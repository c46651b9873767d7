import type { Executor } from '@ticketing/db/client';
import { events, sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { notFound } from '@ticketing/trpc/errors';
import type { HoldSummary } from '@ticketing/trpc/public/holds';
import { eq, sql } from 'drizzle-orm';

import type { OrdersGateway } from '../orders/orders-gateway';
import { holdColumns, recordOrder } from './hold-store';
import { toHoldView } from './hold-view';

/**
 * The price a checkout took is kept on the hold; before that it is the ticket type's current price.
 * PostgreSQL multiplies the numeric exactly: money never passes through a float.
 */
const unitPrice = sql<string>`coalesce(${holds.checkoutUnitPrice}, ${ticketTypes.price})::text`;
const total = sql<string>`(coalesce(${holds.checkoutUnitPrice}, ${ticketTypes.price}) * ${holds.quantity})::numeric(12, 2)::text`;

export async function holdSummary(
  db: Executor,
  id: string,
  now = new Date(),
): Promise<HoldSummary> {
  const [row] = await db
    .select({
      hold: holdColumns,
      ticketTypeName: ticketTypes.name,
      unitPrice,
      total,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      eventId: events.id,
      eventName: events.name,
      location: events.location,
      imageUrl: events.imageUrl,
    })
    .from(holds)
    .innerJoin(ticketTypes, eq(ticketTypes.id, holds.ticketTypeId))
    .innerJoin(sessions, eq(sessions.id, holds.sessionId))
    .innerJoin(events, eq(events.id, sessions.eventId))
    .where(eq(holds.id, id));
  if (!row) throw notFound('hold', id);
  return {
    ...toHoldView(row.hold, now),
    event: {
      id: row.eventId,
      name: row.eventName,
      location: row.location,
      image_url: row.imageUrl,
    },
    session: { starts_at: row.startsAt.toISOString(), ends_at: row.endsAt.toISOString() },
    ticket_type_name: row.ticketTypeName,
    unit_price: row.unitPrice,
    total: row.total,
    now: now.toISOString(),
  };
}

/**
 * The summary, with the order of a converted hold looked up when the web has not recorded it yet
 * (the checkout's call to orders timed out, or ran in another tab): the page can then go on to
 * payment instead of starting a second checkout. If orders cannot say, the hold is shown as it is.
 */
export async function holdSummaryWithOrder(
  deps: { db: Executor; orders: Pick<OrdersGateway, 'getByHoldId'> },
  id: string,
): Promise<HoldSummary> {
  const summary = await holdSummary(deps.db, id);
  if (summary.status !== 'converted' || summary.order_id !== null) return summary;
  try {
    const order = await deps.orders.getByHoldId({ hold_id: summary.hold_id });
    await recordOrder(deps.db, summary.hold_id, order.order_id);
    return { ...summary, order_id: order.order_id };
  } catch {
    // Not found yet, or orders is busy: the expiry sweep settles it in the end.
    return summary;
  }
}
