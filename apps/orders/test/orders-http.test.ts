import { randomUUID } from 'node:crypto';

import { orders } from '@ticketing/db/orders/orders';
import { AppError } from '@ticketing/trpc/errors';
import { createOrdersClient } from '@ticketing/trpc/orders/client';
import { Queue } from 'bullmq';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DECLINED_CARD } from '../src/payments/stub-provider';
import {
  DEAD_REDIS_URL,
  flushRedis,
  openTestDatabase,
  orderLine,
  orderRequest,
  outboxOf,
  paymentsOf,
  REDIS_URL,
  request,
  startService,
  type TestDatabase,
  type TestService,
} from './support';

let database: TestDatabase;
let service: TestService;
const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
  request(service.baseUrl, 'POST', path, body, headers);
const get = (path: string) => request(service.baseUrl, 'GET', path);

const createWithKey = (body: unknown, key: string = randomUUID()) =>
  post('/orders', body, { 'Idempotency-Key': key });

async function createdOrderId(body: unknown = orderRequest()) {
  const reply = await createWithKey(body);
  expect(reply.status).toBe(201);
  return reply.body.order_id as string;
}

async function orderCount() {
  const [row] = await database.db.select({ n: count() }).from(orders);
  return row?.n ?? 0;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await flushRedis();
  service = await startService(database.db);
});
afterAll(async () => {
  await service.close();
  await database.close();
});

describe('POST /orders', () => {
  it('creates a pending order with an exact total, and schedules its expiry job', async () => {
    const body = orderRequest({
      customer_name: 'Ada',
      items: [
        { session_id: randomUUID(), ticket_type_id: randomUUID(), quantity: 3, unit_price: '0.10' },
        {
          session_id: randomUUID(),
          ticket_type_id: randomUUID(),
          quantity: 7,
          unit_price: '19.99',
        },
      ],
      payment_deadline: new Date(Date.now() + 60_000).toISOString(),
    });
    const { status, body: order } = await createWithKey(body);
    expect(status).toBe(201);
    expect(order).toMatchObject({
      status: 'pending',
      total: '140.23',
      hold_id: body.hold_id,
      customer_email: 'ada@example.com',
      customer_name: 'Ada',
      payment_deadline: body.payment_deadline,
    });
    expect(order.items).toHaveLength(2);

    const queue = new Queue('order-expiry', { connection: { url: REDIS_URL } });
    try {
      const job = await queue.getJob(order.order_id as string);
      expect(job?.data).toEqual({ order_id: order.order_id });
      expect(await job?.isDelayed()).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('makes one order of 20 concurrent identical requests, and answers all 20 alike', async () => {
    const key = randomUUID();
    const body = orderRequest();
    const before = await orderCount();
    const replies = await Promise.all(Array.from({ length: 20 }, () => createWithKey(body, key)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(201));
    const [first] = replies;
    for (const reply of replies) expect(reply.body).toEqual(first?.body);
    expect(await orderCount()).toBe(before + 1);

    // A replay later, after the order moved on, still answers what the first call answered.
    await post(`/orders/${String(first?.body.order_id)}/confirm`, {});
    expect(await createWithKey(body, key)).toEqual(first);
  });

  it('refuses the same key with another body (422) and keeps the first order', async () => {
    const key = randomUUID();
    const body = orderRequest();
    expect((await createWithKey(body, key)).status).toBe(201);
    const reused = await createWithKey({ ...body, customer_email: 'eve@example.com' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('idempotency_key_reused');
    // The same lines listed in another order and written another way are the same request.
    const reordered = await createWithKey(
      { ...body, items: body.items.map((item) => ({ ...item, unit_price: '50' })) },
      key,
    );
    expect(reordered.status).toBe(201);
  });

  it('answers 400 naming the field for bad input, and writes nothing', async () => {
    const before = await orderCount();
    const line = orderLine();
    const cases: [unknown, string][] = [
      [orderRequest({ customer_email: 'not-an-email' }), 'customer_email'],
      [orderRequest({ hold_id: 'nope' }), 'hold_id'],
      [orderRequest({ items: [] }), 'items'],
      [orderRequest({ items: [{ ...line, unit_price: '1.999' }] }), 'items.0.unit_price'],
      [orderRequest({ items: [{ ...line, unit_price: '-5.00' }] }), 'items.0.unit_price'],
      [orderRequest({ items: [{ ...line, unit_price: '1000000.00' }] }), 'items.0.unit_price'],
      [{ ...orderRequest(), items: [{ ...line, unit_price: 19.99 }] }, 'items.0.unit_price'],
      [orderRequest({ items: [{ ...line, quantity: 0 }] }), 'items.0.quantity'],
      [orderRequest({ items: [{ ...line, quantity: 1.5 }] }), 'items.0.quantity'],
      [orderRequest({ payment_deadline: 'tomorrow' }), 'payment_deadline'],
      // PostgreSQL refuses 0x00 in text: a NUL must be a 400, never a 500 from the insert.
      [orderRequest({ customer_name: 'Ada\u0000' }), 'customer_name'],
      [orderRequest({ customer_name: 'Ada\u009b' }), 'customer_name'],
      [orderRequest({ customer_name: 'Ada\ud800' }), 'customer_name'],
    ];
    for (const [body, field] of cases) {
      const reply = await createWithKey(body);
      expect(reply.status, field).toBe(400);
      expect(reply.body.error).toBe('validation_error');
      expect(Object.keys(reply.body.fields as object), field).toContain(field);
    }
    const missingKey = await post('/orders', orderRequest());
    expect(missingKey.status).toBe(400);
    expect(missingKey.body.fields).toEqual({ 'Idempotency-Key': 'required' });
    const badKey = await createWithKey(orderRequest(), 'x'.repeat(300));
    expect(badKey.status).toBe(400);
    expect(Object.keys(badKey.body.fields as object)).toEqual(['Idempotency-Key']);
    expect(await orderCount()).toBe(before);
  });

  it('lets a hold back only one live order (409), and another once it is cancelled', async () => {
    const holdId = randomUUID();
    const first = await createdOrderId(orderRequest({ hold_id: holdId }));
    const second = await createWithKey(orderRequest({ hold_id: holdId }));
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('hold_not_active');
    expect((await post(`/orders/${first}/cancel`)).status).toBe(200);
    expect((await createWithKey(orderRequest({ hold_id: holdId }))).status).toBe(201);
  });

  it('still creates the order when Redis is down (the sweep will expire it)', async () => {
    const withoutRedis = await startService(database.db, { redisUrl: DEAD_REDIS_URL });
    try {
      const started = Date.now();
      const reply = await request(withoutRedis.baseUrl, 'POST', '/orders', orderRequest(), {
        'Idempotency-Key': randomUUID(),
      });
      expect(reply.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(2_000);
      const ready = await request(withoutRedis.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: 'ok', redis: 'down' });
    } finally {
      await withoutRedis.close();
    }
  });
});

describe('POST /orders/{id}/confirm', () => {
  it('confirms with a payment and an order.confirmed event; again answers the same', async () => {
    const body = orderRequest();
    const id = await createdOrderId(body);
    const confirmed = await post(`/orders/${id}/confirm`, { card_number: '4242424242424242' });
    expect(confirmed).toEqual({ status: 200, body: { order_id: id, status: 'confirmed' } });
    expect(await post(`/orders/${id}/confirm`, {})).toEqual(confirmed);

    expect((await paymentsOf(database.db, id)).map((p) => [p.status, p.amount])).toEqual([
      ['succeeded', '100.00'],
    ]);
    const events = await outboxOf(database.db, id);
    expect(events.map((event) => event.eventType)).toEqual(['order.confirmed']);
    expect(events[0]?.payload).toEqual({
      order_id: id,
      hold_id: body.hold_id,
      customer_email: body.customer_email,
      total_amount: '100.00',
      items: body.items,
    });
    expect(events[0]?.correlationId).toEqual(expect.any(String));
  });

  it('declines the test card (402) leaving the order pending, then succeeds on retry', async () => {
    const id = await createdOrderId();
    const declined = await post(`/orders/${id}/confirm`, { card_number: DECLINED_CARD });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ error: 'payment_declined', status: 'pending' });
    expect((await get(`/orders/${id}`)).body.status).toBe('pending');
    expect(await outboxOf(database.db, id)).toEqual([]);

    expect((await post(`/orders/${id}/confirm`, { card_number: '4111111111111111' })).status).toBe(
      200,
    );
    expect((await paymentsOf(database.db, id)).map((p) => p.status)).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it('refuses a cancelled order with 409 and its status', async () => {
    const id = await createdOrderId();
    await post(`/orders/${id}/cancel`);
    const reply = await post(`/orders/${id}/confirm`);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ error: 'order_not_pending', status: 'cancelled' });
  });

  it('after the deadline answers 410 and cancels the order (payment_timeout)', async () => {
    const id = await createdOrderId(
      orderRequest({ payment_deadline: new Date(Date.now() - 1_000).toISOString() }),
    );
    const reply = await post(`/orders/${id}/confirm`, {});
    expect(reply.status).toBe(410);
    expect(reply.body.error).toBe('payment_deadline_passed');
    expect((await get(`/orders/${id}`)).body).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'payment_timeout',
    });
    expect((await outboxOf(database.db, id)).map((event) => event.payload)).toEqual([
      { order_id: id, hold_id: expect.any(String), reason: 'payment_timeout' },
    ]);
    expect(await paymentsOf(database.db, id)).toEqual([]);
  });

  it('answers 404 for an unknown or malformed id, 400 for a malformed card', async () => {
    expect((await post(`/orders/${randomUUID()}/confirm`)).status).toBe(404);
    expect((await post('/orders/not-a-uuid/confirm')).status).toBe(404);
    const id = await createdOrderId();
    const bad = await post(`/orders/${id}/confirm`, { card_number: '42' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(['card_number']);
  });
});

describe('POST /orders/{id}/cancel', () => {
  it('cancels a pending order with an order.cancelled event; again answers the same', async () => {
    const body = orderRequest();
    const id = await createdOrderId(body);
    const reply = await post(`/orders/${id}/cancel`);
    expect(reply).toEqual({ status: 200, body: { order_id: id, status: 'cancelled' } });
    expect(await post(`/orders/${id}/cancel`)).toEqual(reply);
    expect((await outboxOf(database.db, id)).map((event) => event.payload)).toEqual([
      { order_id: id, hold_id: body.hold_id, reason: 'customer' },
    ]);
  });

  it('refuses to cancel a confirmed order (409 with its status)', async () => {
    const id = await createdOrderId();
    await post(`/orders/${id}/confirm`);
    const reply = await post(`/orders/${id}/cancel`);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ error: 'order_not_pending', status: 'confirmed' });
    expect((await get(`/orders/${id}`)).body.status).toBe('confirmed');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await post(`/orders/${randomUUID()}/cancel`)).status).toBe(404);
    expect((await post('/orders/123/cancel')).status).toBe(404);
  });
});

describe('GET /orders/{id} and /orders/by-hold/{hold_id}', () => {
  it('answers the order', async () => {
    const body = orderRequest();
    const created = await createWithKey(body);
    const id = created.body.order_id as string;
    const reply = await get(`/orders/${id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ...created.body, status: 'pending' });
    expect(await get(`/orders/by-hold/${body.hold_id}`)).toEqual(reply);
  });

  it('prefers the live order of a hold over a cancelled one', async () => {
    const holdId = randomUUID();
    const cancelled = await createdOrderId(orderRequest({ hold_id: holdId }));
    await post(`/orders/${cancelled}/cancel`);
    expect((await get(`/orders/by-hold/${holdId}`)).body).toMatchObject({
      order_id: cancelled,
      cancel_reason: 'customer',
    });
    const live = await createdOrderId(orderRequest({ hold_id: holdId }));
    expect((await get(`/orders/by-hold/${holdId}`)).body.order_id).toBe(live);
  });

  it('answers 404, never 500, for unknown and malformed ids', async () => {
    for (const path of [
      `/orders/${randomUUID()}`,
      '/orders/%27%3B--',
      `/orders/by-hold/${randomUUID()}`,
      '/orders/by-hold/zzz',
    ]) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.error).toBe('not_found');
    }
  });
});

describe('the typed tRPC client', () => {
  it('creates with the key in the input, and gets domain errors back as AppError', async () => {
    const client = createOrdersClient({ url: service.baseUrl });
    const key = randomUUID();
    const body = orderRequest();
    const order = await client.create({ ...body, idempotency_key: key });
    expect(await client.create({ ...body, idempotency_key: key })).toEqual(order);
    await expect(client.create(body)).rejects.toMatchObject({
      code: 'validation_error',
      details: { fields: { 'Idempotency-Key': 'required' } },
    });
    await client.cancel({ id: order.order_id });
    const error = await client.confirm({ id: order.order_id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'order_not_pending', details: { status: 'cancelled' } });
    expect((await client.getByHoldId({ hold_id: body.hold_id })).status).toBe('cancelled');
    const [row] = await database.db
      .select({ key: orders.idempotencyKey })
      .from(orders)
      .where(eq(orders.id, order.order_id));
    expect(row?.key).toBe(key);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
    });
  });
});
