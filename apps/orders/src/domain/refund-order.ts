import type { Database, Executor } from '@ticketing/db/client';
import { type CancelReason, orders,type OrderStatus } from '@ticketing/db/orders/orders';
import { payments } from '@ticketing/db/orders/payments';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { AdminActor } from '@ticketing/trpc/orders/contract';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { and, eq } from 'drizzle-orm';

import type { PaymentProvider } from '../payments/provider';
import { recordOrderAudit } from './audit-log';
import { applyTransition } from './state-machine';

export interface RefundedOrder {
  order_id: string;
  status: 'cancelled';
  refund_status: 'refunded';
}

/** One refund per order at the provider, whoever asks for it (admin, compensation, a retry). */
export const refundKey = (orderId: string) => `refund:${orderId}`;

interface OrderState {
  status: OrderStatus;
  cancelReason: CancelReason | null;
}

const isRefunded = (order: OrderState) =>
  order.status === 'cancelled' && order.cancelReason === 'refunded_by_admin';

function notConfirmed(orderId: string, order: OrderState): AppError {
  return new AppError(
    'order_not_confirmed',
    `order ${orderId} is ${order.status}; only a confirmed order can be refunded`,
    {
      status: order.status,
      ...(order.cancelReason ? { cancel_reason: order.cancelReason } : {}),
    },
  );
}

/** The order and its succeeded payment, read without a lock. */
async function readRefundable(db: Executor, orderId: string) {
  const [row] = await db
    .select({
      status: orders.status,
      cancelReason: orders.cancelReason,
      amount: payments.amount,
      reference: payments.providerReference,
    })
    .from(orders)
    .leftJoin(payments, and(eq(payments.orderId, orders.id), eq(payments.status, 'succeeded')))
    .where(eq(orders.id, orderId));
  return row;
}

/**
 * An admin refunds a confirmed order: payment `refunded`, order `cancelled` (refunded_by_admin)
 * and `order.cancelled` in the outbox. Inventory releases the committed seats on `order.cancelled`.
 *
 * The provider is asked first, by key `refund:<order_id>`, outside any transaction (as the
 * compensation's refund is, compensate-order.ts): a transaction that refunded and then rolled back
 * (a failed commit, a crash) would leave the money returned and the database saying it is not,
 * and its retry would ask again. Asked ahead, a retry or a racing second refund asks under the
 * same key, which the provider answers as the same refund. The transaction then only records it,
 * under the order's row lock, so of two refunds one changes the order and the other finds it
 * refunded and answers the same. Reading without a lock first is safe: a confirmed order only
 * ever moves to cancelled, by a path that refunds under that same key. The audit entry (`who`
 * asked, from where) is written in that transaction, once, by the refund that changed the order.
 */
export async function refundOrder(
  db: Database,
  provider: PaymentProvider,
  orderId: string,
  who: AdminActor = {},
): Promise<RefundedOrder> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const refunded: RefundedOrder = {
    order_id: orderId,
    status: 'cancelled',
    refund_status: 'refunded',
  };
  const current = await readRefundable(db, orderId);
  if (!current) throw notFound('order', orderId);
  if (isRefunded(current)) return refunded;
  if (current.status !== 'confirmed') throw notConfirmed(orderId, current);
  if (current.amount === null)
    throw new Error(`confirmed order ${orderId} has no succeeded payment`);

  await provider.refund({
    orderId,
    amount: current.amount,
    reference: current.reference,
    idempotencyKey: refundKey(orderId),
  });

  await db.transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status, cancelReason: orders.cancelReason })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for('update');
    if (!order) throw notFound('order', orderId);
    // A racing refund recorded it meanwhile (the same refund, by key).
    if (isRefunded(order)) return;
    // Compensated meanwhile: that path refunded under the same key, so nothing was refunded twice.
    if (order.status !== 'confirmed') throw notConfirmed(orderId, order);
    const [changed] = await applyTransition(tx, 'refund', { orderId });
    if (!changed) throw new Error(`order ${orderId} changed under its lock`);
    const [payment] = await tx
      .update(payments)
      .set({ status: 'refunded' })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'succeeded')))
      .returning({ amount: payments.amount });
    if (!payment) throw new Error(`confirmed order ${orderId} has no succeeded payment`);
    await recordOrderAudit(
      tx,
      'order.refund',
      orderId,
      { from: 'confirmed', to: 'cancelled', reason: 'refunded_by_admin', amount: payment.amount },
      who,
    );
  });
  return refunded;
}
