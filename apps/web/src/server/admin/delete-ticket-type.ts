import type { Executor } from '@ticketing/db/client';
import { ticketTypes } from '@ticketing/db/main/catalog';
import { eq } from 'drizzle-orm';

import { deleteTicketType } from '../catalog/ticket-types';
import type { InventoryGateway } from '../inventory/inventory-gateway';

/**
 * Deletes a ticket type and retires its inventory item, inside one catalog transaction: when
 * inventory refuses (seats held or sold: 409 `item_in_use`) or cannot be reached (503), the
 * ticket type stays. Should the commit fail after the retirement, the worker's reconciliation
 * recreates the item of the ticket type that is still there.
 */
export async function deleteTicketTypeWithItem(
  db: Executor,
  inventory: Pick<InventoryGateway, 'retireTicketTypeInventory'>,
  id: string,
): Promise<{ eventId: string; sessionId: string; name: string }> {
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ sessionId: ticketTypes.sessionId })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, id));
    const deleted = await deleteTicketType(tx, id);
    if (owner) {
      await inventory.retireTicketTypeInventory({ sessionId: owner.sessionId, ticketTypeId: id });
    }
    return deleted;
  });
}
