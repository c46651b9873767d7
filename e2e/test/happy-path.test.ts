import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, field } from '../src/api';
import { expectSettled, invariantViolations } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'happy-path' });
});
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
    const committed = await waitFor(
      async () => {
        const [row] = await platform.db.query<{ status: string; quantity: number }>(
          'inventory',
          'select status, quantity from inventory_holds where hold_id = $1',
          [holdId],
        );
        return row?.status === 'committed' ? row : null;
      },
      { timeoutMs: 10_000, message: 'the inventory hold to be committed' },
    );
    expect(committed.quantity).toBe(3);
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

  it('one request id follows the purchase from the public request into the events', async () => {
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
  });
});
