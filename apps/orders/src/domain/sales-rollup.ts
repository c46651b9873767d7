import type { Executor } from '@ticketing/db/client';
import { orderSalesDaily } from '@ticketing/db/orders/orders';
import type { OrderItem } from '@ticketing/trpc/orders/contract';
import { and, eq, sql } from 'drizzle-orm';

import { formatCents, toCents } from './money';

/** The UTC day a sale counts on: the day the order was confirmed. */
const saleDay = (confirmedAt: Date) => confirmedAt.toISOString().slice(0, 10);

const lineRevenue = (line: OrderItem) =>
  formatCents(BigInt(line.quantity) * toCents(line.unit_price));

/**
 * Adds a confirmed order's lines to its day. Lines come sorted by (session, ticket type) from
 * `itemsOf`, so two confirms touching the same rows lock them in one order and never deadlock.
 */
export async function addSales(
  tx: Executor,
  confirmedAt: Date,
  lines: readonly OrderItem[],
): Promise<void> {
  const day = saleDay(confirmedAt);
  for (const line of lines) {
    await tx
      .insert(orderSalesDaily)
      .values({
        day,
        sessionId: line.session_id,
        ticketTypeId: line.ticket_type_id,
        tickets: line.quantity,
        revenue: lineRevenue(line),
      })
      .onConflictDoUpdate({
        target: [orderSalesDaily.day, orderSalesDaily.sessionId, orderSalesDaily.ticketTypeId],
        set: {
          tickets: sql`${orderSalesDaily.tickets} + excluded.tickets`,
          revenue: sql`${orderSalesDaily.revenue} + excluded.revenue`,
        },
      });
  }
}

/** Takes a confirmed order that is being cancelled off the day it was sold on. */
export async function removeSales(
  tx: Executor,
  confirmedAt: Date,
  lines: readonly OrderItem[],
): Promise<void> {
  const day = saleDay(confirmedAt);
  for (const line of lines) {
    const updated = await tx
      .update(orderSalesDaily)
      .set({
        tickets: sql`${orderSalesDaily.tickets} - ${line.quantity}`,
        revenue: sql`${orderSalesDaily.revenue} - ${lineRevenue(line)}::numeric`,
      })
      .where(
        and(
          eq(orderSalesDaily.day, day),
          eq(orderSalesDaily.sessionId, line.session_id),
          eq(orderSalesDaily.ticketTypeId, line.ticket_type_id),
        ),
      )
      .returning({ day: orderSalesDaily.day });
    // The confirm added this row in its own transaction; a missing one means the rollup drifted.
    if (updated.length === 0) throw new Error(`no sales row of ${day} for a confirmed order`);
  }
}
