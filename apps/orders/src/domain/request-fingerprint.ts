import { createHash } from 'node:crypto';

import type { CreateOrderInput } from '@ticketing/trpc/orders/contract';

import { normaliseAmount } from './money';

export type OrderRequest = Omit<CreateOrderInput, 'idempotency_key'>;

/** Lines sorted by session and ticket type, prices in canonical form: the order of lines is no difference. */
export function canonicalItems(items: OrderRequest['items']) {
  return items
    .map((item) => ({ ...item, unit_price: normaliseAmount(item.unit_price) }))
    .sort((a, b) =>
      a.session_id === b.session_id
        ? a.ticket_type_id.localeCompare(b.ticket_type_id)
        : a.session_id.localeCompare(b.session_id),
    );
}

/**
 * Hash of what the request asks for, stored with the order: the same Idempotency-Key with another
 * body is told apart from a replay (422) without keeping the body itself.
 */
export function requestFingerprint(request: OrderRequest): string {
  const canonical = {
    customer_email: request.customer_email,
    customer_name: request.customer_name ?? null,
    hold_id: request.hold_id.toLowerCase(),
    items: canonicalItems(request.items).map((item) => [
      item.session_id.toLowerCase(),
      item.ticket_type_id.toLowerCase(),
      item.quantity,
      item.unit_price,
    ]),
    payment_deadline: request.payment_deadline
      ? new Date(request.payment_deadline).toISOString()
      : null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
