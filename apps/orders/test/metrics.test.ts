import { randomUUID } from 'node:crypto';

import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { createLogger } from '@ticketing/log/logger';
import { scrapeMetrics } from '@ticketing/runtime/metrics-scrape';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createExpiryScheduler } from '../src/expiry/expiry-queue';
import { registerOrderMetrics } from '../src/order-metrics';
import { createOrdersServer } from '../src/server';
import { type OrdersWorker, startOrdersWorker } from '../src/worker-process';
import {
  dependencies,
  eventually,
  openTestDatabase,
  orderRequest,
  REDIS_URL,
  request,
  silentLog,
  type TestDatabase,
} from './support';

const names = uniqueEventNames('orders-metrics');
const silent = createLogger('orders-metrics-test', 'silent');
let database: TestDatabase;
let context: ProcessContext;
let api: string;
let broker: TestBroker;
let worker: OrdersWorker;
let health: string;

beforeAll(async () => {
  database = await openTestDatabase(3);
  // The orders process as main.ts starts it: its context serves the front and holds the metrics.
  context = createProcessContext({ name: 'orders', logger: silent });
  const db = context.database({ url: database.url, poolSize: 2 });
  registerOrderMetrics(context.metrics, db);
  const expiry = createExpiryScheduler({ redisUrl: REDIS_URL, log: silentLog });
  context.onStop('expiry', () => expiry.close());
  api = `http://127.0.0.1:${await context.serve(createOrdersServer(dependencies(db, { expiry })), 0)}`;

  broker = await openTestBroker(names);
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
    healthPort: 0,
    logger: silent,
  });
  await worker.waitForBroker();
  health = `http://127.0.0.1:${worker.healthPort}`;
});
afterAll(async () => {
  await worker?.stop();
  await broker?.close();
  await context?.stop();
  await database?.close();
});

describe('/metrics of the orders service', () => {
  it('times REST calls by route template and status, a 404 under a bounded label', async () => {
    const before = await scrapeMetrics(api);
    const created = await request(api, 'POST', '/orders', orderRequest(), {
      'Idempotency-Key': randomUUID(),
    });
    expect(created.status).toBe(201);
    const orderId = String(created.body.order_id);
    expect((await request(api, 'GET', `/orders/${orderId}`)).status).toBe(200);
    expect((await request(api, 'GET', `/no/such/${orderId}`)).status).toBe(404);
    const after = await scrapeMetrics(api);
    const count = 'http_request_duration_seconds_count';
    const moved = (labels: Record<string, string>) =>
      after.value(count, { process: 'orders', ...labels }) - before.value(count, labels);

    expect(moved({ method: 'POST', route: '/orders', status: '201' })).toBe(1);
    expect(moved({ method: 'GET', route: '/orders/{id}', status: '200' })).toBe(1);
    expect(moved({ method: 'GET', route: 'not_found', status: '404' })).toBe(1);
    expect(after.text).not.toContain(orderId);

    expect(after.value('orders_by_status', { status: 'pending' })).toBeGreaterThanOrEqual(1);
    expect(after.has('db_pool_connections')).toBe(true);
    expect(after.has('process_cpu_user_seconds_total')).toBe(true);
    // The scheduler's queue, counted in Redis at scrape time.
    expect(
      after.samples.some(
        (s) => s.name === 'deadline_queue_jobs' && s.labels.queue === 'order-expiry',
      ),
    ).toBe(true);
  });

  it("serves the worker's outbox backlog, publish lag, queue depth and consumer results on HEALTH_PORT", async () => {
    const before = await scrapeMetrics(health);
    const created = await request(api, 'POST', '/orders', orderRequest(), {
      'Idempotency-Key': randomUUID(),
    });
    const confirmed = await request(
      api,
      'POST',
      `/orders/${String(created.body.order_id)}/confirm`,
    );
    expect(confirmed.status).toBe(200);

    const after = await eventually(async () => {
      const scrape = await scrapeMetrics(health);
      const lagCount = scrape.value('outbox_publish_lag_seconds_count');
      return lagCount > before.value('outbox_publish_lag_seconds_count') ? scrape : undefined;
    });
    expect(
      after.value('process_cpu_user_seconds_total', { process: 'orders-worker' }),
    ).toBeGreaterThan(0);
    expect(after.samples.some((s) => s.name === 'outbox_unpublished_rows')).toBe(true);
    expect(after.samples.some((s) => s.name === 'outbox_oldest_unpublished_seconds')).toBe(true);
    const depth = after.samples.filter((s) => s.name === 'deadline_queue_jobs');
    expect(depth.map((s) => `${s.labels.queue}/${s.labels.state}`).sort()).toEqual([
      'order-expiry/active',
      'order-expiry/delayed',
      'order-expiry/waiting',
    ]);
    expect(after.has('db_pool_connections')).toBe(true);
  });
});
