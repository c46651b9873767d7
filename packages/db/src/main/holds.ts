import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

import { createdAt, money, oneOf, timestamptz, updatedAt } from '../shared/columns';
import { sessions, ticketTypes } from './catalog';

export const holdStatuses = [
  'pending',
  'active',
  'converted',
  'expired',
  'released',
  'rejected',
] as const;
export type HoldStatus = (typeof holdStatuses)[number];

/**
 * The buyer's side of a reservation. Inventory keeps the seats; this row tracks the hold's life in
 * the storefront (pending until inventory answers, converted once checked out).
 */
export const holds = pgTable(
  'holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id),
    ticketTypeId: uuid('ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id),
    quantity: integer('quantity').notNull(),
    customerEmail: text('customer_email').notNull(),
    status: text('status', { enum: holdStatuses }).notNull().default('pending'),
    expiresAt: timestamptz('expires_at').notNull(),
    /**
     * Set when the hold is converted at checkout: the Idempotency-Key it was converted under (a
     * replay with the same key answers the same order, another key is refused) and the unit price
     * the order was asked for, so a replay sends orders the identical body even after a reprice.
     */
    checkoutKey: text('checkout_key'),
    checkoutUnitPrice: money('checkout_unit_price'),
    /** The order backing a converted hold, once known; the expiry sweep stops asking orders then. */
    orderId: uuid('order_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('holds_quantity_positive', sql`${t.quantity} > 0`),
    check('holds_status_valid', oneOf(t.status, holdStatuses)),
    // The expiry sweep looks up live holds by deadline.
    index('holds_status_expires_at_idx').on(t.status, t.expiresAt),
    // The orderless sweep reads only converted holds whose order never showed up: a handful, not
    // every hold ever checked out.
    index('holds_orderless_expires_at_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'converted' and ${t.orderId} is null`),
    // Deleting a session or ticket type checks its holds through these foreign keys.
    index('holds_session_id_idx').on(t.sessionId),
    index('holds_ticket_type_id_idx').on(t.ticketTypeId),
    check(
      'holds_converted_has_checkout',
      sql`${t.status} <> 'converted' or (${t.checkoutKey} is not null and ${t.checkoutUnitPrice} is not null)`,
    ),
  ],
);
