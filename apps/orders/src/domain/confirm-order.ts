import type { Database } from '@ticketing/db/client';
import { orders } from '@ticketing/db/orders/orders';
import { payments } from '@ticketing/db/orders/payments';
import { AppError, notFound } from '@ticketing/trpc/errors';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { eq, sql } from 'drizzle-orm';

import type { PaymentProvider } from '../payments/provider';
import { refundKey } from './refund-order';
import { applyTransition, refusal } from './state-machine';

export interface ConfirmedOrder {
  order_id: string;
  status: 'confirmed';
}

/**
 * Pays for a pending order and confirms it. The order row is locked for the whole attempt, so two
 * confirms of one order charge once (the second sees `confirmed` and answers the same), and the
 * deadline is judged once, at the instant the lock was taken: a payment begun in time completes.
 * Holding the lock across the charge is fine for the in-process stub; a networked provider would
 * take an idempotency key per attempt and charge before the lock instead.
 */
export async function confirmOrder(
  db: Database,
  provider: PaymentProvider,
  orderId: string,
  cardNumber?: string,
): Promise<ConfirmedOrder> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const confirmed: ConfirmedOrder = { order_id: orderId, status: 'confirmed' };

  const outcome = await db.transaction(async (tx) => {
    const [order] = await tx
      .select({
        status: orders.status,
        cancelReason: orders.cancelReason,
        amount: orders.totalAmount,
      })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for('update');
    if (!order) return { kind: 'missing' } as const;
    if (order.status !== 'pending') return { kind: 'not_pending', order } as const;

    const [clock] = await tx
      .select({
        at: sql<string>`clock_timestamp()::text`,
        open: sql<boolean>`${orders.paymentDeadline} > clock_timestamp()`,
      })
      .from(orders)
      .where(eq(orders.id, orderId));
    if (!clock?.open) {
      await applyTransition(tx, 'expire', { orderId });
      return { kind: 'deadline_passed' } as const;
    }

    const charge = await provider.charge({ orderId, amount: order.amount, cardNumber });
    if (!charge.ok) {
      await tx.insert(payments).values({
        orderId,
        amount: order.amount,
        status: 'failed',
        provider: provider.name,
        failureReason: charge.reason,
      });
      return { kind: 'declined', reason: charge.reason } as const;
    }
    const [changed] = await applyTransition(tx, 'confirm', { orderId }, { at: clock.at });
    if (!changed) {
      // Unreachable while the row lock is held; never keep money for an order that was not confirmed.
      await provider.refund({
        orderId,
        amount: order.amount,
        reference: charge.reference,
        idempotencyKey: refundKey(orderId),
      });
      throw new Error(`order ${orderId} changed under its lock`);
    }
    await tx.insert(payments).values({
      orderId,
      amount: order.amount,
      status: 'succeeded',
      provider: provider.name,
      providerReference: charge.reference,
    });
    return { kind: 'confirmed' } as const;
  });

  switch (outcome.kind) {
    case 'confirmed':
      return confirmed;
    case 'missing':
      throw notFound('order', orderId);
    case 'not_pending':
      if (outcome.order.status === 'confirmed') return confirmed;
      throw refusal('confirm', orderId, outcome.order);
    case 'deadline_passed':
      throw refusal('confirm', orderId, { status: 'cancelled', cancelReason: 'payment_timeout' });
    case 'declined':
      throw new AppError('payment_declined', `payment for order ${orderId} was declined`, {
        status: 'pending',
        reason: outcome.reason,
      });
  }
}
