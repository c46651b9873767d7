import type { Executor } from '@ticketing/db/client';
import { orders, orderSalesDaily, orderStatuses } from '@ticketing/db/orders/orders';
import { AppError } from '@ticketing/trpc/errors';
import type { OrderStatsOutput } from '@ticketing/trpc/orders/contract';
import { and, asc, gte, inArray, lt, sql } from 'drizzle-orm';

import { orderFilters } from './list-orders';
import { formatCents, toCents } from './money';

/** The dashboard looks at weeks or months; a range of years would be a mistake. */
const MAX_RANGE_DAYS = 400;

export interface StatsRange {
  from: string;
  to: string;
  session_ids?: string[];
}

const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);

/**
 * Dashboard figures without scanning orders: sales from the daily rollup (one row per day and
 * ticket type), counts by status over the created_at index (and the session index when filtered).
 * Sales days are UTC days of confirmation within [from, to).
 */
export async function orderStats(db: Executor, range: StatsRange): Promise<OrderStatsOutput> {
  const from = new Date(range.from);
  const to = new Date(range.to);
  if (!(to > from) || to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new AppError(
      'validation_error',
      `Invalid input: to: must be after from, at most ${MAX_RANGE_DAYS} days`,
      { fields: { to: 'invalid range' } },
    );
  }
  const sessionIds = range.session_ids?.map((id) => id.toLowerCase());
  const salesFilter = and(
    gte(orderSalesDaily.day, utcDay(from)),
    // `to` is exclusive: a range ending at midnight does not include that day.
    lt(orderSalesDaily.day, utcDay(new Date(to.getTime() - 1 + 86_400_000))),
    sessionIds ? inArray(orderSalesDaily.sessionId, sessionIds) : undefined,
  );
  const perDay = await db
    .select({
      day: orderSalesDaily.day,
      tickets: sql<number>`sum(${orderSalesDaily.tickets})::int`,
      revenue: sql<string>`sum(${orderSalesDaily.revenue})::numeric(14,2)::text`,
    })
    .from(orderSalesDaily)
    .where(salesFilter)
    .groupBy(orderSalesDaily.day)
    .orderBy(asc(orderSalesDaily.day));

  const filters = { from: range.from, to: range.to, session_ids: sessionIds };
  const counts = await db
    .select({ status: orders.status, count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(...orderFilters(filters)))
    .groupBy(orders.status);
  const startOfToday = new Date(`${utcDay(new Date())}T00:00:00.000Z`);
  const [today] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(...orderFilters({ from: startOfToday.toISOString(), session_ids: sessionIds })));

  const countOf = (status: string) => counts.find((row) => row.status === status)?.count ?? 0;
  const days = perDay.filter((row) => row.tickets > 0 || toCents(row.revenue) > 0n);
  return {
    per_day: days.map((row) => ({ day: row.day, tickets: row.tickets, revenue: row.revenue })),
    tickets_sold: days.reduce((sum, row) => sum + row.tickets, 0),
    revenue: formatCents(days.reduce((sum, row) => sum + toCents(row.revenue), 0n)),
    by_status: orderStatuses.map((status) => ({ status, count: countOf(status) })),
    orders_today: today?.count ?? 0,
    confirmed: countOf('confirmed'),
  };
}
