import type { Executor } from '@ticketing/db/client';
import { orders } from '@ticketing/db/orders/orders';
import type { Metrics } from '@ticketing/runtime/metrics';
import { count } from 'drizzle-orm';

/**
 * `orders_by_status{status}`, counted when Prometheus scrapes: one grouped count, served by the
 * (status, payment_deadline) index, every scrape interval — nothing on the order path.
 */
export function registerOrderMetrics(metrics: Metrics, db: Executor): void {
  metrics.gauge(
    'orders_by_status',
    'Orders by status, counted at scrape time',
    ['status'],
    async (set) => {
      const rows = await db
        .select({ status: orders.status, orders: count() })
        .from(orders)
        .groupBy(orders.status);
      for (const row of rows) set({ status: row.status }, row.orders);
    },
  );
}
