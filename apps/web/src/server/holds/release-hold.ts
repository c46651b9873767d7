import type { Database } from '@ticketing/db/client';
import { AppError, notFound } from '@ticketing/trpc/errors';

import { appendHoldReleased } from './hold-events';
import { readHold, releaseActiveHold } from './hold-store';
import { toHoldView } from './hold-view';

/**
 * The buyer gives an active hold up: `released` and `hold.released` in one transaction; inventory
 * returns the seats when the event reaches it, as for an expiry (docs/architecture.md §2.5).
 */
export async function releaseHold(db: Database, id: string): Promise<{ status: 'released' }> {
  const released = await db.transaction(async (tx) => {
    const row = await releaseActiveHold(tx, id);
    if (row) await appendHoldReleased(tx, row, 'customer');
    return row;
  });
  if (released) return { status: 'released' };
  const hold = await readHold(db, id);
  if (!hold) throw notFound('hold', id);
  throw new AppError('hold_not_active', `hold ${id} is not active`, {
    status: toHoldView(hold).status,
  });
}
