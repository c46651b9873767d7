import type { Database } from '@ticketing/db/client';
import { orderItems, orders } from '@ticketing/db/orders/orders';
import { AppError } from '@ticketing/trpc/errors';
import type { CreateOrderOutput } from '@ticketing/trpc/orders/contract';

import { orderTotal } from './money';
import { readCreation } from './order-views';
import { canonicalItems, type OrderRequest, requestFingerprint } from './request-fingerprint';
import { recordStatus } from './status-history';
import { isUniqueViolation } from './unique-violation';

export interface CreateOrderResult {
  order: CreateOrderOutput;
  /** False for a replay of an earlier request with the same key. */
  created: boolean;
}

/**
 * Creates the order of an Idempotency-Key, or answers the one the key already made. The unique
 * index on the key decides between concurrent identical requests (INSERT … ON CONFLICT DO NOTHING
 * waits for the other inserter), never a read first; a reused key with another body is refused.
 */
export async function createOrder(
  db: Database,
  idempotencyKey: string,
  request: OrderRequest,
  options: { holdTtlSeconds: number },
): Promise<CreateOrderResult> {
  const fingerprint = requestFingerprint(request);
  const items = canonicalItems(request.items);
  const paymentDeadline = request.payment_deadline
    ? new Date(request.payment_deadline)
    : new Date(Date.now() + options.holdTtlSeconds * 1000);

  try {
    return await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(orders)
        .values({
          idempotencyKey,
          requestFingerprint: fingerprint,
          holdId: request.hold_id,
          customerEmail: request.customer_email,
          customerName: request.customer_name ?? null,
          totalAmount: orderTotal(items),
          paymentDeadline,
        })
        .onConflictDoNothing({ target: orders.idempotencyKey })
        .returning({ id: orders.id });
      if (inserted) {
        await tx.insert(orderItems).values(
          items.map((item) => ({
            orderId: inserted.id,
            sessionId: item.session_id,
            ticketTypeId: item.ticket_type_id,
            quantity: item.quantity,
            unitPrice: item.unit_price,
          })),
        );
        await recordStatus(tx, [{ orderId: inserted.id, status: 'pending', reason: null }]);
      }
      const existing = await readCreation(tx, idempotencyKey);
      if (!existing) throw new Error(`order of key ${idempotencyKey} vanished`);
      if (!inserted && existing.fingerprint !== fingerprint) {
        throw new AppError(
          'idempotency_key_reused',
          'this Idempotency-Key was used with a different request body',
        );
      }
      return { order: existing.order, created: Boolean(inserted) };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'orders_live_hold_id_key')) {
      throw new AppError('hold_not_active', `hold ${request.hold_id} already backs a live order`);
    }
    throw error;
  }
}
