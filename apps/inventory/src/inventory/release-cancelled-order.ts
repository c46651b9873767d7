import type { Executor } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';
import { eq, sql } from 'drizzle-orm';

import { lockHold, moveSeats } from './lock-hold';

export type CancelledOrderOutcome =
  /** held → released: the seats are on sale again. */
  | { outcome: 'released' }
  /** committed → released: a sold order was refunded or undone; the seats are on sale again. */
  | { outcome: 'released_committed' }
  | { outcome: 'already_released' }
  /** Never seen: a tombstone refuses the late hold, and names the order for a late confirm. */
  | { outcome: 'tombstoned' };

/**
 * `order.cancelled`: whatever the order's hold is, its seats go back to sale — committed ones too
 * (refund, compensation), unlike a hold expiry, which never takes sold seats back. The hold
 * remembers the cancelled order, so an `order.confirmed` of it that arrives later (the two
 * events race through retries and redeliveries) commits nothing. In the caller's transaction;
 * counters move with the hold row under its lock, so I1 holds at every commit.
 */
export async function releaseCancelledOrder(
  tx: Executor,
  holdId: string,
  orderId: string,
): Promise<CancelledOrderOutcome> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const hold = await lockHold(tx, holdId);
    if (!hold) {
      const inserted = await tx
        .insert(inventoryHolds)
        .values({ holdId, status: 'tombstone', cancelledOrderId: orderId })
        .onConflictDoNothing({ target: inventoryHolds.holdId })
        .returning({ holdId: inventoryHolds.holdId });
      if (inserted.length === 1) return { outcome: 'tombstoned' };
      continue;
    }
    const mark = (status: 'released' | 'tombstone') =>
      tx
        .update(inventoryHolds)
        .set({ status, cancelledOrderId: orderId, updatedAt: sql`now()` })
        .where(eq(inventoryHolds.holdId, holdId));
    if (hold.status === 'released' || hold.status === 'tombstone') {
      await mark(hold.status);
      return { outcome: 'already_released' };
    }
    if (hold.itemId === null || hold.quantity === null) throw new Error('live hold without item');
    const from = hold.status === 'held' ? 'heldQuantity' : 'committedQuantity';
    if (!(await moveSeats(tx, hold.itemId, hold.quantity, from, 'availableQuantity'))) {
      throw new Error(`item ${hold.itemId} counts fewer seats than hold ${holdId}`);
    }
    await mark('released');
    return { outcome: hold.status === 'held' ? 'released' : 'released_committed' };
  }
  throw new Error(`release of hold ${holdId} kept colliding with a concurrent hold`);
}
