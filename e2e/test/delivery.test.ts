import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectStatus, field } from '../src/api';
import { queueNamesOf } from '../src/broker';
import { expectSettled, outboxBacklog } from '../src/invariants';
import { inventoryHoldStatus } from '../src/inventory-holds';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

/** Long enough that a poison message is still retrying while a whole purchase goes through. */
const RETRY_DELAYS_MS = [1_500, 1_500];

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'delivery', retryDelaysMs: RETRY_DELAYS_MS });
});
afterAll(() => platform?.stop());

const holdStatus = (holdId: string) => inventoryHoldStatus(platform, holdId);

/** A `hold.released` for a hold inventory never saw: applying it leaves a tombstone. */
const tombstoneEvent = () => {
  const holdId = randomUUID();
  return {
    holdId,
    envelope: {
      event_id: randomUUID(),
      event_type: 'hold.released',
      occurred_at: new Date().toISOString(),
      aggregate_id: holdId,
      idempotency_key: null,
      payload: {
        hold_id: holdId,
        session_id: randomUUID(),
        ticket_type_id: randomUUID(),
        quantity: 1,
        reason: 'customer',
      },
    },
  };
};

describe('at-least-once delivery, applied once', () => {
  it('the same event delivered twice more is applied once', async () => {
    const { api, broker } = platform;
    const item = await api.createItem({ quantity: 10 });
    const { holdId, orderId } = await api.buy(item, 2);
    await waitFor(async () => (await holdStatus(holdId)) === 'committed', {
      message: 'the purchase to be committed',
    });
    await expectSettled(platform, api, [item]);

    const [row] = await platform.db.query<{
      id: string;
      event_type: string;
      occurred_at: Date;
      aggregate_id: string;
      idempotency_key: string | null;
      correlation_id: string | null;
      payload: Record<string, unknown>;
    }>(
      'orders',
      `select id, event_type, occurred_at, aggregate_id, idempotency_key, correlation_id, payload
         from outbox where event_type = 'order.confirmed' and aggregate_id = $1`,
      [orderId],
    );
    if (!row) throw new Error('no order.confirmed in the orders outbox');
    const consumedBefore = await platform.db.query<{ consumed_at: Date }>(
      'inventory',
      'select consumed_at from consumed_events where event_id = $1',
      [row.id],
    );
    expect(consumedBefore).toHaveLength(1);
    const countersBefore = (await api.inventoryItem(item)).body;

    const duplicate = {
      event_id: row.id,
      event_type: row.event_type,
      occurred_at: row.occurred_at.toISOString(),
      aggregate_id: row.aggregate_id,
      idempotency_key: row.idempotency_key,
      correlation_id: row.correlation_id,
      payload: row.payload,
    };
    await broker.publish(duplicate);
    await broker.publish(duplicate);
    // Published after the duplicates on the same queue: once it is applied, they were handled.
    const sentinel = tombstoneEvent();
    await broker.publish(sentinel.envelope);
    await waitFor(async () => (await holdStatus(sentinel.holdId)) === 'tombstone', {
      message: 'the sentinel event to be applied',
    });
    await expectSettled(platform, api, [item]);

    const consumedAfter = await platform.db.query<{ consumed_at: Date }>(
      'inventory',
      'select consumed_at from consumed_events where event_id = $1',
      [row.id],
    );
    expect(consumedAfter).toEqual(consumedBefore);
    expect((await api.inventoryItem(item)).body).toEqual(countersBefore);
    expect(await holdStatus(holdId)).toBe('committed');
    const inventoryQueues = queueNamesOf(platform.names, 'inventory');
    expect(await broker.messageCount(inventoryQueues.deadLetterQueue)).toBe(0);
  });

  it('a poison message lands in the dead-letter queue after 3 attempts while the others flow', async () => {
    const { api, broker } = platform;
    const item = await api.createItem({ quantity: 10 });
    const queues = queueNamesOf(platform.names, 'inventory');
    const dlqBefore = await broker.messageCount(queues.deadLetterQueue);

    // A valid envelope whose effect can never be applied: a quantity beyond PostgreSQL's integer.
    const poisonId = randomUUID();
    const holdId = randomUUID();
    await broker.publish({
      event_id: poisonId,
      event_type: 'order.confirmed',
      occurred_at: new Date().toISOString(),
      aggregate_id: randomUUID(),
      idempotency_key: null,
      payload: {
        order_id: randomUUID(),
        hold_id: holdId,
        customer_email: 'poison@example.com',
        total_amount: '1.00',
        items: [
          {
            session_id: item.sessionId,
            ticket_type_id: item.ticketTypeId,
            quantity: 2 ** 40,
            unit_price: '1.00',
          },
        ],
      },
    });

    // A whole purchase flows through the same queue while the poison waits for its retries.
    const purchase = await api.buy(item, 1);
    await waitFor(async () => (await holdStatus(purchase.holdId)) === 'committed', {
      message: 'the purchase to be committed',
    });
    expect(await broker.messageCount(queues.deadLetterQueue)).toBe(dlqBefore);

    await waitFor(
      async () => (await broker.messageCount(queues.deadLetterQueue)) === dlqBefore + 1,
      { timeoutMs: 15_000, message: 'the poison message in the DLQ' },
    );
    const deadLetters = await broker.peek(queues.deadLetterQueue);
    const poison = deadLetters.find(
      (message) => (message.body as { event_id?: string }).event_id === poisonId,
    );
    expect(poison?.headers['x-attempt']).toBe(3);
    expect(poison?.headers['x-error']).toEqual(expect.any(String));
    // Nothing of it was applied.
    expect(await holdStatus(holdId)).toBeNull();
    const consumed = await platform.db.query(
      'inventory',
      'select 1 from consumed_events where event_id = $1',
      [poisonId],
    );
    expect(consumed).toEqual([]);
    await expectSettled(platform, api, [item]);
  });

  it('two web workers relaying one outbox publish each row once', async () => {
    const { api, broker } = platform;
    const tap = await broker.tap('hold.created');
    await platform.addInstance('webWorker');
    const item = await api.createItem({ quantity: 30 });

    const holds = await Promise.all(Array.from({ length: 20 }, () => api.hold(item, 1)));
    const holdIds = holds.map((hold) => field(expectStatus(hold, 201, 'hold'), 'hold_id'));
    const rows = await platform.db.query<{ id: string }>(
      'main',
      `select id from outbox where event_type = 'hold.created' and aggregate_id = any($1::uuid[])`,
      [holdIds],
    );
    expect(rows).toHaveLength(20);
    await waitFor(async () => (await outboxBacklog(platform)).main === 0, {
      message: 'the main outbox drained',
    });
    await waitFor(() => tap.eventIds().length >= 20, {
      message: '20 hold.created on the exchange',
    });
    // A late duplicate would arrive within the relays' next poll; give it that chance.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...tap.eventIds()].sort()).toEqual(rows.map((row) => row.id).sort());
  });
});
