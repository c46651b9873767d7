import type { Database } from '@ticketing/db/client';
import { notFound } from '@ticketing/trpc/errors';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { readStatus } from './order-views';
import { applyTransition, refusal } from './state-machine';

export interface CancelledOrder {
  order_id: string;
  status: 'cancelled';
}

/** The customer cancels a pending order; cancelling a cancelled order again answers the same. */
export async function cancelOrder(db: Database, orderId: string): Promise<CancelledOrder> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const current = await db.transaction(async (tx) => {
    const [changed] = await applyTransition(tx, 'cancel', { orderId });
    return changed ?? (await readStatus(tx, orderId));
  });
  if (!current) throw notFound('order', orderId);
  if (current.status !== 'cancelled') throw refusal('cancel', orderId, current);
  return { order_id: orderId, status: 'cancelled' };
}
