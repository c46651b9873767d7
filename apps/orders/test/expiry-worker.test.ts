import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { orders } from '@ticketing/db/orders/orders';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { waitForJobEnd } from '@ticketing/jobs/testing';
import { freePort } from '@ticketing/runtime/testing/free-port';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createOrder } from '../src/domain/create-order';
import { EXPIRY_QUEUE } from '../src/expiry/expiry-queue';
import { type ExpiryRuntime, startExpiry } from '../src/expiry/run-expiry';
import {
  eventually,
  flushRedis,
  openTestDatabase,
  orderRequest,
  outboxOf,
  REDIS_URL,
  request,
  silentLog,
  startService,
  type TestDatabase,
} from './support';

let database: TestDatabase;
let runtime: ExpiryRuntime | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  await flushRedis();
});
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});
afterAll(() => database.close());

async function orderState(id: string) {
  const [row] = await database.db
    .select({
      status: orders.status,
      reason: orders.cancelReason,
      cancelledAt: orders.cancelledAt,
      deadline: orders.paymentDeadline,
    })
    .from(orders)
    .where(eq(orders.id, id));
  return row;
}

const cancelled = (id: string) =>
  eventually(async () => {
    const state = await orderState(id);
    return state?.status === 'cancelled' ? state : undefined;
  });

/** An unpaid order past its deadline that no job knows about (as when Redis was down). */
async function overdueOrderWithoutJob() {
  const { order } = await createOrder(
    database.db,
    randomUUID(),
    orderRequest({ payment_deadline: new Date(Date.now() - 1_000).toISOString() }),
    { holdTtlSeconds: 600 },
  );
  return order.order_id;
}

describe('the expiry worker', () => {
  it('cancels an unpaid order at its deadline through the delayed BullMQ job', async () => {
    // The sweep runs at start (before the order exists) and then not for a minute: only the job
    // can cancel the order in time.
    runtime = startExpiry({
      db: database.db,
      redisUrl: REDIS_URL,
      log: silentLog,
      sweepIntervalMs: 60_000,
    });
    const service = await startService(database.db);
    const queue = new Queue(EXPIRY_QUEUE, { connection: { url: REDIS_URL } });
    try {
      const deadline = Date.now() + 400;
      const created = await request(
        service.baseUrl,
        'POST',
        '/orders',
        orderRequest({ payment_deadline: new Date(deadline).toISOString() }),
        { 'Idempotency-Key': randomUUID() },
      );
      const id = created.body.order_id as string;
      expect((await orderState(id))?.status).toBe('pending');
      // The service awaits the schedule, so the job is in Redis once the order is answered.
      const job = await queue.getJob(id);
      expect(job?.data).toEqual({ order_id: id });
      expect(job?.opts.delay).toBeGreaterThan(0);
      expect(job?.opts.delay).toBeLessThanOrEqual(400);

      // The job's own run cancelled the order: had anything else done it first, the job would
      // have found it no longer pending.
      const end = await waitForJobEnd({ name: EXPIRY_QUEUE, redisUrl: REDIS_URL, jobId: id });
      expect(end).toMatchObject({ event: 'completed', returnvalue: 'expired' });
      expect(end.at.getTime() - deadline).toBeLessThan(2_000);

      const state = await cancelled(id);
      expect(state.reason).toBe('payment_timeout');
      expect(state.cancelledAt?.getTime()).toBeGreaterThanOrEqual(state.deadline.getTime());
      expect((await outboxOf(database.db, id)).map((event) => event.payload)).toEqual([
        { order_id: id, hold_id: created.body.hold_id, reason: 'payment_timeout' },
      ]);

      await eventually(async () => ((await queue.getJob(id)) ? undefined : true));
    } finally {
      await queue.close();
      await service.close();
    }
  });

  it('leaves a paid order alone when its job fires', async () => {
    runtime = startExpiry({
      db: database.db,
      redisUrl: REDIS_URL,
      log: silentLog,
      sweepIntervalMs: 60_000,
    });
    const service = await startService(database.db);
    const queue = new Queue(EXPIRY_QUEUE, { connection: { url: REDIS_URL } });
    try {
      const deadline = Date.now() + 1_500;
      const created = await request(
        service.baseUrl,
        'POST',
        '/orders',
        orderRequest({ payment_deadline: new Date(deadline).toISOString() }),
        { 'Idempotency-Key': randomUUID() },
      );
      const id = created.body.order_id as string;
      expect((await queue.getJob(id))?.data).toEqual({ order_id: id });
      expect((await request(service.baseUrl, 'POST', `/orders/${id}/confirm`, {})).status).toBe(
        200,
      );
      // The job did fire, at the deadline, and found the order paid.
      const end = await waitForJobEnd({ name: EXPIRY_QUEUE, redisUrl: REDIS_URL, jobId: id });
      expect(end).toMatchObject({ event: 'completed', returnvalue: 'not_pending' });
      expect(end.at.getTime()).toBeGreaterThanOrEqual(deadline - 50);
      await eventually(async () => ((await queue.getJob(id)) ? undefined : true));
      expect((await orderState(id))?.status).toBe('confirmed');
      expect((await outboxOf(database.db, id)).map((event) => event.eventType)).toEqual([
        'order.confirmed',
      ]);
    } finally {
      await queue.close();
      await service.close();
    }
  });

  it('sweeps overdue orders whose job is missing, at start and periodically', async () => {
    const before = await overdueOrderWithoutJob();
    runtime = startExpiry({
      db: database.db,
      redisUrl: REDIS_URL,
      log: silentLog,
      sweepIntervalMs: 200,
    });
    expect((await cancelled(before)).reason).toBe('payment_timeout');

    const after = await overdueOrderWithoutJob();
    expect((await cancelled(after)).reason).toBe('payment_timeout');
  });
});

function spawnWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('the worker entry point (src/worker.ts)', () => {
  let child: ChildProcess | undefined;
  const names = uniqueEventNames('orders-entry');
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await openTestBroker(names);
  });
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => broker.close());

  it('answers /healthz and /readyz, expires overdue orders, relays their events, and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const cancellations = await broker.tap('order.cancelled');
    const worker = spawnWorker({
      DATABASE_URL_ORDERS: database.url,
      REDIS_URL,
      HEALTH_PORT: String(port),
      WORKER_DB_POOL_SIZE: '2',
      RABBITMQ_URL,
      EVENTS_EXCHANGE: names.exchange,
      EVENTS_QUEUE_PREFIX: names.queuePrefix,
      EVENTS_RETRY_DELAYS_MS: names.retryDelaysMs.join(','),
      EXPIRY_SWEEP_INTERVAL_MS: '200',
    });
    child = worker.child;
    const health = await eventually(async () => {
      const reply = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return reply?.ok ? ((await reply.json()) as unknown) : undefined;
    }, 20_000);
    expect(health).toEqual({ status: 'ok' });
    const ready = await eventually(async () => {
      const reply = await fetch(`http://127.0.0.1:${port}/readyz`);
      return reply.ok ? ((await reply.json()) as unknown) : undefined;
    });
    expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', rabbitmq: 'ok' } });

    const id = await overdueOrderWithoutJob();
    expect((await cancelled(id)).reason).toBe('payment_timeout');
    const published = await eventually(async () =>
      cancellations.find((seen) => seen.envelope.aggregate_id === id),
    );
    expect(published.envelope.payload).toMatchObject({ order_id: id, reason: 'payment_timeout' });

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('stops with one line naming a bad variable', async () => {
    const worker = spawnWorker({ EXPIRY_SWEEP_INTERVAL_MS: '3600000' });
    child = worker.child;
    expect(await worker.exited).toBe(1);
    expect(worker.stderr().trim()).toMatch(
      /^Invalid environment variable EXPIRY_SWEEP_INTERVAL_MS: /,
    );
  });
});
