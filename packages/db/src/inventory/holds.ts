import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

import { createdAt, oneOf, timestamptz, updatedAt } from '../shared/columns';
import { inventoryItems } from './items';

export const inventoryHoldStatuses = ['held', 'committed', 'released', 'tombstone'] as const;
export type InventoryHoldStatus = (typeof inventoryHoldStatuses)[number];

/**
 * Seats reserved for one storefront hold, keyed by the storefront's hold id (idempotency).
 * A `tombstone` records a release that arrived before its hold, so the late hold is refused;
 * it has no item and no quantity.
 */
export const inventoryHolds = pgTable(
  'inventory_holds',
  {
    holdId: uuid('hold_id').primaryKey(),
    itemId: uuid('item_id').references(() => inventoryItems.id),
    sessionId: uuid('session_id'),
    ticketTypeId: uuid('ticket_type_id'),
    quantity: integer('quantity'),
    status: text('status', { enum: inventoryHoldStatuses }).notNull(),
    expiresAt: timestamptz('expires_at'),
    /**
     * The order whose `order.cancelled` released these seats (or left this tombstone): a late
     * `order.confirmed` of that order must not take them again.
     */
    cancelledOrderId: uuid('cancelled_order_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('inventory_holds_status_valid', oneOf(t.status, inventoryHoldStatuses)),
    check('inventory_holds_quantity_positive', sql`${t.quantity} > 0`),
    check(
      'inventory_holds_tombstone_shape',
      sql`(${t.status} = 'tombstone') = (${t.itemId} is null and ${t.quantity} is null)`,
    ),
    index('inventory_holds_status_expires_at_idx').on(t.status, t.expiresAt),
    index('inventory_holds_item_id_idx').on(t.itemId),
  ],
);
