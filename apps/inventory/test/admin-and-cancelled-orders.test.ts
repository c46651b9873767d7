import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';
import { inventoryItems } from '@ticketing/db/inventory/items';
import { outbox } from '@ticketing/db/inventory/outbox';
import { truncateAll } from '@ticketing/db/testing';
import { connectBroker } from '@ticketing/events/connection';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import { listDeadLetters, replayDeadLetter } from '@ticketing/events/dlq';
import { type EnvelopeOf, type EventType, parseEnvelope } from '@ticketing/events/envelope';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { deadLetterQueueName } from '@ticketing/events/topology';
import { createLogger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';
import { TRPCError } from '@trpc/server';
import type { RecoveringChannelModel } from 'amqplib';
import { eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type InventoryConsumerProcess, startInventoryConsumer } from '../src/consumer-process';
import { inventoryQueueName } from '../src/events/events-consumer';
import {
  callerFor,
  conservationOf,
  expectConserved,
  inAnHour,
  newItem,
  openDatabase,
  testDatabase,
} from './support';

let db: Database;
let caller: ReturnType<typeof callerFor>;
let broker: TestBroker;
let amqp: RecoveringChannelModel;
let consumer: InventoryConsumerProcess;
const names = uniqueEventNames('inventory-admin');
const queue = inventoryQueueName(names.queuePrefix);
const outcomes: ConsumeOutcome[] = [];

beforeAll(async () => {
  const url = await testDatabase();
  await truncateAll(url);
  db = openDatabase(url, 3);
  caller = callerFor(db);
  broker = await openTestBroker(names);
  amqp = await connectBroker({ url: RABBITMQ_URL });
  await amqp.waitForConnect();
  consumer = await startInventoryConsumer({
    databaseUrl: url,
    dbPoolSize: 4,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      prefetch: 5,
      outboxPollMs: 30_000,
    },
    healthPort: 0,
    logger: createLogger('inventory-consumer', 'silent'),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await consumer.waitForBroker();
});
afterAll(async () => {
  await consumer?.stop();
  await amqp?.close();
  await broker?.close();
  await db?.$client.end();
});

function envelopeOf<T extends EventType>(eventType: T, payload: EnvelopeOf<T>['payload']) {
  return parseEnvelope({
    event_id: randomUUID(),
    event_type: eventType,
    occurred_at: new Date().toISOString(),
    aggregate_id: 'order_id' in payload ? payload.order_id : payload.hold_id,
    idempotency_key: null,
    payload,
  }) as EnvelopeOf<T>;
}

async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const outcomesOf = (eventId: string) => outcomes.filter((outcome) => outcome.eventId === eventId);

/** Publishes and waits until the delivery settled with `result`. */
async function deliver(
  envelope: EnvelopeOf<EventType>,
  result: ConsumeOutcome['result'] = 'applied',
) {
  await broker.publish(envelope);
  return waitFor(
    () => outcomesOf(envelope.event_id).find((outcome) => outcome.result === result),
    `${envelope.event_type} ${result}`,
  );
}

async function itemWith(total: number) {
  const item = newItem();
  await caller.upsertItem({ ...item, total_quantity: total });
  return item;
}

async function holdSeats(item: ReturnType<typeof newItem>, quantity: number) {
  const hold_id = randomUUID();
  await caller.hold({ hold_id, ...item, quantity, expires_at: inAnHour() });
  return hold_id;
}

const orderEvents = (item: ReturnType<typeof newItem>, holdId: string, quantity: number) => {
  const orderId = randomUUID();
  return {
    orderId,
    confirmed: envelopeOf('order.confirmed', {
      order_id: orderId,
      hold_id: holdId,
      customer_email: 'ada@example.com',
      total_amount: (quantity * 50).toFixed(2),
      items: [{ ...item, quantity, unit_price: '50.00' }],
    }),
    cancelled: envelopeOf('order.cancelled', {
      order_id: orderId,
      hold_id: holdId,
      reason: 'refunded_by_admin',
    }),
  };
};

async function holdStatus(holdId: string) {
  const [row] = await db
    .select({ status: inventoryHolds.status })
    .from(inventoryHolds)
    .where(eq(inventoryHolds.holdId, holdId));
  return row?.status;
}

const outboxOf = (holdId: string) =>
  db.select({ eventType: outbox.eventType }).from(outbox).where(eq(outbox.aggregateId, holdId));

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    throw error;
  }
}

describe('order.cancelled of a refunded order', () => {
  it('releases committed seats back to sale (committed → released), I1 intact', async () => {
    const item = await itemWith(5);
    const holdId = await holdSeats(item, 2);
    const order = orderEvents(item, holdId, 2);
    await deliver(order.confirmed);
    expect(await conservationOf(db, item)).toMatchObject({ available: 3, committed: 2 });

    await deliver(order.cancelled);
    expect(await holdStatus(holdId)).toBe('released');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ total: 5, available: 5, held: 0, committed: 0 });
    expectConserved(after);

    // A redelivery changes nothing (dedupe), and a hold expiry of the same hold neither.
    await broker.publish(order.cancelled);
    await waitFor(
      () => (outcomesOf(order.cancelled.event_id).length === 2 ? true : undefined),
      'redelivery',
    );
    expect(outcomesOf(order.cancelled.event_id).map((outcome) => outcome.result)).toEqual([
      'applied',
      'duplicate',
    ]);
    await deliver(envelopeOf('hold.expired', { hold_id: holdId, ...item, quantity: 2 }));
    expect(await conservationOf(db, item)).toMatchObject({ available: 5, committed: 0 });
  });

  it('arriving before its order.confirmed (the confirm still being relayed): the seats end released', async () => {
    const item = await itemWith(4);
    const holdId = await holdSeats(item, 3);
    const order = orderEvents(item, holdId, 3);

    await deliver(order.cancelled);
    expect(await conservationOf(db, item)).toMatchObject({ available: 4, held: 0 });
    await deliver(order.confirmed);

    expect(await holdStatus(holdId)).toBe('released');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ total: 4, available: 4, held: 0, committed: 0 });
    expectConserved(after);
    // Nothing to compensate: the order is cancelled already.
    expect(await outboxOf(holdId)).toEqual([]);
  });

  it('for a hold inventory never saw: a tombstone that a late confirm does not turn into a sale', async () => {
    const item = await itemWith(2);
    const holdId = randomUUID();
    const order = orderEvents(item, holdId, 1);
    await deliver(order.cancelled);
    expect(await holdStatus(holdId)).toBe('tombstone');
    await deliver(order.confirmed);
    expect(await holdStatus(holdId)).toBe('tombstone');
    expect(await conservationOf(db, item)).toMatchObject({ available: 2, committed: 0 });
    expect(await outboxOf(holdId)).toEqual([]);
  });

  it('replayed from the DLQ after a failure: applied once', async () => {
    const item = await itemWith(6);
    const holdId = await holdSeats(item, 2);
    const order = orderEvents(item, holdId, 2);
    await deliver(order.confirmed);

    // Counters that disagree with the hold (conserved, but one committed seat short) make the
    // release fail on every attempt, as a bug would; the event ends in the DLQ.
    const shift = (seats: number) =>
      db
        .update(inventoryItems)
        .set({
          committedQuantity: sql`${inventoryItems.committedQuantity} - ${seats}`,
          availableQuantity: sql`${inventoryItems.availableQuantity} + ${seats}`,
        })
        .where(eq(inventoryItems.ticketTypeId, item.ticket_type_id));
    await shift(1);
    await deliver(order.cancelled, 'dead_lettered');
    expect(await holdStatus(holdId)).toBe('committed');
    const [letter] = await listDeadLetters(amqp, queue);
    expect(letter).toMatchObject({ id: order.cancelled.event_id, attempts: 3 });
    expect(letter?.error).toMatch(/fewer seats/);

    await shift(-1); // the fix
    expect(await replayDeadLetter(amqp, queue, order.cancelled.event_id)).toMatchObject({
      found: true,
    });
    await waitFor(
      () => outcomesOf(order.cancelled.event_id).find((o) => o.result === 'applied'),
      'replayed release applied',
    );
    // A second copy of the same event (replayed twice) is a duplicate.
    const channel = await amqp.createConfirmChannel();
    channel.sendToQueue(deadLetterQueueName(queue), Buffer.from(JSON.stringify(order.cancelled)), {
      persistent: true,
    });
    await channel.waitForConfirms();
    await channel.close();
    await replayDeadLetter(amqp, queue, order.cancelled.event_id);
    await waitFor(
      () => outcomesOf(order.cancelled.event_id).find((o) => o.result === 'duplicate'),
      'second replay deduplicated',
    );
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ total: 6, available: 6, held: 0, committed: 0 });
    expectConserved(after);
  });
});

describe('items', () => {
  it('lists counters by sessions or by ticket types', async () => {
    const first = await itemWith(5);
    const second = await itemWith(7);
    const holdId = await holdSeats(first, 2);
    await caller.commit({ hold_id: holdId });
    await holdSeats(first, 1);

    const bySession = await caller.items({ session_ids: [first.session_id] });
    expect(bySession.results).toEqual([
      {
        ...first,
        total_quantity: 5,
        available_quantity: 2,
        held_quantity: 1,
        committed_quantity: 2,
      },
    ]);
    const byType = await caller.items({
      ticket_type_ids: [first.ticket_type_id, second.ticket_type_id],
    });
    expect(byType.results.map((row) => row.ticket_type_id).sort()).toEqual(
      [first.ticket_type_id, second.ticket_type_id].sort(),
    );
    const either = await caller.items({
      session_ids: [second.session_id],
      ticket_type_ids: [first.ticket_type_id],
    });
    expect(either.results).toHaveLength(2);
    await expect(caller.items({})).rejects.toThrow(/give session_ids or ticket_type_ids/);
  });
});

describe('retire', () => {
  it('removes an item with nothing held or sold (released holds included), again: absent', async () => {
    const item = await itemWith(3);
    const holdId = await holdSeats(item, 1);
    await caller.release({ hold_id: holdId });

    expect(await caller.retire(item)).toEqual({ success: true, status: 'retired' });
    expect(await codeOf(caller.getItem(item))).toBe('not_found');
    expect(await caller.retire(item)).toEqual({ success: true, status: 'absent' });
    expect(
      await codeOf(
        caller.hold({ hold_id: randomUUID(), ...item, quantity: 1, expires_at: inAnHour() }),
      ),
    ).toBe('not_found');
  });

  it('refuses while seats are held or sold (409 item_in_use) and keeps the item', async () => {
    const held = await itemWith(3);
    await holdSeats(held, 1);
    const sold = await itemWith(3);
    await caller.commit({ hold_id: await holdSeats(sold, 2) });

    expect(await codeOf(caller.retire(held))).toBe('item_in_use');
    expect(await codeOf(caller.retire(sold))).toBe('item_in_use');
    expect(await caller.getItem(sold)).toMatchObject({ committed_quantity: 2 });
  });
});

describe('outboxBacklog', () => {
  it('counts unpublished rows of the inventory outbox', async () => {
    await db.update(outbox).set({ publishedAt: new Date() }).where(isNull(outbox.publishedAt));
    expect(await caller.outboxBacklog()).toEqual({ unpublished: 0, oldest_age_seconds: null });
    await db.insert(outbox).values({
      id: randomUUID(),
      eventType: 'inventory.commit_failed',
      aggregateId: randomUUID(),
      payload: {},
      occurredAt: new Date(Date.now() - 5_000),
    });
    const backlog = await caller.outboxBacklog();
    expect(backlog.unpublished).toBe(1);
    expect(backlog.oldest_age_seconds).toBeGreaterThanOrEqual(5);
    await db.update(outbox).set({ publishedAt: new Date() }).where(isNull(outbox.publishedAt));
  });
});
