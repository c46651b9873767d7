import type { Database } from '@ticketing/db/client';
import { isUuid } from '@ticketing/trpc/schemas/ids';

import { readStatus } from './order-views';
import { applyTransition } from './state-machine';

export type ExpiryOutcome = 'expired' | 'not_due' | 'not_pending' | 'not_found';

/** Cancels one unpaid order whose deadline has passed (the delayed job's work). */
export async function expireOrder(db: Database, orderId: string): Promise<ExpiryOutcome> {
  if (!isUuid(orderId)) return 'not_found';
  return db.transaction(async (tx) => {
    const [changed] = await applyTransition(tx, 'expire', { orderId });
    if (changed) return 'expired';
    const current = await readStatus(tx, orderId);
    if (!current) return 'not_found';
    return current.status === 'pending' ? 'not_due' : 'not_pending';
  });
}

/**
 * Cancels every unpaid order past its deadline, a batch per transaction (the sweep's work, which
 * catches orders whose job was lost). Rows locked by a confirm in progress are left to it.
 */
export async function expireDueOrders(db: Database, batchSize = 100): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = await db.transaction((tx) =>
      applyTransition(tx, 'expire', { dueBatch: batchSize }),
    );
    total += changed.length;
    if (changed.length < batchSize) return total;
  }
}
