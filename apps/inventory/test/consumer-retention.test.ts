import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { consumedEvents, outbox } from '@ticketing/db/inventory/outbox';
import { truncateAll } from '@ticketing/db/testing';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { createLogger } from '@ticketing/log/logger';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type InventoryConsumerProcess, startInventoryConsumer } from '../src/consumer-process';
import { openDatabase, testDatabase } from './support';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const names = uniqueEventNames('inventory-retention');

let url: string;
let db: Database;
let broker: TestBroker;
let consumer: InventoryConsumerProcess | undefined;

beforeAll(async () => {
  url = await testDatabase();
  await truncateAll(url);
  db = openDatabase(url, 2);
  broker = await openTestBroker(names);
});
afterAll(async () => {
  await consumer?.stop();
  await broker?.close();
  await db?.$client.end();
});

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('the inventory consumer prunes its old published outbox rows and consumed_events, and keeps recent ones', async () => {
  const oldPublished = randomUUID();
  const recentPublished = randomUUID();
  const oldConsumed = randomUUID();
  const recentConsumed = randomUUID();
  const event = (id: string, publishedAt: Date) => ({
    id,
    eventType: 'inventory.commit_failed',
    aggregateId: randomUUID(),
    payload: {},
    occurredAt: publishedAt,
    publishedAt,
  });
  await db
    .insert(outbox)
    .values([event(oldPublished, ago(2 * HOUR)), event(recentPublished, ago(1_000))]);
  await db.insert(consumedEvents).values([
    { eventId: oldConsumed, eventType: 'hold.created', consumedAt: ago(2 * HOUR) },
    { eventId: recentConsumed, eventType: 'hold.created', consumedAt: ago(1_000) },
  ]);

  consumer = await startInventoryConsumer({
    databaseUrl: url,
    dbPoolSize: 2,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      prefetch: 5,
      outboxPollMs: 30_000,
    },
    // An hour's window (the variable's floor is a day; the config takes any), a run every 100 ms.
    retention: { keepMs: HOUR, intervalMs: 100, batchSize: 10 },
    healthPort: 0,
    logger: createLogger('inventory-retention-test', 'silent'),
  });

  const left = async () => {
    const events = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(inArray(outbox.id, [oldPublished, recentPublished]));
    const consumed = await db
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
