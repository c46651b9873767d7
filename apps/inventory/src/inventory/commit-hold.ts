import type { Executor } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';
import { inventoryItems } from '@ticketing/db/inventory/items';
import { and, eq, sql } from 'drizzle-orm';

import { type ItemKey, itemKeyIs } from './items';
import { lockHold, moveSeats, setHoldStatus } from './lock-hold';

export type CommitOutcome =
  | { outcome: 'committed' }
  | { outcome: 'already_committed' }
  /** It was no longer held (released, tombstoned, never seen), and the seats could be reserved again. */
  | { outcome: 'recommitted' }
  /** No longer held and the seats are gone (or unknown): the order must be compensated. */
  | { outcome: 'hold_released' }
  | { outcome: 'not_found' };

/**
 * What the hold stood for, when the caller knows it (the order's line in `order.confirmed`): it
 * lets a hold inventory never recorded, or only as a tombstone, be reserved and committed anyway.
 */
export interface SeatsOfHold extends ItemKey {
  quantity: number;
}

/**
 * held → committed, in the caller's transaction. Committing again changes nothing. A released hold
 * takes its seats again when they are still available (conditional decrement); with `seats`, so
 * does a tombstone or an id inventory never saw.
 */
export async function commitHold(
  tx: Executor,
  holdId: string,
  seats?: SeatsOfHold,
): Promise<CommitOutcome> {
  const hold = await lockHold(tx, holdId);
  if (!hold) return seats ? commitUnseenHold(tx, holdId, seats) : { outcome: 'not_found' };
  if (hold.status === 'committed') return { outcome: 'already_committed' };
  if (hold.status === 'tombstone' || hold.itemId === null || hold.quantity === null) {
    return seats ? commitTombstone(tx, holdId, seats) : { outcome: 'hold_released' };
  }
  if (hold.status === 'held') {
    if (!(await moveSeats(tx, hold.itemId, hold.quantity, 'heldQuantity', 'committedQuantity'))) {
      throw new Error(`item ${hold.itemId} holds fewer seats than hold ${holdId}`);
    }
    await setHoldStatus(tx, holdId, 'committed');
    return { outcome: 'committed' };
  }
  // Released: take the seats again only if they are still there (conditional decrement).
  if (
    !(await moveSeats(tx, hold.itemId, hold.quantity, 'availableQuantity', 'committedQuantity'))
  ) {
    return { outcome: 'hold_released' };
  }
  await setHoldStatus(tx, holdId, 'committed');
  return { outcome: 'recommitted' };
}

/** Takes `seats` straight from `available` into `committed`; answers the item's id when it did. */
async function reserveCommitted(tx: Executor, seats: SeatsOfHold): Promise<string | undefined> {
  const [item] = await tx
    .select({ id: inventoryItems.id })
    .from(inventoryItems)
    .where(itemKeyIs(seats));
  if (!item) return undefined;
  const moved = await moveSeats(
    tx,
    item.id,
    seats.quantity,
    'availableQuantity',
    'committedQuantity',
  );
  return moved ? item.id : undefined;
}

const holdColumns = (itemId: string, seats: SeatsOfHold) => ({
  itemId,
  sessionId: seats.sessionId,
  ticketTypeId: seats.ticketTypeId,
  quantity: seats.quantity,
  status: 'committed' as const,
});

/** The tombstone is locked by the caller; it becomes a committed hold when the seats are there. */
async function commitTombstone(
  tx: Executor,
  holdId: string,
  seats: SeatsOfHold,
): Promise<CommitOutcome> {
  const itemId = await reserveCommitted(tx, seats);
  if (!itemId) return { outcome: 'hold_released' };
  await tx
    .update(inventoryHolds)
    .set({ ...holdColumns(itemId, seats), updatedAt: sql`now()` })
    .where(and(eq(inventoryHolds.holdId, holdId), eq(inventoryHolds.status, 'tombstone')));
  return { outcome: 'recommitted' };
}

/**
 * No row for this id. The item row is locked (by the decrement) before the hold row is inserted —
 * the order a `hold` takes them in — so a late hold of the same id cannot deadlock with us.
 */
async function commitUnseenHold(
  tx: Executor,
  holdId: string,
  seats: SeatsOfHold,
): Promise<CommitOutcome> {
  const itemId = await reserveCommitted(tx, seats);
  if (!itemId) return { outcome: 'hold_released' };
  const inserted = await tx
    .insert(inventoryHolds)
    .values({ holdId, ...holdColumns(itemId, seats) })
    .onConflictDoNothing({ target: inventoryHolds.holdId })
    .returning({ holdId: inventoryHolds.holdId });
  if (inserted.length === 0) {
    // A hold or release of this id committed since we looked; the caller's retry decides again.
    throw new Error(`hold ${holdId} appeared while it was being committed; retry`);
  }
  return { outcome: 'recommitted' };
}
