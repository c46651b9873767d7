import type { Executor } from '@ticketing/db/client';
import { inventoryHolds,type InventoryHoldStatus } from '@ticketing/db/inventory/holds';
import { inventoryItems } from '@ticketing/db/inventory/items';
import { eq, inArray, sql } from 'drizzle-orm';

import { type ItemKey, itemKeyIs } from './items';

export interface HoldRequest extends ItemKey {
  holdId: string;
  quantity: number;
  expiresAt: Date;
}

export type HoldOutcome =
  | { outcome: 'held'; availableQuantity: number }
  /** The id was committed earlier: the seats are the caller's. */
  | { outcome: 'committed'; availableQuantity: number }
  /** The id was released (or tombstoned by a release that came first): never reserved again. */
  | { outcome: 'released' }
  /** The id is taken by a hold with other parameters. */
  | { outcome: 'conflict' }
  | { outcome: 'insufficient'; availableQuantity: number }
  | { outcome: 'item_not_found' };

interface KnownHold {
  sessionId: string | null;
  ticketTypeId: string | null;
  quantity: number | null;
  expiresAt: Date | null;
  status: InventoryHoldStatus;
}

// A round repeats only when another transaction inserted one of our ids meanwhile.
const MAX_ROUNDS = 5;

/**
 * Applies holds of ONE item in the caller's transaction, as if one after another in the given
 * order: the item row is locked first (`FOR UPDATE`), so no concurrent transaction can move its
 * counters between the read and the write, then the new holds are inserted and the counters moved
 * by their sum in one update. A single request is the degenerate batch, so the event consumer can
 * call this inside its own transaction.
 *
 * Idempotent by hold id: a known id answers from its row and changes nothing. Ids are inserted in
 * sorted order with `on conflict do nothing`, so two transactions racing on the same ids queue
 * behind each other instead of deadlocking, and the loser re-decides those requests against the
 * rows the winner committed.
 */
export async function placeHolds(
  tx: Executor,
  key: ItemKey,
  requests: readonly HoldRequest[],
): Promise<HoldOutcome[]> {
  if (requests.some((r) => r.sessionId !== key.sessionId || r.ticketTypeId !== key.ticketTypeId)) {
    throw new Error('placeHolds: every request must be for the given item');
  }
  const [item] = await tx
    .select({ id: inventoryItems.id, availableQuantity: inventoryItems.availableQuantity })
    .from(inventoryItems)
    .where(itemKeyIs(key))
    .for('update');

  const outcomes: HoldOutcome[] = [];
  let available = item?.availableQuantity ?? 0;
  let reserved = 0;
  for (let round = 1; ; round += 1) {
    const known = await findHolds(
      tx,
      requests.map((r) => r.holdId),
    );
    const roundAvailable = available;
    const granted: HoldRequest[] = [];
    outcomes.length = 0;
    for (const request of requests) {
      const prior = known.get(request.holdId);
      if (prior) {
        outcomes.push(answerKnown(prior, request, available));
      } else if (!item) {
        outcomes.push({ outcome: 'item_not_found' });
      } else if (request.quantity <= available) {
        available -= request.quantity;
        granted.push(request);
        // A repeat of this id later in the same batch is a replay of this grant.
        known.set(request.holdId, { ...request, status: 'held' });
        outcomes.push({ outcome: 'held', availableQuantity: available });
      } else {
        outcomes.push({ outcome: 'insufficient', availableQuantity: available });
      }
    }
    if (!item || granted.length === 0) break;

    const inserted = await insertHolds(tx, item.id, granted);
    const insertedQuantity = granted
      .filter((r) => inserted.has(r.holdId))
      .reduce((sum, r) => sum + r.quantity, 0);
    reserved += insertedQuantity;
    if (inserted.size === granted.length) break;
    if (round === MAX_ROUNDS) throw new Error('placeHolds: hold ids kept colliding');
    // Decide the round again: the rows just inserted now read as replays, the colliding ids as
    // whatever the other transaction made of them.
    available = roundAvailable - insertedQuantity;
  }

  if (item && reserved > 0) {
    await tx
      .update(inventoryItems)
      .set({
        availableQuantity: sql`${inventoryItems.availableQuantity} - ${reserved}`,
        heldQuantity: sql`${inventoryItems.heldQuantity} + ${reserved}`,
        updatedAt: sql`now()`,
      })
      .where(eq(inventoryItems.id, item.id));
  }
  return outcomes;
}

function answerKnown(prior: KnownHold, request: HoldRequest, available: number): HoldOutcome {
  if (prior.status === 'tombstone') return { outcome: 'released' };
  const same =
    prior.sessionId === request.sessionId &&
    prior.ticketTypeId === request.ticketTypeId &&
    prior.quantity === request.quantity &&
    prior.expiresAt?.getTime() === request.expiresAt.getTime();
  if (!same) return { outcome: 'conflict' };
  if (prior.status === 'released') return { outcome: 'released' };
  return { outcome: prior.status, availableQuantity: available };
}

async function findHolds(tx: Executor, holdIds: string[]): Promise<Map<string, KnownHold>> {
  const rows = await tx
    .select({
      holdId: inventoryHolds.holdId,
      sessionId: inventoryHolds.sessionId,
      ticketTypeId: inventoryHolds.ticketTypeId,
      quantity: inventoryHolds.quantity,
      expiresAt: inventoryHolds.expiresAt,
      status: inventoryHolds.status,
    })
    .from(inventoryHolds)
    .where(inArray(inventoryHolds.holdId, [...new Set(holdIds)]));
  return new Map(rows.map(({ holdId, ...hold }) => [holdId, hold]));
}

async function insertHolds(
  tx: Executor,
  itemId: string,
  granted: HoldRequest[],
): Promise<Set<string>> {
  const rows = granted
    .map(({ holdId, sessionId, ticketTypeId, quantity, expiresAt }) => ({
      holdId,
      itemId,
      sessionId,
      ticketTypeId,
      quantity,
      expiresAt,
      status: 'held' as const,
    }))
    .sort((a, b) => (a.holdId < b.holdId ? -1 : a.holdId > b.holdId ? 1 : 0));
  const inserted = await tx
    .insert(inventoryHolds)
    .values(rows)
    .onConflictDoNothing({ target: inventoryHolds.holdId })
    .returning({ holdId: inventoryHolds.holdId });
  return new Set(inserted.map((row) => row.holdId));
}
