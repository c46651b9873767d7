import { randomUUID } from 'node:crypto';

import { expectStatus, field, type Item, request, type Storefront } from '@ticketing/e2e/api';

export interface CompensationRound {
  item: Item;
  orderId: string;
  /** The other buyer's hold on the seat, released once the round is done. */
  otherHoldId: string;
}

/**
 * A paid order whose seats inventory can no longer commit (docs/architecture.md §2, "Events of
 * two relays arrive in any order"), made on purpose so the compensation path carries traffic: a
 * one-seat ticket type; buyer A holds and checks out; inventory lets A's seat go (its own
 * `POST /inventory/release`, as a late release would); buyer B takes the seat; A pays. Inventory
 * then meets `order.confirmed` without seats to commit and emits `inventory.commit_failed` (its
 * outbox, its relay), and the orders worker consumes it and refunds and cancels A.
 */
export async function compensationRound(
  api: Storefront,
  inventoryUrl: string,
): Promise<CompensationRound> {
  const item = await api.createItem({ quantity: 1 });
  const email = `compensated-${randomUUID().slice(0, 8)}@example.com`;
  const holdId = field(expectStatus(await api.hold(item, 1, email), 201, 'hold A'), 'hold_id');
  const orderId = field(
    expectStatus(await api.checkout(holdId, { email }), 201, 'checkout A'),
    'order_id',
  );
  expectStatus(
    await request(inventoryUrl, 'POST', '/inventory/release', { body: { hold_id: holdId } }),
    200,
    'inventory release of A',
  );
  const otherHoldId = field(expectStatus(await api.hold(item, 1), 201, 'hold B'), 'hold_id');
  expectStatus(await api.confirm(orderId), 200, 'confirm A');
  return { item, orderId, otherHoldId };
}

/** Whether the round's order was compensated (cancelled); then B's hold is released. */
export async function compensated(api: Storefront, round: CompensationRound): Promise<boolean> {
  const order = await api.getOrder(round.orderId);
  if (order.body.status !== 'cancelled') return false;
  await api.releaseHold(round.otherHoldId);
  return true;
}
