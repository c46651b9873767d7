import { randomUUID } from 'node:crypto';

import { orders } from '@ticketing/db/orders/orders';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import { type EnvelopeOf, parseEnvelope } from '@ticketing/events/envelope';
import {
  openTestBroker,
  RABBITMQ_URL,
  type Tapped,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { deadLetterQueueName } from '@ticketing/events/topology';
import { createLogger } from '@ticketing/log/logger';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ordersQueueName } from '../src/events/commit-failed-consumer';
import type { PaymentProvider, RefundRequest } from '../src/payments/provider';
import { stubPaymentProvider } from '../src/payments/stub-provider';
import { type OrdersWorker, startOrdersWorker } from '../src/worker-process';
import {
  eventually,
  openTestDatabase,
  orderRequest,
  outboxOf,
  paymentsOf,
  REDIS_URL,
  request,
  startService,
  type TestDatabase,
  type TestService,
} from './support';

const names = uniqueEventNames('orders');
const outcomes: ConsumeOutcome[] = [];
const logLines: Record<string, unknown>[] = [];
const refunds: RefundRequest[] = [];
/**
 * The refunds a provider honouring idempotency keys would make: a second request with a key it
 * has seen is the same refund, as it is at a real payment provider.
 */
const refundsByKey = new Map<string, RefundRequest>();
/** Runs inside each refund call, to look at the database while the provider is being asked. */
let duringRefund: ((refund: RefundRequest) => Promise<void>) | undefined;
const recordingProvider: PaymentProvider = {
  ...stubPaymentProvider,
  refund: async (refund) => {
    refunds.push(refund);
    if (!refundsByKey.has(refund.idempotencyKey)) refundsByKey.set(refund.idempotencyKey, refund);
    await duringRefund?.(refund);
  },
};

let database: TestDatabase;
let service: TestService;
let broker: TestBroker;
let worker: OrdersWorker;
let published: Tapped[];

beforeAll(async () => {
  database = await openTestDatabase(3);
  service = await startService(database.db);
  broker = await openTestBroker(names);
  published = await broker.tap('#');
  worker = await startOrdersWorker({
    databaseUrl: database.url,
    dbPoolSize: 3,
    redisUrl: REDIS_URL,
    bullPrefix: `test-${randomUUID().slice(0, 8)}`,
    expirySweepIntervalMs: 60_000,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      // Long on purpose: a publish within a second comes from the NOTIFY nudge, not from the poll.
      outboxPollMs: 30_000,
    },
    healthPort: 0,
    payments: recordingProvider,
    logger: createLogger('orders-worker', 'info', {
      write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
    }),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await worker.waitForBroker();
});
afterAll(async () => {
  await worker?.stop();
  await broker?.close();
  await service?.close();
  await database?.close();
});

const outcomesOf = (eventId: string) => outcomes.filter((outcome) => outcome.eventId === eventId);
const publishedFor = (orderId: string, eventType: string) =>
  published.filter(
    (seen) => seen.envelope.aggregate_id === orderId && seen.envelope.event_type === eventType,
  );

/** A confirmed order, through the service's REST API under the given request id. */
async function confirmedOrder(requestId: string) {
  const created = await request(service.baseUrl, 'POST', '/orders', orderRequest(), {
    'Idempotency-Key': randomUUID(),
    'x-request-id': requestId,
  });
  expect(created.status).toBe(201);
  const orderId = String(created.body.order_id);
  const confirmed = await request(
    service.baseUrl,
    'POST',
    `/orders/${orderId}/confirm`,
    {},
    {
      'x-request-id': requestId,
    },
  );
  expect(confirmed.status).toBe(200);
  return { orderId, holdId: String(created.body.hold_id), confirmedAt: performance.now() };
}

function commitFailed(orderId: string, holdId: string, correlationId: string) {
  return parseEnvelope({
    event_id: randomUUID(),
    event_type: 'inventory.commit_failed',
    occurred_at: new Date().toISOString(),
    aggregate_id: holdId,
    idempotency_key: null,
    correlation_id: correlationId,
    payload: { hold_id: holdId, order_id: orderId, reason: 'seats_unavailable' },
  }) as EnvelopeOf<'inventory.commit_failed'>;
}

/** Whether an open transaction holds the order's row (a probe that skips a locked row). */
async function rowLocked(orderId: string): Promise<boolean> {
  const { rows } = await database.db.$client.query(
    'select id from orders where id = $1 for update skip locked',
    [orderId],
  );
  return rows.length === 0;
}

/**
 * Makes the first commit that marks the order's payment refunded fail, as a crash between the
 * refund and the commit would: a deferred trigger, checked at commit time, after everything the
 * transaction did. A sequence counts the commits, since it does not roll back with them.
 */
async function crashBeforeFirstCommitOfRefund(orderId: string) {
  const name = `test_crash_${orderId.replaceAll('-', '')}`;
  const sql = database.db.$client;
  await sql.query(`create sequence ${name}`);
  await sql.query(`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if new.order_id = '${orderId}' and new.status = 'refunded' and nextval('${name}') = 1 then
        raise exception 'simulated crash before the compensation commits';
      end if;
      return new;
    end $$`);
  await sql.query(`
    create constraint trigger ${name} after update on payments
    deferrable initially deferred for each row execute function ${name}()`);
  return {
    fired: async () => {
      const { rows } = await sql.query<{ last: string | null }>(
        `select last_value::text as last from ${name} where is_called`,
      );
      return rows.length > 0;
    },
    remove: async () => {
      await sql.query(`drop trigger if exists ${name} on payments`);
      await sql.query(`drop function if exists ${name}()`);
      await sql.query(`drop sequence if exists ${name}`);
    },
  };
}

async function orderState(orderId: string) {
  const [row] = await database.db
    .select({ status: orders.status, reason: orders.cancelReason })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row;
}

describe('the outbox relay', () => {
  it('publishes the order.confirmed of a confirm within a second, under the request id', async () => {
    const { orderId, holdId, confirmedAt } = await confirmedOrder('req-confirm-relay');
    const [seen] = await eventually(async () => {
      const found = publishedFor(orderId, 'order.confirmed');
      return found.length > 0 ? found : undefined;
    });
    expect(seen?.at ?? Infinity).toBeLessThan(confirmedAt + 1_000);
    expect(seen?.envelope).toMatchObject({
      event_type: 'order.confirmed',
      correlation_id: 'req-confirm-relay',
      payload: { order_id: orderId, hold_id: holdId, total_amount: '100.00' },
    });
    const [row] = await outboxOf(database.db, orderId);
    expect(row?.correlationId).toBe('req-confirm-relay');
  });
});

describe('inventory.commit_failed', () => {
  it('cancels the confirmed order (inventory_unavailable), refunds it and emits order.cancelled, once', async () => {
    const { orderId, holdId } = await confirmedOrder('req-compensate');
    const failure = commitFailed(orderId, holdId, 'req-compensate');
    await broker.publish(failure);
    await broker.publish(failure); // the same delivery again
    const another = commitFailed(orderId, holdId, 'req-compensate'); // a second, distinct event
    await broker.publish(another);
    await eventually(async () =>
      outcomesOf(failure.event_id).length === 2 && outcomesOf(another.event_id).length === 1
        ? true
        : undefined,
    );
    expect(
      outcomesOf(failure.event_id)
        .map((outcome) => outcome.result)
        .sort(),
    ).toEqual(['applied', 'duplicate']);

    expect(await orderState(orderId)).toEqual({
      status: 'cancelled',
      reason: 'inventory_unavailable',
    });
    expect((await paymentsOf(database.db, orderId)).map((payment) => payment.status)).toEqual([
      'refunded',
    ]);
    expect(refunds.filter((refund) => refund.orderId === orderId)).toHaveLength(1);
    const events = await outboxOf(database.db, orderId);
    expect(events.map((event) => event.eventType)).toEqual(['order.confirmed', 'order.cancelled']);
    expect(events[1]).toMatchObject({
      payload: { order_id: orderId, hold_id: holdId, reason: 'inventory_unavailable' },
      correlationId: 'req-compensate',
    });

    const [cancelled] = await eventually(async () => {
      const found = publishedFor(orderId, 'order.cancelled');
      return found.length > 0 ? found : undefined;
    });
    expect(cancelled?.envelope.payload).toMatchObject({ reason: 'inventory_unavailable' });
    const lines = logLines.filter((line) => line.order_id === orderId);
    expect(lines.map((line) => line.msg)).toContain(
      'order compensated: cancelled and refunded, inventory could not commit its seats',
    );
    expect(lines.every((line) => line.request_id === 'req-compensate')).toBe(true);
  });

  it('refunds once when the compensation rolls back after the refund and is redelivered, and never from inside its transaction', async () => {
    const { orderId, holdId } = await confirmedOrder('req-rollback');
    const lockedDuringRefund: boolean[] = [];
    duringRefund = async (refund) => {
      if (refund.orderId === orderId) lockedDuringRefund.push(await rowLocked(orderId));
    };
    const crash = await crashBeforeFirstCommitOfRefund(orderId);
    try {
      const failure = commitFailed(orderId, holdId, 'req-rollback');
      await broker.publish(failure);
      await eventually(async () =>
        outcomesOf(failure.event_id).some((outcome) => outcome.result === 'applied')
          ? true
          : undefined,
      );
      // The first attempt got as far as its commit, which failed: the refund was already asked.
      expect(outcomesOf(failure.event_id).map((outcome) => outcome.result)).toEqual([
        'retry_scheduled',
        'applied',
      ]);
      expect(await crash.fired()).toBe(true);
    } finally {
      duringRefund = undefined;
      await crash.remove();
    }

    const ofOrder = [...refundsByKey.values()].filter((refund) => refund.orderId === orderId);
    expect(ofOrder).toEqual([
      {
        orderId,
        amount: '100.00',
        reference: expect.stringMatching(/^stub_/),
        idempotencyKey: `refund:${orderId}`,
      },
    ]);
    // Every ask used that one key, so whatever was asked twice is one refund.
    expect(
      new Set(refunds.filter((r) => r.orderId === orderId).map((r) => r.idempotencyKey)),
    ).toEqual(new Set([`refund:${orderId}`]));
    // Asked while no transaction held the order: no rollback could reach the refund.
    expect(lockedDuringRefund.length).toBeGreaterThan(0);
    expect(lockedDuringRefund).not.toContain(true);

    expect(await orderState(orderId)).toEqual({
      status: 'cancelled',
      reason: 'inventory_unavailable',
    });
    expect((await paymentsOf(database.db, orderId)).map((payment) => payment.status)).toEqual([
      'refunded',
    ]);
    expect((await outboxOf(database.db, orderId)).map((event) => event.eventType)).toEqual([
      'order.confirmed',
      'order.cancelled',
    ]);
  });

  it('sends a failure about an order it does not know to the dead-letter queue after 3 attempts', async () => {
    const failure = commitFailed(randomUUID(), randomUUID(), 'req-unknown');
    await broker.publish(failure);
    await eventually(async () =>
      outcomesOf(failure.event_id).some((outcome) => outcome.result === 'dead_lettered')
        ? true
        : undefined,
    );
    expect(outcomesOf(failure.event_id).map((outcome) => outcome.attempt)).toEqual([1, 2, 3]);
    expect(await broker.messageCount(deadLetterQueueName(ordersQueueName(names.queuePrefix)))).toBe(
      1,
    );
  });
});
