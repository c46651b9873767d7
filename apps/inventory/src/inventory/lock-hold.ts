import type { Executor } from '@ticketing/db/client';
import { inventoryHolds,type InventoryHoldStatus } from '@ticketing/db/inventory/holds';
import { inventoryItems } from '@ticketing/db/inventory/items';
import { eq, type SQL, sql } from 'drizzle-orm';

export interface LockedHold {
  itemId: string | null;
  quantity: number | null;
  status: InventoryHoldStatus;
  cancelledOrderId: string | null;
}

/**
 * Locks a hold row for the rest of the transaction. Release and commit always lock the hold
 * before its item, and holds never lock an existing hold row, so the lock order has no cycle.
 */
export async function lockHold(tx: Executor, holdId: string): Promise<LockedHold | undefined> {
  const [hold] = await tx
    .select({
      itemId: inventoryHolds.itemId,
      quantity: inventoryHolds.quantity,
      status: inventoryHolds.status,
      cancelledOrderId: inventoryHolds.cancelledOrderId,
    })
    .from(inventoryHolds)
    .where(eq(inventoryHolds.holdId, holdId))
    .for('update');
  return hold;
}

export async function setHoldStatus(tx: Executor, holdId: string, status: InventoryHoldStatus) {
  await tx
    .update(inventoryHolds)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(inventoryHolds.holdId, holdId));
}

type Counter = 'availableQuantity' | 'heldQuantity' | 'committedQuantity';

/**
 * Moves `quantity` seats from one counter of an item to another. With `onlyIfAvailable` the move
 * happens only while enough seats are available (a conditional decrement); answers whether it did.
 */
export async function moveSeats(
  tx: Executor,
  itemId: string,
  quantity: number,
  from: Counter,
  to: Counter,
): Promise<boolean> {
  const fromColumn = inventoryItems[from];
  const toColumn = inventoryItems[to];
  const set: Partial<Record<Counter, SQL>> = {
    [from]: sql`${fromColumn} - ${quantity}`,
    [to]: sql`${toColumn} + ${quantity}`,
  };
  const moved = await tx
    .update(inventoryItems)
    .set({ ...set, updatedAt: sql`now()` })
    .where(sql`${inventoryItems.id} = ${itemId} and ${fromColumn} >= ${quantity}`)
    .returning({ id: inventoryItems.id });
  return moved.length === 1;
}
