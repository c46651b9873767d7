import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, outboxBacklog } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'broker-outage' });
});
afterAll(async () => {
  await platform?.brokerProxy.restore();
  await platform?.stop();
});

const holdStatuses = async (holdIds: readonly string[]) =>
  (
    await platform.db.query<{ status: string }>(
      'inventory',
      'select status from inventory_holds where hold_id = any($1::uuid[])',
      [holdIds],
    )
  ).map((row) => row.status);

describe('RabbitMQ unreachable while orders are confirmed', () => {
  it('confirms succeed, the outbox backlog grows, and after the broker returns everything is published and committed', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 20 });
    // The backbone works before the outage.
    const warmUp = await api.buy(item, 1);
    await waitFor(async () => (await holdStatuses([warmUp.holdId]))[0] === 'committed', {
      message: 'the warm-up purchase to be committed',
    });

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
    expect(await holdStatuses(holdIds)).toEqual(Array(5).fill('held'));
    for (const { orderId } of purchases) {
      expect((await api.getOrder(orderId)).body).toMatchObject({ status: 'confirmed' });
    }

    await platform.brokerProxy.restore();
    await waitFor(
      async () => (await holdStatuses(holdIds)).every((status) => status === 'committed'),
      { timeoutMs: 30_000, message: 'every hold committed after the broker returned' },
    );
    expect((await api.inventoryItem(item)).body).toMatchObject({
      available_quantity: 9,
      held_quantity: 0,
      committed_quantity: 11,
    });
    await expectSettled(platform, api, [item]);
  });
});
