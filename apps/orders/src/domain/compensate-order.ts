import type { Executor } from '@ticketing/db/client';
import { orders } from '@ticketing/db/orders/orders';
import { payments } from '@ticketing/db/orders/payments';
import { notFound } from '@ticketing/trpc/errors';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { and, eq } from 'drizzle-orm';

import type { PaymentProvider } from '../payments/provider';
import type { RefundLedger } from '../payments/refund-ledger';
import { stubPaymentProvider } from '../payments/stub-provider';
import { readStatus } from './order-views';
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
 *
 * `provider.refund` is called inside that transaction, so it must not move money there: the
 * consumer refunds first (`refundAheadOfCompensation`) and passes its ledger's `settled` provider,
 * which only checks that the refund was made.
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

/**
 * The refund of a compensation, asked of the provider before its transaction and outside it, so no
 * rollback can undo the record of a refund that happened, nor a crash at any point double it: until
 * the compensation commits, every delivery finds the order still confirmed and asks again under the
 * same key (`refund:<order_id>`, the admin refund's too), which the provider answers as the same
 * refund; once it has committed, the order is cancelled and nothing is asked. Reads without a lock:
 * a confirmed order only ever moves to cancelled, by a path that refunds under the same key.
 */
export async function refundAheadOfCompensation(
  db: Executor,
  orderId: string,
  ledger: RefundLedger,
): Promise<void> {
  if (!isUuid(orderId)) return;
  const [payment] = await db
    .select({ amount: payments.amount, reference: payments.providerReference })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.orderId, orderId),
        eq(payments.status, 'succeeded'),
        eq(orders.status, 'confirmed'),
      ),
    );
  if (!payment) return;
  await ledger.refundAhead({
    orderId,
    amount: payment.amount,
    reference: payment.reference,
    idempotencyKey: refundKey(orderId),
  });
}
