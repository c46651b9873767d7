import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/main/outbox';
import { appendOutbox } from '@ticketing/events/outbox-writer';
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

export const appendHoldCreated = (tx: Executor, hold: HoldRow) =>
  appendOutbox(tx, outbox, {
    eventType: 'hold.created',
    aggregateId: hold.id,
    payload: {
      ...seats(hold),
      customer_email: hold.customerEmail,
      expires_at: hold.expiresAt.toISOString(),
    },
  });

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
