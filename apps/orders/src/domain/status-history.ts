import type { Executor } from '@ticketing/db/client';
import {
  type CancelReason,
  type OrderStatus,
  orderStatusHistory,
} from '@ticketing/db/orders/orders';
import { asc, eq } from 'drizzle-orm';

export interface StatusChange {
  orderId: string;
  status: OrderStatus;
  reason: CancelReason | null;
}

/** Appends the statuses orders just took; called in the transaction that changed them. */
export async function recordStatus(tx: Executor, changes: readonly StatusChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.insert(orderStatusHistory).values(
    changes.map((change) => ({
      orderId: change.orderId,
      status: change.status,
      reason: change.reason,
    })),
  );
}

/** An order's statuses, oldest first. */
export function statusHistoryOf(db: Executor, orderId: string) {
  return db
    .select({
      status: orderStatusHistory.status,
      reason: orderStatusHistory.reason,
      at: orderStatusHistory.at,
    })
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, orderId))
    .orderBy(asc(orderStatusHistory.at), asc(orderStatusHistory.id));
}
