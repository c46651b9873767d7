import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, money, oneOf, timestamptz, updatedAt } from '../shared/columns';

export const orderStatuses = ['pending', 'confirmed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const cancelReasons = ['customer', 'payment_timeout', 'inventory_unavailable'] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const orders = pgTable(
  'orders',
  {
    id: id(),
    // One order per key, decided by this unique constraint rather than by a read first (I4).
    idempotencyKey: text('idempotency_key').notNull(),
    // Hash of the creating request, so a reused key with another body is told apart (422).
    requestFingerprint: text('request_fingerprint').notNull(),
    holdId: uuid('hold_id').notNull(),
    customerEmail: text('customer_email').notNull(),
    customerName: text('customer_name'),
    status: text('status', { enum: orderStatuses }).notNull().default('pending'),
    cancelReason: text('cancel_reason', { enum: cancelReasons }),
    totalAmount: money('total_amount').notNull(),
    paymentDeadline: timestamptz('payment_deadline').notNull(),
    confirmedAt: timestamptz('confirmed_at'),
    cancelledAt: timestamptz('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_idempotency_key_key').on(t.idempotencyKey),
    // A hold backs at most one live order.
    uniqueIndex('orders_live_hold_id_key')
      .on(t.holdId)
      .where(sql`${t.status} in ('pending', 'confirmed')`),
    index('orders_hold_id_idx').on(t.holdId),
    index('orders_status_payment_deadline_idx').on(t.status, t.paymentDeadline),
    check('orders_status_valid', oneOf(t.status, orderStatuses)),
    check('orders_cancel_reason_valid', oneOf(t.cancelReason, cancelReasons)),
    check('orders_total_non_negative', sql`${t.totalAmount} >= 0`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').notNull(),
    ticketTypeId: uuid('ticket_type_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
  },
  (t) => [
    index('order_items_order_id_idx').on(t.orderId),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_unit_price_non_negative', sql`${t.unitPrice} >= 0`),
  ],
);
