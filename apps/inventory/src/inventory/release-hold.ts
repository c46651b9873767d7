import type { Executor } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';

import { lockHold, moveSeats, setHoldStatus } from './lock-hold';

export type ReleaseOutcome =
  | { outcome: 'released' }
  | { outcome: 'already_released' }
  /** Never seen: a tombstone now refuses a late hold with this id. */
  | { outcome: 'tombstoned' }
  /** The seats are sold; a late release (expiry, duplicate event) leaves them sold. */
  | { outcome: 'committed' };

/** held → released with the seats back, in the caller's transaction. Idempotent. */
export async function releaseHold(tx: Executor, holdId: string): Promise<ReleaseOutcome> {
  // Two passes at most: the tombstone insert can lose to a hold committed in between.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const hold = await lockHold(tx, holdId);
    if (!hold) {
      const inserted = await tx
        .insert(inventoryHolds)
        .values({ holdId, status: 'tombstone' })
        .onConflictDoNothing({ target: inventoryHolds.holdId })
        .returning({ holdId: inventoryHolds.holdId });
      if (inserted.length === 1) return { outcome: 'tombstoned' };
      continue;
    }
    switch (hold.status) {
      case 'released':
      case 'tombstone':
        return { outcome: 'already_released' };
      case 'committed':
        return { outcome: 'committed' };
      case 'held': {
        if (hold.itemId === null || hold.quantity === null)
          throw new Error('held hold without item');
        await setHoldStatus(tx, holdId, 'released');
        if (
          !(await moveSeats(tx, hold.itemId, hold.quantity, 'heldQuantity', 'availableQuantity'))
        ) {
          throw new Error(`item ${hold.itemId} holds fewer seats than hold ${holdId}`);
        }
        return { outcome: 'released' };
      }
    }
  }
  throw new Error(`release of hold ${holdId} kept colliding with a concurrent hold`);
}
