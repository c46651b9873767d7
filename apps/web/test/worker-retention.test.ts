import { randomUUID } from 'node:crypto';

import { consumedEvents } from '@ticketing/db/main/consumed-events';
import { outbox } from '@ticketing/db/main/outbox';
import { createLogger } from '@ticketing/log/logger';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject,it } from 'vitest';

import { startWebWorker, type WebWorker } from '../src/worker/start-worker';
import { waitFor } from './support/purchase-fixtures';
import { TEST_RABBITMQ_URL, testExchange } from './support/test-exchange';
import { startTestWeb, TEST_REDIS_URL, type TestWeb } from './support/web-test-server';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const exchange = testExchange();

let web: TestWeb;
let worker: WebWorker | undefined;

beforeAll(async () => {
  web = await startTestWeb();
  await web.reset();
});
afterAll(async () => {
  await worker?.stop();
  await web?.close();
  await exchange.remove();
});

it('the web worker prunes ticketing_main: old published outbox rows and consumed_events go, recent ones stay', async () => {
  const [oldPublished, recentPublished, oldConsumed, recentConsumed] = [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
  ];
  const event = (id: string, publishedAt: Date) => ({
    id,
    eventType: 'hold.created',
    aggregateId: randomUUID(),
    payload: {},
    occurredAt: publishedAt,
    publishedAt,
  });
  await web.db
    .insert(outbox)
    .values([event(oldPublished, ago(2 * HOUR)), event(recentPublished, ago(1_000))]);
  await web.db.insert(consumedEvents).values([
    { eventId: oldConsumed, eventType: 'order.confirmed', consumedAt: ago(2 * HOUR) },
    { eventId: recentConsumed, eventType: 'order.confirmed', consumedAt: ago(1_000) },
  ]);

  worker = await startWebWorker({
    databaseUrl: web.databaseUrl,
    dbPoolSize: 2,
    redisUrl: TEST_REDIS_URL,
    events: { url: TEST_RABBITMQ_URL, exchange: exchange.name, outboxPollMs: 200 },
    inventoryUrl: inject('inventoryUrl'),
    ordersUrl: inject('ordersUrl'),
    inventoryTimeoutMs: 1_500,
    ordersTimeoutMs: 3_000,
    circuitResetMs: 500,
    healthPort: 0,
    sweepIntervalMs: 60_000,
    orderlessGraceMs: 0,
    shutdownTimeoutMs: 5_000,
    bullPrefix: web.queuePrefix,
    // An hour's window (the variable's floor is a day; the config takes any), a run every 100 ms.
    retention: { keepMs: HOUR, intervalMs: 100, batchSize: 10 },
    logger: createLogger('worker-retention-test', 'silent'),
  });

  const outboxIds = async () =>
    (
      await web.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(inArray(outbox.id, [oldPublished, recentPublished]))
    ).map((row) => row.id);
  const consumedIds = async () =>
    (
      await web.db
        .select({ id: consumedEvents.eventId })
        .from(consumedEvents)
        .where(inArray(consumedEvents.eventId, [oldConsumed, recentConsumed]))
    ).map((row) => row.id);
  await waitFor(
    async () => (await outboxIds()).length === 1 && (await consumedIds()).length === 1,
    {
      what: 'the old rows pruned',
    },
  );
  expect(await outboxIds()).toEqual([recentPublished]);
  expect(await consumedIds()).toEqual([recentConsumed]);
});
