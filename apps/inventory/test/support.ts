import { randomUUID } from 'node:crypto';

import { createDatabase, type Database } from '@ticketing/db/client';
import { prepareTestDatabase } from '@ticketing/db/testing';

import { HoldCoalescer } from '../src/inventory/hold-coalescer';
import { createCaller } from '../src/router';

export const testDatabase = () => prepareTestDatabase('inventory');

export function openDatabase(url: string, poolSize = 5): Database {
  return createDatabase({ url, poolSize, applicationName: 'inventory-test' });
}

/** A caller of the router with the same inner context as the server builds. */
export function callerFor(db: Database, maxBatch = 500) {
  return createCaller({
    db,
    holds: new HoldCoalescer(db, { maxBatch, inFlight: 2, coalesce: true }),
  });
}

export const newItem = () => ({ session_id: randomUUID(), ticket_type_id: randomUUID() });

export const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

export interface Conservation {
  total: number;
  available: number;
  held: number;
  committed: number;
  heldRows: number;
  committedRows: number;
}

/**
 * The item's counters beside what its hold rows add up to: I1 holds when
 * available + held + committed = total, available >= 0, and the counters match the rows.
 */
export async function conservationOf(
  db: Database,
  item: { session_id: string; ticket_type_id: string },
): Promise<Conservation> {
  const { rows } = await db.$client.query<Conservation>(
    `select i.total_quantity as total, i.available_quantity as available,
            i.held_quantity as held, i.committed_quantity as committed,
            coalesce(sum(h.quantity) filter (where h.status = 'held'), 0)::int as "heldRows",
            coalesce(sum(h.quantity) filter (where h.status = 'committed'), 0)::int as "committedRows"
       from inventory_items i left join inventory_holds h on h.item_id = i.id
      where i.session_id = $1 and i.ticket_type_id = $2
      group by i.id`,
    [item.session_id, item.ticket_type_id],
  );
  const [row] = rows;
  if (!row) throw new Error('item not found');
  return row;
}

export function expectConserved(c: Conservation) {
  const problems: string[] = [];
  if (c.available + c.held + c.committed !== c.total) problems.push('counters do not add up');
  if (c.available < 0) problems.push('negative available');
  if (c.held !== c.heldRows) problems.push('held counter differs from held rows');
  if (c.committed !== c.committedRows) problems.push('committed counter differs from rows');
  if (problems.length > 0)
    throw new Error(`I1 broken: ${problems.join(', ')} ${JSON.stringify(c)}`);
}
