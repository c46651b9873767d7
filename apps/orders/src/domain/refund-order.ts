import type { Database } from '@ticketing/db/client';
import { orders } from '@ticketing/db/orders/orders';
import { payments } from '@ticketing/db/orders/payments';
import { AppError, notFound } from '@ticketing/trpc/errors';
import { and, eq } from 'drizzle-orm';
import type { PaymentProvider } from '../payments/provider';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { applyTransition } from './state-machine';

export interface RefundedOrder {
  order_id: string;
  status: 'cancelled';
  refund_status: 'refunded';
}

/** One refund per order at the provider, whoever asks for it (admin, compensation, a retry). */
export const refundKey = (orderId: string) => `refund:${orderId}`;

/**
 * An admin refunds a confirmed order: payment `refunded`, order `cancelled` (refunded_by_admin)
 * and `order.cancelled` in the outbox, one transaction under the order's row lock — so of two
 * refunds (a double click, a replayed request) one changes the order and the other finds it
 * refunded and answers the same. Inventory releases the committed seats on `order.cancelled`.
 * The provider call is idempotent by key: if this transaction fails after it, the retry asks for
 * the same refund again rather than a second one.
 */
export async function refundOrder(
  db: Database,
  provider: PaymentProvider,
  orderId: string,
): Promise<RefundedOrder> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const refunded: RefundedOrder = {
    order_id: orderId,
    status: 'cancelled',
    refund_status: 'refunded',
  };
  await db.transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status, cancelReason: orders.cancelReason })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for('update');
    if (!order) throw notFound('order', orderId);
    if (order.status === 'cancelled' && order.cancelReason === 'refunded_by_admin') return;
    if (order.status !== 'confirmed') {
      throw new AppError(
        'order_not_confirmed',
        `order ${orderId} is ${order.status}; only a confirmed order can be refunded`,
        {
          status: order.status,
          ...(order.cancelReason ? { cancel_reason: order.cancelReason } : {}),
        },
      );
    }
    const [changed] = await applyTransition(tx, 'refund', { orderId });
    if (!changed) throw new Error(`order ${orderId} changed under its lock`);
    const [payment] = await tx
      .update(payments)
      .set({ status: 'refunded' })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'succeeded')))
      .returning({ amount: payments.amount, reference: payments.providerReference });
    if (!payment) throw new Error(`confirmed order ${orderId} has no succeeded payment`);
    await provider.refund({
      orderId,
      amount: payment.amount,
      reference: payment.reference,
      idempotencyKey: refundKey(orderId),
    });
  });
  return refunded;
}
