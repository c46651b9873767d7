import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { expectStatus, field, request } from '../src/api';
import { expectSettled, invariantViolations } from '../src/invariants';
import { inventoryHoldStatuses, waitForCommitted } from '../src/inventory-holds';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'purchase-flow' });
});
// A test that failed midway must not leave a dead process to the next one.
afterEach(() => platform?.recover());
afterAll(() => platform?.stop());

describe('happy path through the public REST API', () => {
  it('admin creates the catalog, a buyer holds, checks out and confirms; the seats end committed', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 10, price: '42.50' });

    // The ticket type's inventory item exists as soon as the admin call answered.
    const before = expectStatus(await api.inventoryItem(item), 200, 'inventory item');
    expect(before.body).toMatchObject({
      total_quantity: 10,
      available_quantity: 10,
      held_quantity: 0,
      committed_quantity: 0,
    });

    const hold = expectStatus(await api.hold(item, 3), 201, 'hold');
    expect(hold.body).toMatchObject({ status: 'active', quantity: 3 });
    const holdId = field(hold, 'hold_id');
    expect(Date.parse(field(hold, 'expires_at'))).toBeGreaterThan(Date.now());
    expect((await api.inventoryItem(item)).body).toMatchObject({
      available_quantity: 7,
      held_quantity: 3,
    });

    const key = crypto.randomUUID();
    const checkout = expectStatus(await api.checkout(holdId, { key }), 201, 'checkout');
    expect(checkout.body).toMatchObject({ status: 'pending', total: '127.50' });
    const orderId = field(checkout, 'order_id');
    // A replay with the same key and body answers the same order.
    const replay = expectStatus(await api.checkout(holdId, { key }), 201, 'checkout replay');
    expect(replay.body).toEqual(checkout.body);

    const confirm = expectStatus(await api.confirm(orderId), 200, 'confirm');
    expect(confirm.body).toMatchObject({ order_id: orderId, status: 'confirmed' });

    // order.confirmed travels orders outbox → relay → RabbitMQ → inventory consumer → commit.
    await waitForCommitted(platform, [holdId], 10_000);
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 10,
      available_quantity: 7,
      held_quantity: 0,
      committed_quantity: 3,
    });

    const order = expectStatus(await api.getOrder(orderId), 200, 'get order');
    expect(order.body).toMatchObject({
      order_id: orderId,
      status: 'confirmed',
      total: '127.50',
      customer_email: 'buyer@example.com',
    });
    expect(expectStatus(await api.getHold(holdId), 200, 'get hold').body).toMatchObject({
      status: 'converted',
    });

    await expectSettled(platform, api, [item]);
    expect(await invariantViolations(platform, api, [item])).toEqual([]);
  });

  it('one request id follows the purchase from the public request into the events and the consumer log', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 2 });
    const requestId = `e2e-${crypto.randomUUID()}`;
    const headers = { 'x-request-id': requestId };
    const hold = expectStatus(await api.hold(item, 1, undefined, headers), 201, 'hold');
    expect(hold.headers.get('x-request-id')).toBe(requestId);
    const holdId = field(hold, 'hold_id');

    const [holdCreated] = await platform.db.query<{ correlation_id: string | null }>(
      'main',
      `select correlation_id from outbox where event_type = 'hold.created' and aggregate_id = $1`,
      [holdId],
    );
    expect(holdCreated?.correlation_id).toBe(requestId);

    const orderId = field(
      expectStatus(await api.checkout(holdId, { headers }), 201, 'checkout'),
      'order_id',
    );
    expectStatus(await api.confirm(orderId, undefined, headers), 200, 'confirm');
    const [orderConfirmed] = await platform.db.query<{ correlation_id: string | null }>(
      'orders',
      `select correlation_id from outbox where event_type = 'order.confirmed' and aggregate_id = $1`,
      [orderId],
    );
    expect(orderConfirmed?.correlation_id).toBe(requestId);

    // …and into the log line of the inventory consumer that committed the seats.
    await waitForCommitted(platform, [holdId]);
    const consumerLine = await waitFor(
      () =>
        platform.processes.inventoryConsumer
          .logRecords()
          .find(
            (line) =>
              line.request_id === requestId &&
              line.event_type === 'order.confirmed' &&
              line.hold_id === holdId,
          ),
      { message: 'the consumer log line of the commit under the request id' },
    );
    expect(consumerLine.service).toBe('inventory-consumer');
  });
});

describe('inventory down', () => {
  it('answers POST /api/holds with 503 inventory_unavailable in well under a second, leaves no active hold, and works again once inventory is back', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 10 });
    expectStatus(await api.hold(item, 1), 201, 'hold while inventory is up');

    await platform.processes.inventory.kill();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await api.hold(item, 2));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: 'inventory_unavailable' });
      expect(answer.ms).toBeLessThan(1_000);
    }

    // Only the hold made while inventory was up is active; the refused ones are not.
    const active = await platform.db.query<{ quantity: number }>(
      'main',
      `select quantity from holds where ticket_type_id = $1 and status = 'active'`,
      [item.ticketTypeId],
    );
    expect(active).toEqual([{ quantity: 1 }]);

    await platform.processes.inventory.start();
    // The circuit breaker lets a trial call through after its reset timeout.
    const hold = await waitFor(
      async () => {
        const answer = await api.hold(item, 2);
        return answer.status === 201 ? answer : null;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: 'a hold to succeed after inventory returned' },
    );
    expect(hold.body).toMatchObject({ status: 'active', quantity: 2 });
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 10,
      available_quantity: 7,
      held_quantity: 3,
    });
    expect(await invariantViolations(platform, api, [item])).toEqual([]);
  });
});

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
      `select payload from outbox
        where event_type = 'inventory.commit_failed' and payload->>'order_id' = $1`,
      [orderId],
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
    expect(await inventoryHoldStatuses(platform, [first, second])).toEqual(['released', 'held']);
  });
});
