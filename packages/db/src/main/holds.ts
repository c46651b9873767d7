import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, timestamptz, updatedAt } from '../shared/columns';
import { sessions, ticketTypes } from './catalog';

export const holdStatuses = ['pending', 'active', 'converted', 'expired', 'released', 'rejected'] as const;
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('holds_quantity_positive', sql`${t.quantity} > 0`),
    check('holds_status_valid', oneOf(t.status, holdStatuses)),
    // The expiry sweep looks up live holds by deadline.
    index('holds_status_expires_at_idx').on(t.status, t.expiresAt),
  ],
);
