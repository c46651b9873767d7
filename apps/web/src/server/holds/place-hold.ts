import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { InventoryGateway } from '../inventory/inventory-gateway';
import { ServiceUnavailableError } from '../remote/guarded-client';
import { appendHoldCreated } from './hold-events';
import type { HoldExpiryScheduler } from './hold-expiry-queue';
import { activateHold, findTicketTypeOf, insertPendingHold, rejectHold } from './hold-store';

export interface HoldDependencies {
  db: Database;
  inventory: InventoryGateway;
  holdExpiry: HoldExpiryScheduler;
  holdTtlSeconds: number;
  logger: Logger;
}

export interface HoldRequest {
  session_id: string;
  ticket_type_id: string;
  quantity: number;
  customer_email: string;
}

export interface PlacedHold {
  hold_id: string;
  status: 'active';
  quantity: number;
  expires_at: string;
}

/**
 * docs/architecture.md §2.1: the hold is written `pending` first, so whatever inventory does with the call
 * there is a row the expiry job will end (emitting `hold.expired`, which releases an orphan
 * reservation); inventory reserves the seats (idempotent by hold id); then `active` and
 * `hold.created` commit together. Refused → `rejected` and 409; unreachable or silent → 503 and
 * the pending hold is left to expire.
 */
export async function placeHold(deps: HoldDependencies, request: HoldRequest): Promise<PlacedHold> {
  const sessionId = request.session_id.toLowerCase();
  const ticketTypeId = request.ticket_type_id.toLowerCase();
  if (!(await findTicketTypeOf(deps.db, sessionId, ticketTypeId))) {
    throw notFound('ticket type', `${ticketTypeId} of session ${sessionId}`);
  }
  const hold = await insertPendingHold(deps.db, {
    sessionId,
    ticketTypeId,
    quantity: request.quantity,
    customerEmail: request.customer_email,
    expiresAt: new Date(Date.now() + deps.holdTtlSeconds * 1_000),
  });
  deps.holdExpiry.schedule(hold.id, hold.expiresAt);

  try {
    await deps.inventory.holdSeats({
      hold_id: hold.id,
      session_id: sessionId,
      ticket_type_id: ticketTypeId,
      quantity: hold.quantity,
      expires_at: hold.expiresAt.toISOString(),
    });
  } catch (error) {
    if (error instanceof ServiceUnavailableError || !(error instanceof AppError)) throw error;
    // Inventory answered no: nothing is reserved, the hold is over.
    await rejectHold(deps.db, hold.id);
    if (error.code === 'not_found') {
      deps.logger.warn({ ticket_type_id: ticketTypeId }, 'ticket type has no inventory item yet');
      throw new AppError(
        'inventory_unavailable',
        'These tickets are not on sale yet; try again shortly',
      );
    }
    throw error;
  }

  const active = await deps.db.transaction(async (tx) => {
    const row = await activateHold(tx, hold.id);
    if (row) await appendHoldCreated(tx, row);
    return row;
  });
  // Only expiry can have moved a pending hold meanwhile; its hold.expired releases the seats.
  if (!active) throw new AppError('hold_expired', `hold ${hold.id} expired before it was placed`);
  return {
    hold_id: active.id,
    status: 'active',
    quantity: active.quantity,
    expires_at: active.expiresAt.toISOString(),
  };
}
