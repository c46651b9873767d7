import type { Executor } from '@ticketing/db/client';
import { payments } from '@ticketing/db/orders/payments';
import { notFound } from '@ticketing/trpc/errors';
import { and, eq } from 'drizzle-orm';
import type { PaymentProvider } from '../payments/provider';
import { stubPaymentProvider } from '../payments/stub-provider';
import { isUuid, readStatus } from './order-views';
import { refundKey } from './refund-order';
import { applyTransition } from './state-machine';

export type CompensationReason = 'inventory_unavailable';

export interface CompensationResult {
  order_id: string;
  status: 'pending' | 'confirmed' | 'cancelled';
  /** False when there was nothing to undo (already compensated, or never confirmed). */
  compensated: boolean;
}

/**
 * Undoes a confirmed order that inventory could not back with seats (I3): the order becomes
 * `cancelled` with the given reason, its payment `refunded`, and `order.cancelled` goes to the
 * outbox — all in the caller's transaction, so the consumer records the event id beside it.
 * Idempotent: a second call finds nothing confirmed and changes nothing.
 */
export async function compensateOrder(
  tx: Executor,
  orderId: string,
  reason: CompensationReason,
  provider: PaymentProvider = stubPaymentProvider,
): Promise<CompensationResult> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const [changed] = await applyTransition(tx, 'compensate', { orderId }, { reason });
  if (!changed) {
    const current = await readStatus(tx, orderId);
    if (!current) throw notFound('order', orderId);
    return { order_id: orderId, status: current.status, compensated: false };
  }
  const refunded = await tx
    .update(payments)
    .set({ status: 'refunded' })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'succeeded')))
    .returning({ amount: payments.amount, reference: payments.providerReference });
  for (const payment of refunded) {
    await provider.refund({
      orderId,
      amount: payment.amount,
      reference: payment.reference,
      idempotencyKey: refundKey(orderId),
    });
  }
  return { order_id: orderId, status: 'cancelled', compensated: true };
}
