import { randomUUID } from 'node:crypto';

import { ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventWithSession } from './support/catalog-fixtures';
import {
  body,
  BUYER,
  buyer,
  DECLINED_CARD,
  holdStatus,
  type OnSale,
} from './support/purchase-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
let api: ReturnType<typeof buyer>;

beforeAll(async () => {
  web = await startTestWeb();
  api = buyer(web.baseUrl);
});
afterAll(() => web.close());
beforeEach(() => web.reset());

/** An active hold of `quantity` Standard seats (50.00 each). */
async function activeHold(quantity = 2) {
  const { session, standard } = await createEventWithSession(web.db);
  const item: OnSale = { sessionId: session.id, ticketTypeId: standard.id };
  const placed = body(await api.hold(item, quantity));
  return { item, holdId: String(placed.hold_id), expiresAt: String(placed.expires_at) };
}

async function pendingOrder() {
  const { holdId } = await activeHold();
  const checkout = await api.checkout(holdId);
  expect(checkout.status).toBe(201);
  return { holdId, orderId: String(body(checkout).order_id) };
}

describe('POST /api/checkout', () => {
  it('answers 400 without an Idempotency-Key and leaves the hold active', async () => {
    const { holdId } = await activeHold();
    const response = await api.checkout(holdId, null);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation_error',
      fields: { 'Idempotency-Key': 'required' },
    });
    expect(await holdStatus(web.db, holdId)).toBe('active');
  });

  it('creates a pending order from the hold: 201, total from the price, deadline = the hold expiry', async () => {
    const { holdId, expiresAt } = await activeHold(3);
    const response = await api.checkout(holdId);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      order_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'pending',
      total: '150.00',
      payment_deadline: expiresAt,
    });
    const orderId = String(body(response).order_id);
    const [hold] = await web.db
      .select({ status: holds.status, orderId: holds.orderId })
      .from(holds)
      .where(eq(holds.id, holdId));
    expect(hold).toEqual({ status: 'converted', orderId });
    expect(body(await api.getHold(holdId))).toMatchObject({
      status: 'converted',
      order_id: orderId,
    });
  });

  it('answers a replay with the same key and body with the same order, even after a reprice', async () => {
    const { item, holdId } = await activeHold();
    const key = randomUUID();
    const first = await api.checkout(holdId, key);
    await web.db
      .update(ticketTypes)
      .set({ price: '99.00' })
      .where(eq(ticketTypes.id, item.ticketTypeId));
    const replay = await api.checkout(holdId, key);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
  });

  it('refuses the same key with another body (422 idempotency_key_reused)', async () => {
    const { holdId } = await activeHold();
    const key = randomUUID();
    expect((await api.checkout(holdId, key)).status).toBe(201);
    const reused = await api.checkout(holdId, key, {
      customer_email: 'someone-else@example.com',
    });
    expect(reused.status).toBe(422);
    expect(body(reused).error).toBe('idempotency_key_reused');
    expect(await holdStatus(web.db, holdId)).toBe('converted');
  });

  it('refuses a key already used for another hold (422) and leaves that other hold active', async () => {
    const { holdId } = await activeHold();
    const key = randomUUID();
    expect((await api.checkout(holdId, key)).status).toBe(201);
    const { holdId: second } = await activeHold();
    const reused = await api.checkout(second, key);
    expect(reused.status).toBe(422);
    expect(await holdStatus(web.db, second)).toBe('active');
    expect((await api.checkout(second)).status).toBe(201);
  });

  it('refuses a checked-out hold under another key (409 hold_not_active)', async () => {
    const { holdId } = await activeHold();
    expect((await api.checkout(holdId)).status).toBe(201);
    const other = await api.checkout(holdId, randomUUID());
    expect(other.status).toBe(409);
    expect(body(other)).toMatchObject({ error: 'hold_not_active', status: 'converted' });
  });

  it('answers 410 hold_expired once the hold has expired (short TTL)', async () => {
    web.use({ holdTtlSeconds: 1 });
    const { holdId } = await activeHold();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const response = await api.checkout(holdId);
    expect(response.status).toBe(410);
    expect(body(response).error).toBe('hold_expired');
    expect(await holdStatus(web.db, holdId)).toBe('active');
  });

  it('answers 409 for a released hold and 404 for an unknown or malformed one', async () => {
    const { holdId } = await activeHold();
    await api.release(holdId);
    expect(await api.checkout(holdId)).toMatchObject({
      status: 409,
      body: { error: 'hold_not_active', status: 'released' },
    });
    expect((await api.checkout(randomUUID())).status).toBe(404);
    expect((await api.checkout('not-a-hold')).status).toBe(404);
  });

  it('answers 400 for a bad customer email', async () => {
    const { holdId } = await activeHold();
    const response = await api.checkout(holdId, randomUUID(), { customer_email: 'x' });
    expect(response.status).toBe(400);
    expect(body(response).fields).toHaveProperty('customer_email');
  });

  it('gives two concurrent checkouts with the same key one order', async () => {
    const { holdId } = await activeHold();
    const key = randomUUID();
    const answers = await Promise.all([api.checkout(holdId, key), api.checkout(holdId, key)]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[0]?.body).toEqual(answers[1]?.body);
  });

  it('serves tRPC callers with the key in the input', async () => {
    const { holdId } = await activeHold();
    const response = await fetch(`${web.baseUrl}/api/trpc/orders.checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotency_key: randomUUID(),
        hold_id: holdId,
        customer_email: BUYER,
      }),
    });
    expect(response.status).toBe(200);
  });
});

describe('orders pass-through', () => {
  it('confirms a pending order (200), and again the same answer', async () => {
    const { orderId } = await pendingOrder();
    const confirm = await api.confirm(orderId);
    expect(confirm).toMatchObject({
      status: 200,
      body: { order_id: orderId, status: 'confirmed' },
    });
    expect(await api.confirm(orderId)).toMatchObject({
      status: 200,
      body: { order_id: orderId, status: 'confirmed' },
    });
    const order = await api.getOrder(orderId);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      order_id: orderId,
      status: 'confirmed',
      total: '100.00',
      customer_email: BUYER,
      items: [{ quantity: 2, unit_price: '50.00' }],
      created_at: expect.any(String),
    });
  });

  it('passes a declined payment through as 402 payment_declined; the order stays pending', async () => {
    const { orderId } = await pendingOrder();
    const declined = await api.confirm(orderId, DECLINED_CARD);
    expect(declined.status).toBe(402);
    expect(body(declined).error).toBe('payment_declined');
    expect(body(await api.getOrder(orderId)).status).toBe('pending');
  });

  it('cancels a pending order; confirming it afterwards is 409 order_not_pending', async () => {
    const { orderId } = await pendingOrder();
    expect(await api.cancel(orderId)).toMatchObject({
      status: 200,
      body: { order_id: orderId, status: 'cancelled' },
    });
    const confirm = await api.confirm(orderId);
    expect(confirm.status).toBe(409);
    expect(body(confirm).error).toBe('order_not_pending');
    expect(body(await api.getOrder(orderId))).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'customer',
    });
  });

  it('answers 409 for cancelling a confirmed order', async () => {
    const { orderId } = await pendingOrder();
    await api.confirm(orderId);
    expect((await api.cancel(orderId)).status).toBe(409);
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'order-1'],
  ])('answers 404 for %s', async (_, id) => {
    expect((await api.getOrder(id)).status).toBe(404);
    expect((await api.confirm(id)).status).toBe(404);
    expect((await api.cancel(id)).status).toBe(404);
  });

  it('answers 400 for a malformed card number', async () => {
    const { orderId } = await pendingOrder();
    const response = await api.confirm(orderId, '12ab');
    expect(response.status).toBe(400);
    expect(body(response).fields).toHaveProperty('card_number');
  });
});
