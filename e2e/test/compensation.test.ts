import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, field, request } from '../src/api';
import { expectSettled } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'compensation' });
});
afterAll(() => platform?.stop());

describe('compensation', () => {
  it('an order.confirmed for a released hold on a sold-out item ends in a cancelled, refunded order and balanced inventory', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 1, price: '80.00' });

    const first = field(expectStatus(await api.hold(item, 1), 201, 'hold'), 'hold_id');
    const orderId = field(expectStatus(await api.checkout(first), 201, 'checkout'), 'order_id');

    // Inventory releases the hold behind the order's back (as a release racing the payment
    // would), and another buyer takes the last seat.
    expectStatus(
      await request(platform.urls.inventory, 'POST', '/inventory/release', {
        body: { hold_id: first },
      }),
      200,
      'inventory release',
    );
    const second = field(
      expectStatus(await api.hold(item, 1, 'other@example.com'), 201, 'hold of the last seat'),
      'hold_id',
    );

    // The payment goes through: orders cannot know inventory gave the seat away.
    expectStatus(await api.confirm(orderId), 200, 'confirm');

    // inventory.commit_failed → orders worker: cancelled (inventory_unavailable), refunded.
    const cancelled = await waitFor(
      async () => {
        const order = await api.getOrder(orderId);
        return order.body.status === 'cancelled' ? order : null;
      },
      { timeoutMs: 15_000, message: 'the order to be compensated' },
    );
    expect(cancelled.body).toMatchObject({ order_id: orderId, status: 'cancelled' });
    const [order] = await platform.db.query<{ cancel_reason: string }>(
      'orders',
      'select cancel_reason from orders where id = $1',
      [orderId],
    );
    expect(order?.cancel_reason).toBe('inventory_unavailable');
    const payments = await platform.db.query<{ status: string; amount: string }>(
      'orders',
      'select status, amount from payments where order_id = $1',
      [orderId],
    );
    expect(payments).toEqual([{ status: 'refunded', amount: '80.00' }]);
    const events = await platform.db.query<{ event_type: string }>(
      'orders',
      `select event_type from outbox where aggregate_id = $1 order by occurred_at`,
      [orderId],
    );
    expect(events.map((event) => event.event_type)).toEqual(['order.confirmed', 'order.cancelled']);
    const [failure] = await platform.db.query<{ payload: { hold_id: string; order_id: string } }>(
      'inventory',
      `select payload from outbox where event_type = 'inventory.commit_failed'`,
    );
    expect(failure?.payload).toMatchObject({ hold_id: first, order_id: orderId });

    // Balanced: the other buyer's seat is still held, nothing is committed or lost (I1).
    await expectSettled(platform, api, [item]);
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 1,
      available_quantity: 0,
      held_quantity: 1,
      committed_quantity: 0,
    });
    const holds = await platform.db.query<{ hold_id: string; status: string }>(
      'inventory',
      'select hold_id, status from inventory_holds where hold_id = any($1::uuid[])',
      [[first, second]],
    );
    expect(Object.fromEntries(holds.map((hold) => [hold.hold_id, hold.status]))).toEqual({
      [first]: 'released',
      [second]: 'held',
    });
  });
});
