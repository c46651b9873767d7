import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { expectSettled, outboxBacklog } from '../src/invariants';
import { inventoryHoldStatuses, waitForCommitted } from '../src/inventory-holds';
import { type Platform, startPlatform } from '../src/platform';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'faults' });
});
// A test that failed midway must not leave the broker cut or a process dead for the next one.
afterEach(() => platform?.recover());
afterAll(() => platform?.stop());

describe('RabbitMQ unreachable while orders are confirmed', () => {
  it('confirms succeed, the outbox backlog grows, and after the broker returns everything is published and committed', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 20 });
    // The backbone works before the outage.
    const warmUp = await api.buy(item, 1);
    await waitForCommitted(platform, [warmUp.holdId]);

    await platform.brokerProxy.cut();
    const purchases = [];
    for (let i = 0; i < 5; i += 1) purchases.push(await api.buy(item, 2));
    const holdIds = purchases.map((purchase) => purchase.holdId);

    // Nothing reached inventory's consumer: the events wait in the outboxes.
    const backlog = await outboxBacklog(platform);
    expect(backlog.orders).toBeGreaterThanOrEqual(5);
    expect(backlog.main).toBeGreaterThanOrEqual(5);
    const [confirmedRows] = await platform.db.query<{ n: string }>(
      'orders',
      `select count(*) as n from outbox where event_type = 'order.confirmed' and published_at is null`,
    );
    expect(Number(confirmedRows?.n)).toBe(5);
    expect(await inventoryHoldStatuses(platform, holdIds)).toEqual(Array(5).fill('held'));
    for (const { orderId } of purchases) {
      expect((await api.getOrder(orderId)).body).toMatchObject({ status: 'confirmed' });
    }

    await platform.brokerProxy.restore();
    await waitForCommitted(platform, holdIds, 30_000);
    expect((await api.inventoryItem(item)).body).toMatchObject({
      available_quantity: 9,
      held_quantity: 0,
      committed_quantity: 11,
    });
    await expectSettled(platform, api, [item]);
  });
});

describe('I7: a crashed event process loses nothing', () => {
  it('SIGKILL of the inventory consumer, the orders worker and the web worker mid-flow: after restart every confirmed order is committed and I1–I3 hold', async () => {
    const { api, processes } = platform;
    const item = await api.createItem({ quantity: 40 });
    const holdIds: string[] = [];
    const buyers = async (count: number) => {
      // Three buyers at a time, so events are in flight in every process when a kill lands.
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
    const statuses = await inventoryHoldStatuses(platform, holdIds);
    expect(statuses.slice(6)).toEqual(Array(6).fill('held'));

    await Promise.all([
      processes.inventoryConsumer.start(),
      processes.ordersWorker.start(),
      processes.webWorker.start(),
    ]);
    await waitForCommitted(platform, holdIds, 30_000);
    await expectSettled(platform, api, [item]);
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 40,
      available_quantity: 28,
      held_quantity: 0,
      committed_quantity: 12,
    });
  });
});
