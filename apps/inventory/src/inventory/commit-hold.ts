import type { Executor } from '@ticketing/db/client';
import { lockHold, moveSeats, setHoldStatus } from './lock-hold';

export type CommitOutcome =
  | { outcome: 'committed' }
  | { outcome: 'already_committed' }
  /** It had been released, and the seats could be reserved again. */
  | { outcome: 'recommitted' }
  /** Released (or tombstoned) and the seats are gone: the order must be compensated. */
  | { outcome: 'hold_released' }
  | { outcome: 'not_found' };

/** held → committed, in the caller's transaction. Committing again changes nothing. */
export async function commitHold(tx: Executor, holdId: string): Promise<CommitOutcome> {
  const hold = await lockHold(tx, holdId);
  if (!hold) return { outcome: 'not_found' };
  if (hold.status === 'committed') return { outcome: 'already_committed' };
  if (hold.status === 'tombstone' || hold.itemId === null || hold.quantity === null) {
    return { outcome: 'hold_released' };
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
