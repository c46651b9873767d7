import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import { createdAt, id, money, oneOf, timestamptz, updatedAt } from '../shared/columns';

export const orderStatuses = ['pending', 'confirmed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const cancelReasons = [
  'customer',
  'payment_timeout',
  'inventory_unavailable',
  'refunded_by_admin',
] as const;
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
    // The admin list pages newest first by (created_at, id), and the stats count a date range.
    index('orders_created_at_id_idx').on(t.createdAt.desc(), t.id.desc()),
    // Search by e-mail prefix or order-number prefix, case-insensitive, through LIKE 'q%'.
    index('orders_customer_email_prefix_idx').on(sql`lower(${t.customerEmail}) text_pattern_ops`),
    index('orders_id_prefix_idx').on(sql`(${t.id}::text) text_pattern_ops`),
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
    // The admin filters orders by the sessions of an event (the web resolves event → sessions).
    index('order_items_session_id_idx').on(t.sessionId, t.orderId),
    index('order_items_ticket_type_id_idx').on(t.ticketTypeId, t.orderId),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_unit_price_non_negative', sql`${t.unitPrice} >= 0`),
  ],
);

/** Every status an order took, written in the transaction of the transition (state-machine.ts). */
export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: text('status', { enum: orderStatuses }).notNull(),
    reason: text('reason', { enum: cancelReasons }),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    index('order_status_history_order_id_at_idx').on(t.orderId, t.at),
    check('order_status_history_status_valid', oneOf(t.status, orderStatuses)),
    check('order_status_history_reason_valid', oneOf(t.reason, cancelReasons)),
  ],
);

/**
 * Net sales per UTC day of confirmation and ticket type: a confirm adds its lines, the
 * cancellation of a confirmed order (refund, compensation) takes them off the same day again.
 * Maintained in the transaction of the transition, so the dashboard reads days, not orders.
 */
export const orderSalesDaily = pgTable(
  'order_sales_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    sessionId: uuid('session_id').notNull(),
    ticketTypeId: uuid('ticket_type_id').notNull(),
    tickets: integer('tickets').notNull().default(0),
    revenue: money('revenue').notNull().default('0'),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.sessionId, t.ticketTypeId] }),
    index('order_sales_daily_session_id_day_idx').on(t.sessionId, t.day),
    check('order_sales_daily_tickets_non_negative', sql`${t.tickets} >= 0`),
    check('order_sales_daily_revenue_non_negative', sql`${t.revenue} >= 0`),
  ],
);
