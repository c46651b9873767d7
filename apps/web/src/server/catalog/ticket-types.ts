import type { Executor } from '@ticketing/db/client';
import { ticketTypes } from '@ticketing/db/main/catalog';
import { notFound } from '@ticketing/trpc/errors';
import { and, eq, ne } from 'drizzle-orm';

import type { CatalogInventory } from '../inventory/inventory-gateway';
import type { AdminTicketType } from './admin-catalog-schemas';
import { duplicateName, refuseDuplicateName, refuseWhenReferenced } from './db-errors';
import { allocatedQuantity, assertWithinCapacity, lockSession } from './session-capacity';

const ticketTypeColumns = {
  id: ticketTypes.id,
  sessionId: ticketTypes.sessionId,
  name: ticketTypes.name,
  price: ticketTypes.price,
  quantity: ticketTypes.quantity,
  createdAt: ticketTypes.createdAt,
  updatedAt: ticketTypes.updatedAt,
};

type TicketTypeRow = Pick<typeof ticketTypes.$inferSelect, keyof typeof ticketTypeColumns>;

const toAdminTicketType = (row: TicketTypeRow): AdminTicketType => ({
  id: row.id,
  session_id: row.sessionId,
  name: row.name,
  price: row.price,
  quantity: row.quantity,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export interface TicketTypeFields {
  name: string;
  /** Decimal string, e.g. "50.00". */
  price: string;
  quantity: number;
}

export interface TicketTypeChange {
  ticketType: AdminTicketType;
  /** The event whose cached catalog the change invalidates. */
  eventId: string;
}

/**
 * Adds a ticket type to a session within its capacity; its inventory item is created in the same
 * transaction, so the ticket type exists only if inventory accepted it.
 */
export async function createTicketType(
  db: Executor,
  inventory: CatalogInventory,
  sessionId: string,
  fields: TicketTypeFields & { id?: string },
): Promise<TicketTypeChange> {
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (!session) throw notFound('session', sessionId);
    assertWithinCapacity(
      'quantity',
      (await allocatedQuantity(tx, sessionId)) + fields.quantity,
      session.totalCapacity,
    );
    const [row] = await refuseDuplicateName(() =>
      tx
        .insert(ticketTypes)
        .values({
          id: fields.id,
          sessionId,
          name: fields.name,
          price: fields.price,
          quantity: fields.quantity,
        })
        .returning(ticketTypeColumns),
    );
    if (!row) throw new Error('insert into ticket_types returned no row');
    await inventory.syncTicketTypeInventory({
      sessionId,
      ticketTypeId: row.id,
      quantity: row.quantity,
    });
    return { ticketType: toAdminTicketType(row), eventId: session.eventId };
  });
}

/**
 * Renames, reprices or resizes a ticket type; a resize goes through inventory in the same
 * transaction. The row itself is updated only after inventory answered: a rename changes a column
 * of the (session_id, name) unique key, which makes PostgreSQL lock the row FOR UPDATE, and that
 * would block the foreign-key check of every hold insert for this ticket type for as long as the
 * inventory call takes. The session lock serialises every ticket-type write of the session, so the
 * checks made before the call still hold when the row is written.
 */
export async function updateTicketType(
  db: Executor,
  inventory: CatalogInventory,
  id: string,
  fields: Partial<TicketTypeFields>,
): Promise<TicketTypeChange> {
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ sessionId: ticketTypes.sessionId })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, id));
    // Session first, as every capacity-changing write does, so writers queue instead of deadlocking.
    const session = owner ? await lockSession(tx, owner.sessionId) : undefined;
    if (!owner || !session) throw notFound('ticket type', id);
    if (fields.quantity !== undefined) {
      assertWithinCapacity(
        'quantity',
        (await allocatedQuantity(tx, owner.sessionId, id)) + fields.quantity,
        session.totalCapacity,
      );
    }
    const [before] = await tx
      .select({ quantity: ticketTypes.quantity, name: ticketTypes.name })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, id));
    if (!before) throw notFound('ticket type', id);
    if (fields.name !== undefined && fields.name !== before.name) {
      // Refused before inventory is asked to resize, so a taken name leaves inventory untouched.
      await assertNameFree(tx, owner.sessionId, id, fields.name);
    }
    if (fields.quantity !== undefined && fields.quantity !== before.quantity) {
      await inventory.syncTicketTypeInventory({
        sessionId: owner.sessionId,
        ticketTypeId: id,
        quantity: fields.quantity,
      });
    }
    const [row] = await refuseDuplicateName(() =>
      tx
        .update(ticketTypes)
        .set({
          name: fields.name,
          price: fields.price,
          quantity: fields.quantity,
          updatedAt: new Date(),
        })
        .where(eq(ticketTypes.id, id))
        .returning(ticketTypeColumns),
    );
    if (!row) throw notFound('ticket type', id);
    return { ticketType: toAdminTicketType(row), eventId: session.eventId };
  });
}

/** Refuses `name` when another ticket type of the session has it, as the unique key would. */
async function assertNameFree(
  tx: Executor,
  sessionId: string,
  exceptId: string,
  name: string,
): Promise<void> {
  const [taken] = await tx
    .select({ id: ticketTypes.id })
    .from(ticketTypes)
    .where(
      and(
        eq(ticketTypes.sessionId, sessionId),
        eq(ticketTypes.name, name),
        ne(ticketTypes.id, exceptId),
      ),
    )
    .limit(1);
  if (taken) throw duplicateName();
}

/** Deletes a ticket type nobody holds; returns its event (cache invalidation) and its name. */
export async function deleteTicketType(
  db: Executor,
  id: string,
): Promise<{ eventId: string; sessionId: string; name: string }> {
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ sessionId: ticketTypes.sessionId })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, id));
    const session = owner ? await lockSession(tx, owner.sessionId) : undefined;
    if (!session) throw notFound('ticket type', id);
    const [deleted] = await refuseWhenReferenced('ticket type', () =>
      tx.delete(ticketTypes).where(eq(ticketTypes.id, id)).returning({ name: ticketTypes.name }),
    );
    if (!deleted) throw notFound('ticket type', id);
    return { eventId: session.eventId, sessionId: session.id, name: deleted.name };
  });
}

/** Every ticket type's total, for the worker's inventory reconciliation. */
export async function listTicketTypeTotals(
  db: Executor,
): Promise<{ id: string; sessionId: string; quantity: number }[]> {
  return db
    .select({
      id: ticketTypes.id,
      sessionId: ticketTypes.sessionId,
      quantity: ticketTypes.quantity,
    })
    .from(ticketTypes)
    .orderBy(ticketTypes.sessionId, ticketTypes.id);
}
