import { sql } from 'drizzle-orm';
import { check, integer, pgTable, unique, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from '../shared/columns';

/**
 * One row per ticket type. The counters are kept in step with inventory_holds in the same
 * transaction, and the conservation invariant (I1) is a CHECK, so no code path can break it.
 */
export const inventoryItems = pgTable(
  'inventory_items',
  {
    id: id(),
    sessionId: uuid('session_id').notNull(),
    ticketTypeId: uuid('ticket_type_id').notNull(),
    totalQuantity: integer('total_quantity').notNull(),
    availableQuantity: integer('available_quantity').notNull(),
    heldQuantity: integer('held_quantity').notNull().default(0),
    committedQuantity: integer('committed_quantity').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('inventory_items_session_ticket_type_key').on(t.sessionId, t.ticketTypeId),
    check('inventory_items_total_non_negative', sql`${t.totalQuantity} >= 0`),
    check('inventory_items_available_non_negative', sql`${t.availableQuantity} >= 0`),
    check('inventory_items_held_non_negative', sql`${t.heldQuantity} >= 0`),
    check('inventory_items_committed_non_negative', sql`${t.committedQuantity} >= 0`),
    check(
      'inventory_items_conservation',
      sql`${t.availableQuantity} + ${t.heldQuantity} + ${t.committedQuantity} = ${t.totalQuantity}`,
    ),
  ],
);
