import type { Executor } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';
import { inventoryItems } from '@ticketing/db/inventory/items';
import { and, eq, inArray, or, sql } from 'drizzle-orm';

export interface ItemKey {
  sessionId: string;
  ticketTypeId: string;
}

export interface ItemCounters extends ItemKey {
  totalQuantity: number;
  availableQuantity: number;
  heldQuantity: number;
  committedQuantity: number;
}

const counters = {
  sessionId: inventoryItems.sessionId,
  ticketTypeId: inventoryItems.ticketTypeId,
  totalQuantity: inventoryItems.totalQuantity,
  availableQuantity: inventoryItems.availableQuantity,
  heldQuantity: inventoryItems.heldQuantity,
  committedQuantity: inventoryItems.committedQuantity,
};

export const itemKeyIs = ({ sessionId, ticketTypeId }: ItemKey) =>
  and(eq(inventoryItems.sessionId, sessionId), eq(inventoryItems.ticketTypeId, ticketTypeId));

export async function findItem(db: Executor, key: ItemKey): Promise<ItemCounters | undefined> {
  const [item] = await db.select(counters).from(inventoryItems).where(itemKeyIs(key));
  return item;
}

export function listItems(db: Executor, sessionIds: string[]): Promise<ItemCounters[]> {
  return db
    .select(counters)
    .from(inventoryItems)
    .where(inArray(inventoryItems.sessionId, sessionIds))
    .orderBy(inventoryItems.sessionId, inventoryItems.ticketTypeId);
}

/** Items of any of the sessions or any of the ticket types. */
export function itemsOf(
  db: Executor,
  { sessionIds = [], ticketTypeIds = [] }: { sessionIds?: string[]; ticketTypeIds?: string[] },
): Promise<ItemCounters[]> {
  return db
    .select(counters)
    .from(inventoryItems)
    .where(
      or(
        sessionIds.length > 0 ? inArray(inventoryItems.sessionId, sessionIds) : undefined,
        ticketTypeIds.length > 0 ? inArray(inventoryItems.ticketTypeId, ticketTypeIds) : undefined,
      ),
    )
    .orderBy(inventoryItems.sessionId, inventoryItems.ticketTypeId);
}

export type RetireResult =
  { outcome: 'retired' } | { outcome: 'absent' } | { outcome: 'in_use'; item: ItemCounters };

/**
 * Removes the item of a deleted ticket type, with the released holds that still point at it;
 * refused while any seat is held or sold. The item row is locked first, as a hold locks it, so a
 * hold racing the retirement either lands before (and the retirement is refused) or finds no item.
 */
export async function retireItem(db: Executor, key: ItemKey): Promise<RetireResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: inventoryItems.id, ...counters })
      .from(inventoryItems)
      .where(itemKeyIs(key))
      .for('update');
    if (!item) return { outcome: 'absent' as const };
    const { id, ...itemCounters } = item;
    if (item.heldQuantity > 0 || item.committedQuantity > 0) {
      return { outcome: 'in_use' as const, item: itemCounters };
    }
    await tx.delete(inventoryHolds).where(eq(inventoryHolds.itemId, id));
    await tx.delete(inventoryItems).where(eq(inventoryItems.id, id));
    return { outcome: 'retired' as const };
  });
}

export type UpsertItemResult =
  { outcome: 'saved'; item: ItemCounters } | { outcome: 'below_reserved'; item: ItemCounters };

/**
 * Creates the item or sets its total, in one statement: the new total must cover what is held
 * and committed, and `available` becomes the rest. The row lock of the upsert orders it with
 * concurrent holds, so the check cannot be raced.
 */
export async function upsertItem(
  db: Executor,
  { totalQuantity, ...key }: ItemKey & { totalQuantity: number },
): Promise<UpsertItemResult> {
  const reserved = sql`${inventoryItems.heldQuantity} + ${inventoryItems.committedQuantity}`;
  const [saved] = await db
    .insert(inventoryItems)
    .values({ ...key, totalQuantity, availableQuantity: totalQuantity })
    .onConflictDoUpdate({
      target: [inventoryItems.sessionId, inventoryItems.ticketTypeId],
      set: {
        totalQuantity: sql`excluded.total_quantity`,
        availableQuantity: sql`excluded.total_quantity - (${reserved})`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`excluded.total_quantity >= ${reserved}`,
    })
    .returning(counters);
  if (saved) return { outcome: 'saved', item: saved };
  const current = await findItem(db, key);
  if (!current) throw new Error('inventory item vanished during upsert');
  return { outcome: 'below_reserved', item: current };
}
