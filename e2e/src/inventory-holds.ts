import type { Platform } from './platform';
import { waitFor } from './wait-for';

/** Inventory's state of each hold id, in the order given (`null` where inventory has no row). */
export async function inventoryHoldStatuses(
  platform: Pick<Platform, 'db'>,
  holdIds: readonly string[],
): Promise<(string | null)[]> {
  const rows = await platform.db.query<{ hold_id: string; status: string }>(
    'inventory',
    'select hold_id, status from inventory_holds where hold_id = any($1::uuid[])',
    [holdIds],
  );
  const byId = new Map(rows.map((row) => [row.hold_id, row.status]));
  return holdIds.map((holdId) => byId.get(holdId) ?? null);
}

export async function inventoryHoldStatus(
  platform: Pick<Platform, 'db'>,
  holdId: string,
): Promise<string | null> {
  const [status] = await inventoryHoldStatuses(platform, [holdId]);
  return status ?? null;
}

/** Waits until inventory has committed every one of the holds. */
export async function waitForCommitted(
  platform: Pick<Platform, 'db'>,
  holdIds: readonly string[],
  timeoutMs = 15_000,
): Promise<void> {
  await waitFor(
    async () =>
      (await inventoryHoldStatuses(platform, holdIds)).every((status) => status === 'committed'),
    { timeoutMs, message: `${holdIds.length} hold(s) committed in inventory` },
  );
}
