import { randomUUID } from 'node:crypto';

import { consumedEvents, outbox } from '@ticketing/db/orders/outbox';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type OrdersWorker, startOrdersWorker } from '../src/worker-process';
import { eventually, openTestDatabase, REDIS_URL, silentLog, type TestDatabase } from './support';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const names = uniqueEventNames('orders-retention');

let database: TestDatabase;
let broker: TestBroker;
let worker: OrdersWorker | undefined;

beforeAll(async () => {
  database = await openTestDatabase(3);
  broker = await openTestBroker(names);
});
afterAll(async () => {
  await worker?.stop();
  await broker?.close();
  await database?.close();
});

it('the orders worker prunes its old published outbox rows and consumed_events, and keeps recent ones', async () => {
  const oldPublished = randomUUID();
  const recentPublished = randomUUID();
  const oldConsumed = randomUUID();
  const recentConsumed = randomUUID();
  const event = (id: string, publishedAt: Date) => ({
    id,
    eventType: 'order.confirmed',
    aggregateId: randomUUID(),
    payload: {},
    occurredAt: publishedAt,
    publishedAt,
  });
  await database.db
    .insert(outbox)
    .values([event(oldPublished, ago(2 * HOUR)), event(recentPublished, ago(1_000))]);
  await database.db.insert(consumedEvents).values([
    { eventId: oldConsumed, eventType: 'inventory.commit_failed', consumedAt: ago(2 * HOUR) },
    { eventId: recentConsumed, eventType: 'inventory.commit_failed', consumedAt: ago(1_000) },
  ]);

  worker = await startOrdersWorker({
    databaseUrl: database.url,
    dbPoolSize: 2,
    redisUrl: REDIS_URL,
    bullPrefix: `test-${randomUUID().slice(0, 8)}`,
    expirySweepIntervalMs: 60_000,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      outboxPollMs: 30_000,
    },
    // An hour's window (the variable's floor is a day; the config takes any), a run every 100 ms.
    retention: { keepMs: HOUR, intervalMs: 100, batchSize: 10 },
    healthPort: 0,
    logger: silentLog,
  });

  const left = async () => {
    const events = await database.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(inArray(outbox.id, [oldPublished, recentPublished]));
    const consumed = await database.db
      .select({ id: consumedEvents.eventId })
      .from(consumedEvents)
      .where(inArray(consumedEvents.eventId, [oldConsumed, recentConsumed]));
    return [...events, ...consumed].map((row) => row.id);
  };
  const remaining = await eventually(async () => {
    const ids = await left();
    return ids.length === 2 ? ids : undefined;
  });
  expect(remaining.sort()).toEqual([recentPublished, recentConsumed].sort());
});
