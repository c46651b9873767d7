import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, money, oneOf, updatedAt } from '../shared/columns';
import { orders } from './orders';

export const paymentStatuses = ['succeeded', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** One row per payment attempt; a declined attempt stays as `failed` beside the later success. */
export const payments = pgTable(
  'payments',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amount: money('amount').notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    provider: text('provider').notNull(),
    providerReference: text('provider_reference'),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('payments_order_id_idx').on(t.orderId),
    // At most one payment of an order ever succeeds (it may later be refunded).
    uniqueIndex('payments_one_success_per_order')
      .on(t.orderId)
      .where(sql`${t.status} in ('succeeded', 'refunded')`),
    check('payments_status_valid', oneOf(t.status, paymentStatuses)),
    check('payments_amount_non_negative', sql`${t.amount} >= 0`),
  ],
);
