import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { createMicroBatcher, type MicroBatcher } from '@ticketing/jobs/micro-batcher';
import type { Logger } from '@ticketing/log/logger';
import { currentRequestId } from '@ticketing/log/request-context';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { HoldRequest, PlacedHold } from '@ticketing/trpc/public/holds';

import type { InventoryGateway } from '../inventory/inventory-gateway';
import { ServiceUnavailableError } from '../remote/guarded-client';
import { appendHoldsCreated } from './hold-events';
import type { HoldExpiryScheduler } from './hold-expiry-queue';
import {
  activateHolds,
  type CappedHoldFields,
  type HoldRow,
  insertCappedPendingHolds,
  rejectHold,
} from './hold-store';

export interface HoldDependencies {
  db: Database;
  inventory: InventoryGateway;
  holdExpiry: HoldExpiryScheduler;
  holdTtlSeconds: number;
  /** MAX_SEATS_PER_BUYER_PER_SESSION (issue 12 §2). */
  maxSeatsPerBuyer: number;
  logger: Logger;
}

/**
 * docs/architecture.md §2.1: the hold is written `pending` first, so whatever inventory does with
 * the call there is a row the expiry job will end (emitting `hold.expired`, which releases an
 * orphan reservation); inventory reserves the seats (idempotent by hold id); then `active` and
 * `hold.created` commit together. Refused → `rejected` and 409; unreachable or silent → 503 and
 * the pending hold is left to expire.
 *
 * Under an on-sale rush the two writes are coalesced across concurrent requests (one INSERT for
 * the pending holds, one transaction for the activations and their outbox rows), so the database
 * sees a handful of statements per batch instead of several round trips per hold. Every step
 * still happens in the same order for each hold, and every race is still decided by a
 * conditional statement.
 */
export async function placeHold(deps: HoldDependencies, request: HoldRequest): Promise<PlacedHold> {
  const writes = holdWritesOf(deps.db);
  // The contract lower-cased the ids: the spelling PostgreSQL and inventory use.
  const { session_id: sessionId, ticket_type_id: ticketTypeId } = request;
  const hold = await writes.insertPending({
    id: randomUUID(),
    sessionId,
    ticketTypeId,
    quantity: request.quantity,
    customerEmail: request.customer_email,
    expiresAt: new Date(Date.now() + deps.holdTtlSeconds * 1_000),
    buyerSeatLimit: deps.maxSeatsPerBuyer,
  });
  if (!hold) throw notFound('ticket type', `${ticketTypeId} of session ${sessionId}`);
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

  const active = await writes.activate({ id: hold.id, correlationId: currentRequestId() ?? null });
  // Only expiry can have moved a pending hold meanwhile; its hold.expired releases the seats.
  if (!active) throw new AppError('hold_expired', `hold ${hold.id} expired before it was placed`);
  return {
    hold_id: active.id,
    status: 'active',
    quantity: active.quantity,
    expires_at: active.expiresAt.toISOString(),
  };
}

interface HoldWrites {
  /**
   * The pending hold, or undefined when its ticket type does not belong to its session; rejects
   * with 409 `buyer_limit_reached` when its buyer holds too many seats of the session already.
   */
  insertPending: MicroBatcher<CappedHoldFields, HoldRow | undefined>;
  /** The active hold with its `hold.created` written, or undefined when it was no longer pending. */
  activate: MicroBatcher<{ id: string; correlationId: string | null }, HoldRow | undefined>;
}

/** Batches of up to this many holds; two batches of each kind in flight per pool. */
const BATCH = { maxBatch: 200, inFlight: 2 };

/** One set of batchers per pool (tests run several pools in one process). */
const writesByDatabase = new WeakMap<Database, HoldWrites>();

function holdWritesOf(db: Database): HoldWrites {
  let writes = writesByDatabase.get(db);
  if (!writes) {
    writes = {
      insertPending: createMicroBatcher<CappedHoldFields, HoldRow | undefined>(async (rows) => {
        const decided = await insertCappedPendingHolds(db, rows);
        return rows.map((row) => {
          const outcome = decided.get(row.id);
          if (!outcome || !('buyerLimitReached' in outcome)) return outcome;
          // This hold alone is refused: the batcher rejects it and answers the others.
          return new AppError(
            'buyer_limit_reached',
            `One buyer may hold at most ${outcome.limit} seats of a session at once; ` +
              `${outcome.held} are held already`,
            { limit: outcome.limit, held: outcome.held },
          );
        });
      }, BATCH),
      activate: createMicroBatcher(
        (items) =>
          db.transaction(async (tx) => {
            const moved = new Map(
              (
                await activateHolds(
                  tx,
                  items.map((item) => item.id),
                )
              ).map((row) => [row.id, row]),
            );
            await appendHoldsCreated(
              tx,
              items.flatMap(({ id, correlationId }) => {
                const hold = moved.get(id);
                return hold ? [{ hold, correlationId }] : [];
              }),
            );
            return items.map((item) => moved.get(item.id));
          }),
        BATCH,
      ),
    };
    writesByDatabase.set(db, writes);
  }
  return writes;
}
