import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/main/outbox';
import { appendOutbox, appendOutboxMany } from '@ticketing/events/outbox-writer';

import type { HoldRow } from './hold-store';

/**
 * The hold events of docs/architecture.md §4, written to ticketing_main.outbox in the caller's transaction
 * (the same one as the state change they announce). The correlation id is the current request id.
 */

const seats = (hold: HoldRow) => ({
  hold_id: hold.id,
  session_id: hold.sessionId,
  ticket_type_id: hold.ticketTypeId,
  quantity: hold.quantity,
});

/** `hold.created` of several holds activated in one transaction, each under its own request id. */
export const appendHoldsCreated = (
  tx: Executor,
  created: readonly { hold: HoldRow; correlationId: string | null }[],
) =>
  appendOutboxMany(
    tx,
    outbox,
    created.map(({ hold, correlationId }) => ({
      eventType: 'hold.created' as const,
      aggregateId: hold.id,
      correlationId,
      payload: {
        ...seats(hold),
        customer_email: hold.customerEmail,
        expires_at: hold.expiresAt.toISOString(),
      },
    })),
  );

export const appendHoldExpired = (tx: Executor, hold: HoldRow) =>
  appendOutbox(tx, outbox, {
    eventType: 'hold.expired',
    aggregateId: hold.id,
    payload: seats(hold),
  });

export type ReleaseReason = 'customer';

export const appendHoldReleased = (tx: Executor, hold: HoldRow, reason: ReleaseReason) =>
  appendOutbox(tx, outbox, {
    eventType: 'hold.released',
    aggregateId: hold.id,
    payload: { ...seats(hold), reason },
  });
