import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'crash-recovery' });
});
afterAll(() => platform?.stop());

const committedCount = async (holdIds: readonly string[]) => {
  const [row] = await platform.db.query<{ n: string }>(
    'inventory',
    `select count(*) as n from inventory_holds where hold_id = any($1::uuid[]) and status = 'committed'`,
    [holdIds],
  );
  return Number(row?.n ?? 0);
};

describe('I7: a crashed event process loses nothing', () => {
  it('SIGKILL of the inventory consumer, the orders worker and the web worker mid-flow: after restart every confirmed order is committed and I1–I3 hold', async () => {
    const { api, processes } = platform;
    const item = await api.createItem({ quantity: 40 });
    const holdIds: string[] = [];
    const buyers = async (count: number) => {
      // Three buyers at a time, so events are in flight in every process when the kill lands.
      const purchases = await Promise.all(Array.from({ length: count }, () => api.buy(item, 1)));
      holdIds.push(...purchases.map((purchase) => purchase.holdId));
    };

    await buyers(3);
    const inFlight = buyers(3);
    await processes.inventoryConsumer.kill();
    await inFlight;
    await processes.ordersWorker.kill();
    await buyers(3);
    await processes.webWorker.kill();
    await buyers(3);
    expect(holdIds).toHaveLength(12);
    // With the consumer dead, at least the purchases made since cannot have been committed.
    expect(await committedCount(holdIds)).toBeLessThan(12);

    await Promise.all([
      processes.inventoryConsumer.start(),
      processes.ordersWorker.start(),
      processes.webWorker.start(),
    ]);
    await waitFor(async () => (await committedCount(holdIds)) === 12, {
      timeoutMs: 30_000,
      message: 'all 12 holds committed after the restarts',
    });
    await expectSettled(platform, api, [item]);
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 40,
      available_quantity: 28,
      held_quantity: 0,
      committed_quantity: 12,
    });
  });
});
