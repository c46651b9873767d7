import type { Executor } from '@ticketing/db/client';
import type { EventEnvelope } from '@ticketing/events/envelope';
import type { Logger } from '@ticketing/log/logger';

import { releaseCancelledOrder } from '../inventory/release-cancelled-order';
import { releaseHold } from '../inventory/release-hold';
import { confirmOrderSeats } from './confirm-order-seats';

/**
 * What inventory does with each event of its queue, inside the consumer's transaction (the one
 * that records the event id, so a redelivery is a no-op). Release and commit are the functions the
 * HTTP procedures use; both are idempotent on their own as well.
 */
export async function applyInventoryEvent(
  tx: Executor,
  envelope: EventEnvelope,
  log: Logger,
): Promise<void> {
  switch (envelope.event_type) {
    case 'order.cancelled': {
      const holdId = envelope.payload.hold_id.toLowerCase();
      const orderId = envelope.payload.order_id.toLowerCase();
      const { outcome } = await releaseCancelledOrder(tx, holdId, orderId);
      log.info(
        { event_type: envelope.event_type, hold_id: holdId, order_id: orderId, outcome },
        'seats of a cancelled order released',
      );
      return;
    }
    case 'hold.expired':
    case 'hold.released': {
      const holdId = envelope.payload.hold_id.toLowerCase();
      const { outcome } = await releaseHold(tx, holdId);
      log.info(
        { event_type: envelope.event_type, hold_id: holdId, outcome },
        outcome === 'committed' ? 'release ignored: the seats are sold' : 'hold released',
      );
      return;
    }
    case 'order.confirmed': {
      const result = await confirmOrderSeats(tx, envelope.payload, envelope.idempotency_key);
      const fields = {
        event_type: envelope.event_type,
        order_id: envelope.payload.order_id,
        hold_id: envelope.payload.hold_id,
        ...result,
      };
      if (result.outcome === 'order_cancelled') {
        log.info(fields, 'confirm of an order already cancelled: seats stay released');
      } else if (result.outcome === 'commit_failed') {
        log.warn(fields, 'seats of a confirmed order unavailable; inventory.commit_failed emitted');
      } else {
        log.info(fields, 'hold committed for a confirmed order');
      }
      return;
    }
    case 'hold.created':
      // The web reserved the seats synchronously (inventory.hold) before emitting this.
      log.debug({ event_type: envelope.event_type }, 'nothing to do');
      return;
    case 'inventory.commit_failed':
      // Our own event; not bound to this queue.
      return;
  }
}
