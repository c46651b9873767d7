import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/inventory/outbox';
import type { EventPayload } from '@ticketing/events/envelope';
import { appendOutbox } from '@ticketing/events/outbox-writer';

import { commitHold, type CommitOutcome, type SeatsOfHold } from '../inventory/commit-hold';
import { lockHold } from '../inventory/lock-hold';

type OrderConfirmed = EventPayload<'order.confirmed'>;

export type ConfirmSeatsResult =
  | { outcome: Exclude<CommitOutcome['outcome'], 'hold_released' | 'not_found'> }
  | { outcome: 'commit_failed'; reason: string }
  /** Its `order.cancelled` came first and released the seats: nothing to commit. */
  | { outcome: 'order_cancelled' };

/**
 * The seats an order's lines stand for, when they fit one inventory hold (one session and ticket
 * type): what a re-reserve needs for a hold inventory never recorded.
 */
export function seatsOfOrder(items: OrderConfirmed['items']): SeatsOfHold | undefined {
  const [first] = items;
  if (!first) return undefined;
  const sameItem = items.every(
    (item) => item.session_id === first.session_id && item.ticket_type_id === first.ticket_type_id,
  );
  if (!sameItem) return undefined;
  return {
    sessionId: first.session_id.toLowerCase(),
    ticketTypeId: first.ticket_type_id.toLowerCase(),
    quantity: items.reduce((sum, item) => sum + item.quantity, 0),
  };
}

/**
 * `order.confirmed`: the order's hold becomes committed — through the same `commitHold` as the
 * HTTP `commit` — re-reserving its seats if it was no longer held. When that cannot be honoured,
 * `inventory.commit_failed` goes into this database's outbox in the same transaction, so the
 * orders worker compensates: never a confirmed order without seats (I3).
 */
export async function confirmOrderSeats(
  tx: Executor,
  order: OrderConfirmed,
  idempotencyKey: string | null,
): Promise<ConfirmSeatsResult> {
  const holdId = order.hold_id.toLowerCase();
  // Locked here and again (a no-op) by commitHold: the cancellation cannot slip in between.
  const hold = await lockHold(tx, holdId);
  if (hold?.cancelledOrderId === order.order_id.toLowerCase())
    return { outcome: 'order_cancelled' };
  const result = await commitHold(tx, holdId, seatsOfOrder(order.items));
  if (result.outcome !== 'hold_released' && result.outcome !== 'not_found') return result;

  const reason = result.outcome === 'hold_released' ? 'seats_unavailable' : 'hold_not_found';
  await appendOutbox(tx, outbox, {
    eventType: 'inventory.commit_failed',
    aggregateId: holdId,
    idempotencyKey,
    payload: { hold_id: holdId, order_id: order.order_id, reason },
  });
  return { outcome: 'commit_failed', reason };
}
