import type { Database } from '@ticketing/db/client';
import { notFound } from '@ticketing/trpc/errors';
import type { AdminActor } from '@ticketing/trpc/orders/contract';
import { isUuid } from '@ticketing/trpc/schemas/ids';

import { recordOrderAudit } from './audit-log';
import { readStatus } from './order-views';
import { applyTransition, refusal } from './state-machine';

export interface CancelledOrder {
  order_id: string;
  status: 'cancelled';
}

/**
 * The customer (or an admin for them) cancels a pending order; cancelling a cancelled order again
 * answers the same. An admin's cancel names the admin (`who.actor`) and is audited in the
 * transaction that cancels; a buyer's names nobody and is not an admin write.
 */
export async function cancelOrder(
  db: Database,
  orderId: string,
  who: AdminActor = {},
): Promise<CancelledOrder> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const current = await db.transaction(async (tx) => {
    const [changed] = await applyTransition(tx, 'cancel', { orderId });
    if (changed && who.actor !== undefined) {
      await recordOrderAudit(
        tx,
        'order.cancel',
        orderId,
        { from: 'pending', to: 'cancelled' },
        who,
      );
    }
    return changed ?? (await readStatus(tx, orderId));
  });
  if (!current) throw notFound('order', orderId);
  if (current.status !== 'cancelled') throw refusal('cancel', orderId, current);
  return { order_id: orderId, status: 'cancelled' };
}
