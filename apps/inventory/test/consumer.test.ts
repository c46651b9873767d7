import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { inventoryHolds } from '@ticketing/db/inventory/holds';
import { consumedEvents, outbox } from '@ticketing/db/inventory/outbox';
import { truncateAll } from '@ticketing/db/testing';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import {
  type EnvelopeOf,
  type EventPayload,
  type EventType,
  parseEnvelope,
} from '@ticketing/events/envelope';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { createLogger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type InventoryConsumerProcess, startInventoryConsumer } from '../src/consumer-process';
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
let consumer: InventoryConsumerProcess;
const names = uniqueEventNames('inventory');
const outcomes: ConsumeOutcome[] = [];
/** Every log line the consumer wrote (pino JSON). */
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const url = await testDatabase();
  await truncateAll(url);
  db = openDatabase(url, 3);
  caller = callerFor(db);
  broker = await openTestBroker(names);
  consumer = await startInventoryConsumer({
    databaseUrl: url,
    dbPoolSize: 4,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      prefetch: 5,
      // Long on purpose: a prompt publish below comes from the NOTIFY nudge, not from the poll.
      outboxPollMs: 30_000,
    },
    healthPort: 0,
    logger: createLogger('inventory-consumer', 'debug', {
      write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
    }),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await consumer.waitForBroker();
});
afterAll(async () => {
  await consumer?.stop();
  await broker?.close();
  await db?.$client.end();
});

function envelopeOf<T extends EventType>(
  eventType: T,
  payload: EventPayload<T>,
  correlationId = `req-${randomUUID()}`,
): EnvelopeOf<T> {
  return parseEnvelope({
    event_id: randomUUID(),
    event_type: eventType,
    occurred_at: new Date().toISOString(),
    aggregate_id: 'order_id' in payload ? payload.order_id : payload.hold_id,
    idempotency_key: null,
    correlation_id: correlationId,
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

/** Publishes the envelope `times` times and waits until every delivery is settled. */
async function deliver(envelope: EnvelopeOf<EventType>, times = 1) {
  for (let i = 0; i < times; i += 1) await broker.publish(envelope);
  return waitFor(() => {
    const settled = outcomesOf(envelope.event_id);
    return settled.length >= times ? settled : undefined;
  }, `${times} deliveries of ${envelope.event_type}`);
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

const seatsPayload = (item: ReturnType<typeof newItem>, holdId: string, quantity: number) => ({
  hold_id: holdId,
  ...item,
  quantity,
});

const orderConfirmed = (item: ReturnType<typeof newItem>, holdId: string, quantity: number) =>
  envelopeOf('order.confirmed', {
    order_id: randomUUID(),
    hold_id: holdId,
    customer_email: 'ada@example.com',
    total_amount: (quantity * 50).toFixed(2),
    items: [{ ...item, quantity, unit_price: '50.00' }],
  });

async function holdStatus(holdId: string) {
  const [row] = await db
    .select({ status: inventoryHolds.status })
    .from(inventoryHolds)
    .where(eq(inventoryHolds.holdId, holdId));
  return row?.status;
}

const outboxOf = (holdId: string) =>
  db
    .select({
      id: outbox.id,
      eventType: outbox.eventType,
      payload: outbox.payload,
      correlationId: outbox.correlationId,
      publishedAt: outbox.publishedAt,
    })
    .from(outbox)
    .where(eq(outbox.aggregateId, holdId));

describe('releases', () => {
  it('hold.expired returns the seats of a held hold (I1), logging under the correlation id', async () => {
    const item = await itemWith(5);
    const holdId = await holdSeats(item, 2);
    expect(await conservationOf(db, item)).toMatchObject({ available: 3, held: 2 });

    const expired = envelopeOf('hold.expired', seatsPayload(item, holdId, 2), 'req-expiry-42');
    expect(await deliver(expired)).toMatchObject([{ result: 'applied', attempt: 1 }]);

    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ total: 5, available: 5, held: 0, committed: 0 });
    expectConserved(after);
    expect(await holdStatus(holdId)).toBe('released');
    const lines = logLines.filter((line) => line.hold_id === holdId);
    expect(lines.map((line) => line.msg)).toContain('hold released');
    expect(lines.every((line) => line.request_id === 'req-expiry-42')).toBe(true);
  });

  it('hold.released and order.cancelled release as well', async () => {
    const item = await itemWith(4);
    const released = await holdSeats(item, 1);
    const cancelled = await holdSeats(item, 2);
    await deliver(
      envelopeOf('hold.released', { ...seatsPayload(item, released, 1), reason: 'customer' }),
    );
    await deliver(
      envelopeOf('order.cancelled', {
        order_id: randomUUID(),
        hold_id: cancelled,
        reason: 'payment_timeout',
      }),
    );
    expect(await holdStatus(released)).toBe('released');
    expect(await holdStatus(cancelled)).toBe('released');
    expect(await conservationOf(db, item)).toMatchObject({ available: 4, held: 0 });
  });

  it('a release of a hold inventory never saw leaves a tombstone that refuses the late hold', async () => {
    const item = await itemWith(3);
    const holdId = randomUUID();
    await deliver(envelopeOf('hold.expired', seatsPayload(item, holdId, 2)));
    expect(await holdStatus(holdId)).toBe('tombstone');

    const late = caller.hold({ hold_id: holdId, ...item, quantity: 2, expires_at: inAnHour() });
    const error = await late.then(
      () => undefined,
      (caught: unknown) => (caught as { cause?: unknown }).cause,
    );
    expect(error instanceof AppError && error.code).toBe('hold_released');
    expect(await conservationOf(db, item)).toMatchObject({ available: 3, held: 0 });
  });

  it('leaves sold seats sold when a late release arrives', async () => {
    const item = await itemWith(2);
    const holdId = await holdSeats(item, 2);
    await caller.commit({ hold_id: holdId });
    await deliver(envelopeOf('hold.expired', seatsPayload(item, holdId, 2)));
    expect(await holdStatus(holdId)).toBe('committed');
    expect(await conservationOf(db, item)).toMatchObject({ available: 0, committed: 2 });
  });
});

describe('order.confirmed', () => {
  it('commits a held hold', async () => {
    const item = await itemWith(5);
    const holdId = await holdSeats(item, 2);
    await deliver(orderConfirmed(item, holdId, 2));

    expect(await holdStatus(holdId)).toBe('committed');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ available: 3, held: 0, committed: 2 });
    expectConserved(after);
    expect(await outboxOf(holdId)).toEqual([]);
  });

  it('re-reserves the seats of a released hold while they remain', async () => {
    const item = await itemWith(5);
    const holdId = await holdSeats(item, 2);
    await caller.release({ hold_id: holdId });
    await deliver(orderConfirmed(item, holdId, 2));

    expect(await holdStatus(holdId)).toBe('committed');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ available: 3, held: 0, committed: 2 });
    expectConserved(after);
    expect(await outboxOf(holdId)).toEqual([]);
  });

  it("reserves from the order's line a hold inventory never saw, or only as a tombstone", async () => {
    const item = await itemWith(5);
    const unseen = randomUUID();
    const tombstoned = randomUUID();
    await caller.release({ hold_id: tombstoned });
    await deliver(orderConfirmed(item, unseen, 1));
    await deliver(orderConfirmed(item, tombstoned, 3));

    expect(await holdStatus(unseen)).toBe('committed');
    expect(await holdStatus(tombstoned)).toBe('committed');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ available: 1, held: 0, committed: 4, committedRows: 4 });
    expectConserved(after);
  });

  it('writes inventory.commit_failed on a sold-out item, and the relay publishes it promptly', async () => {
    const published = await broker.tap('inventory.commit_failed');
    const item = await itemWith(2);
    const holdId = await holdSeats(item, 2);
    await caller.release({ hold_id: holdId });
    await holdSeats(item, 2); // someone else takes the seats
    const confirmed = orderConfirmed(item, holdId, 2);
    const sent = performance.now();
    await deliver(confirmed);

    const [row, ...others] = await outboxOf(holdId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      eventType: 'inventory.commit_failed',
      payload: {
        hold_id: holdId,
        order_id: confirmed.payload.order_id,
        reason: 'seats_unavailable',
      },
      correlationId: confirmed.correlation_id,
    });
    const seen = await waitFor(
      () => published.find((message) => message.envelope.event_id === row?.id),
      'the published inventory.commit_failed',
    );
    // The poll is 30 s: only the NOTIFY nudge can make it this quick.
    expect(seen.at - sent).toBeLessThan(2_000);
    expect(seen.envelope).toMatchObject({
      event_type: 'inventory.commit_failed',
      correlation_id: confirmed.correlation_id,
      payload: { hold_id: holdId, order_id: confirmed.payload.order_id },
    });
    await waitFor(
      async () => ((await outboxOf(holdId))[0]?.publishedAt ? true : undefined),
      'published_at',
    );
    expect(await holdStatus(holdId)).toBe('released');
    const after = await conservationOf(db, item);
    expect(after).toMatchObject({ available: 0, held: 2, committed: 0 });
    expectConserved(after);
  });

  it('applies an event delivered twice (same event_id) once', async () => {
    const item = await itemWith(1);
    const holdId = await holdSeats(item, 1);
    await caller.release({ hold_id: holdId });
    await holdSeats(item, 1);
    const confirmed = orderConfirmed(item, holdId, 1);

    const settled = await deliver(confirmed, 2);
    expect(settled.map((outcome) => outcome.result).sort()).toEqual(['applied', 'duplicate']);
    // Applied twice, the commit failure would have been written twice.
    expect(await outboxOf(holdId)).toHaveLength(1);
    const consumed = await db
      .select({ eventId: consumedEvents.eventId })
      .from(consumedEvents)
      .where(eq(consumedEvents.eventId, confirmed.event_id));
    expect(consumed).toHaveLength(1);
  });
});

it('acks hold.created without touching the seats', async () => {
  const item = await itemWith(3);
  const holdId = await holdSeats(item, 1);
  const created = envelopeOf('hold.created', {
    ...seatsPayload(item, holdId, 1),
    customer_email: 'ada@example.com',
    expires_at: inAnHour(),
  });
  expect(await deliver(created)).toMatchObject([{ result: 'applied' }]);
  expect(await conservationOf(db, item)).toMatchObject({ available: 2, held: 1 });
});

it('answers /healthz and /readyz on its health port', async () => {
  const base = `http://127.0.0.1:${consumer.healthPort}`;
  const health = await fetch(`${base}/healthz`);
  expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
  const ready = await fetch(`${base}/readyz`);
  expect([ready.status, await ready.json()]).toEqual([
    200,
    { status: 'ready', checks: { database: 'ok', rabbitmq: 'ok' } },
  ]);
});
