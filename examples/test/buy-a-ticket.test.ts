import type { Item } from '@ticketing/e2e/api';
import { type Platform, startPlatform } from '@ticketing/e2e/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { buyATicket } from '../buy-a-ticket';

let platform: Platform;

beforeAll(async () => {
  // Databases, Redis db and RabbitMQ names of its own: no collision with the e2e suites.
  platform = await startPlatform({
    suite: 'examples',
    databaseSuffix: 'examples',
    redisUrl: 'redis://127.0.0.1:6379/8',
  });
});
afterAll(() => platform?.stop());

const committedSeats = async (item: Item) =>
  (await platform.api.inventoryItem(item)).body.committed_quantity;

describe('examples/buy-a-ticket.ts', () => {
  it('buys two seats through the public client: the order is paid and its seats are sold', async () => {
    const item = await platform.api.createItem({ quantity: 5, price: '12.50' });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});

    const order = await buyATicket(platform.urls.web, { email: 'example@example.com' });

    expect(order).toMatchObject({
      status: 'confirmed',
      total: '25.00',
      customer_email: 'example@example.com',
      lines: [
        {
          session_id: item.sessionId,
          ticket_type_id: item.ticketTypeId,
          quantity: 2,
          unit_price: '12.50',
        },
      ],
    });
    expect(order.tickets).toHaveLength(2);
    expect(log.mock.calls.flat().join('\n')).toContain(`Order ${order.order_id} is confirmed`);
    log.mockRestore();

    // The payment's order.confirmed reaches inventory through the bus: the seats end committed.
    await vi.waitFor(async () => expect(await committedSeats(item)).toBe(2), {
      timeout: 15_000,
      interval: 200,
    });
  });
});
