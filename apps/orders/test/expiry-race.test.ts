import { randomUUID } from 'node:crypto';

import { orders } from '@ticketing/db/orders/orders';
import { NotDueError } from '@ticketing/jobs/deadline-queue';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createOrder } from '../src/domain/create-order';
import { expireDueOrders } from '../src/domain/expire-orders';
import { expiryProcessor } from '../src/expiry/expiry-worker';
import {
  openTestDatabase,
  orderRequest,
  outboxOf,
  paymentsOf,
  request,
  silentLog,
  startService,
  type TestDatabase,
  type TestService,
} from './support';

let database: TestDatabase;
let service: TestService;

beforeAll(async () => {
  database = await openTestDatabase(8);
  service = await startService(database.db);
});
afterAll(async () => {
  await service.close();
  await database.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The BullMQ job's work, retried while the order is not due yet, as BullMQ's backoff would. */
async function runExpiryJob(orderId: string) {
  const process = expiryProcessor(database.db, silentLog);
  for (;;) {
    try {
      return await process({ order_id: orderId });
    } catch (error) {
      if (!(error instanceof NotDueError)) throw error;
      await pause(1);
    }
  }
}

/** The periodic sweep, run until the order is no longer pending. */
async function runSweep(orderId: string) {
  for (;;) {
    await expireDueOrders(database.db);
    const [order] = await database.db
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.id, orderId));
    if (order?.status !== 'pending') return;
    await pause(1);
  }
}

describe('confirm racing the payment deadline', () => {
  it('has exactly one outcome per order in 100 rounds, and the outbox holds only its event', async () => {
    const outcomes = { confirmed: 0, expired: 0 };
    for (let round = 0; round < 100; round += 1) {
      // Deadlines from just passed to a little ahead, so either side can win.
      const offsetMs = (round % 12) * 4 - 8;
      const { order } = await createOrder(
        database.db,
        randomUUID(),
        orderRequest({ payment_deadline: new Date(Date.now() + offsetMs).toISOString() }),
        { holdTtlSeconds: 600 },
      );
      const id = order.order_id;
      const [confirm] = await Promise.all([
        request(service.baseUrl, 'POST', `/orders/${id}/confirm`, {}),
        round % 2 === 0 ? runExpiryJob(id) : runSweep(id),
      ]);

      const [final] = await database.db
        .select({ status: orders.status, reason: orders.cancelReason })
        .from(orders)
        .where(eq(orders.id, id));
      const events = await outboxOf(database.db, id);
      const paid = await paymentsOf(database.db, id);
      if (confirm.status === 200) {
        outcomes.confirmed += 1;
        expect(final).toEqual({ status: 'confirmed', reason: null });
        expect(events.map((event) => event.eventType)).toEqual(['order.confirmed']);
        expect(paid.map((payment) => payment.status)).toEqual(['succeeded']);
      } else {
        outcomes.expired += 1;
        expect(confirm.status, JSON.stringify(confirm.body)).toBe(410);
        expect(final).toEqual({ status: 'cancelled', reason: 'payment_timeout' });
        expect(events.map((event) => [event.eventType, event.payload])).toEqual([
          ['order.cancelled', { order_id: id, hold_id: order.hold_id, reason: 'payment_timeout' }],
        ]);
        expect(paid).toEqual([]);
      }
    }
    // Both sides won some rounds, or the race was not a race.
    expect(outcomes.confirmed).toBeGreaterThan(0);
    expect(outcomes.expired).toBeGreaterThan(0);
    console.info('confirm vs deadline outcomes', outcomes);
  }, 120_000);
});
