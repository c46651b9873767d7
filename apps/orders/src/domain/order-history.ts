import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/orders/outbox';
import { payments } from '@ticketing/db/orders/payments';
import type { OrderHistoryOutput } from '@ticketing/trpc/orders/contract';
import { asc, eq } from 'drizzle-orm';

import { readOrder } from './order-views';
import { statusHistoryOf } from './status-history';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Everything the admin's order page shows, from this service's own tables. */
export async function readOrderHistory(db: Executor, orderId: string): Promise<OrderHistoryOutput> {
  const order = await readOrder(db, orderId);
  const [attempts, history, events] = await Promise.all([
    db
      .select({
        status: payments.status,
        amount: payments.amount,
        provider: payments.provider,
        provider_reference: payments.providerReference,
        failure_reason: payments.failureReason,
        createdAt: payments.createdAt,
        updatedAt: payments.updatedAt,
      })
      .from(payments)
      .where(eq(payments.orderId, order.order_id))
      .orderBy(asc(payments.createdAt), asc(payments.id)),
    statusHistoryOf(db, order.order_id),
    db
      .select({
        event_id: outbox.id,
        event_type: outbox.eventType,
        occurredAt: outbox.occurredAt,
        publishedAt: outbox.publishedAt,
      })
      .from(outbox)
      .where(eq(outbox.aggregateId, order.order_id))
      .orderBy(asc(outbox.occurredAt), asc(outbox.id)),
  ]);
  const paymentViews = attempts.map(({ createdAt, updatedAt, ...payment }) => ({
    ...payment,
    created_at: createdAt.toISOString(),
    updated_at: updatedAt.toISOString(),
  }));
  const settled = paymentViews.find((payment) => payment.status !== 'failed');
  return {
    order,
    payment: settled ?? paymentViews.at(-1) ?? null,
    payments: paymentViews,
    history: history.map((row) => ({
      status: row.status,
      at: row.at.toISOString(),
      reason: row.reason,
    })),
    events: events.map((row) => ({
      event_id: row.event_id,
      event_type: row.event_type,
      occurred_at: row.occurredAt.toISOString(),
      published_at: iso(row.publishedAt),
    })),
  };
}
