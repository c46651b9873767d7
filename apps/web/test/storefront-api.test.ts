import { randomUUID } from 'node:crypto';

import { ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { holdSummary } from '../src/server/holds/hold-summary';
import { createCaller } from '../src/server/router';
import { verifyTicketCode } from '../src/server/tickets/ticket-codes';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession } from './support/catalog-fixtures';
import { body, BUYER, buyer, DECLINED_CARD, type OnSale } from './support/purchase-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

/** The procedures the checkout and order pages read: holds.summary, orders.summary, orders.find. */

let web: TestWeb;
let api: ReturnType<typeof buyer>;

beforeAll(async () => {
  web = await startTestWeb();
  api = buyer(web.baseUrl);
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const caller = () => createCaller(createInnerContext(web.deps));

async function onSale() {
  const fixture = await createEventWithSession(web.db, 'Summer Gig');
  return { ...fixture, item: { sessionId: fixture.session.id, ticketTypeId: fixture.vip.id } };
}

async function holdOf(item: OnSale, quantity: number) {
  return String(body(await api.hold(item, quantity)).hold_id);
}

async function orderOf(item: OnSale, quantity: number) {
  const holdId = await holdOf(item, quantity);
  const checkout = await api.checkout(holdId);
  expect(checkout.status).toBe(201);
  return { holdId, orderId: String(body(checkout).order_id) };
}

describe('holds.summary', () => {
  it('names what is held and prices it exactly: 3 × 120.50 = 361.50', async () => {
    const { event, session, item } = await onSale();
    const holdId = await holdOf(item, 3);
    const summary = await caller().holds.summary({ id: holdId });
    expect(summary).toMatchObject({
      hold_id: holdId,
      status: 'active',
      quantity: 3,
      customer_email: BUYER,
      order_id: null,
      event: { id: event.id, name: 'Summer Gig', location: 'Hall' },
      session: { starts_at: session.starts_at, ends_at: session.ends_at },
      ticket_type_name: 'VIP',
      unit_price: '120.50',
      total: '361.50',
    });
    expect(Math.abs(Date.parse(summary.now) - Date.now())).toBeLessThan(5_000);
  });

  it('keeps the price the checkout took after a reprice, and shows the order it became', async () => {
    const { item } = await onSale();
    const { holdId, orderId } = await orderOf(item, 2);
    await web.db
      .update(ticketTypes)
      .set({ price: '999.00' })
      .where(eq(ticketTypes.id, item.ticketTypeId));
    expect(await caller().holds.summary({ id: holdId })).toMatchObject({
      status: 'converted',
      order_id: orderId,
      unit_price: '120.50',
      total: '241.00',
    });
  });

  it('finds the order of a converted hold the web never recorded (a checkout whose answer was lost)', async () => {
    const { item } = await onSale();
    const { holdId, orderId } = await orderOf(item, 1);
    await web.db.update(holds).set({ orderId: null }).where(eq(holds.id, holdId));
    expect(await caller().holds.summary({ id: holdId })).toMatchObject({
      status: 'converted',
      order_id: orderId,
    });
    const [row] = await web.db
      .select({ orderId: holds.orderId })
      .from(holds)
      .where(eq(holds.id, holdId));
    expect(row?.orderId).toBe(orderId);
  });

  it('is served over REST too, and answers 404 for an unknown or malformed id', async () => {
    const { item } = await onSale();
    const holdId = await holdOf(item, 1);
    const rest = await fetch(`${web.baseUrl}/api/holds/${holdId}/summary`);
    expect(rest.status).toBe(200);
    expect(await rest.json()).toMatchObject({ total: '120.50', ticket_type_name: 'VIP' });
    for (const id of [randomUUID(), 'not-a-hold']) {
      const response = await fetch(`${web.baseUrl}/api/holds/${id}/summary`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('says expired as soon as the deadline passes, before the expiry job has run', async () => {
    web.use({ holdTtlSeconds: 2 });
    const { item } = await onSale();
    const holdId = await holdOf(item, 1);
    const later = new Date(Date.now() + 2_500);
    expect((await holdSummary(web.db, holdId, later)).status).toBe('expired');
  });
});

describe('orders.summary', () => {
  it('has no tickets while pending, nor once cancelled', async () => {
    const { item } = await onSale();
    const { orderId } = await orderOf(item, 2);
    const pending = await caller().orders.summary({ id: orderId });
    expect(pending).toMatchObject({
      status: 'pending',
      total: '241.00',
      lines: [{ event_name: 'Summer Gig', ticket_type_name: 'VIP', quantity: 2 }],
      tickets: [],
    });
    expect((await api.confirm(orderId, DECLINED_CARD)).status).toBe(402);
    expect((await caller().orders.summary({ id: orderId })).tickets).toEqual([]);
    expect((await api.cancel(orderId)).status).toBe(200);
    expect(await caller().orders.summary({ id: orderId })).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'customer',
      tickets: [],
    });
  });

  it('issues one signed ticket per seat once confirmed, named from the catalog', async () => {
    const { session, item } = await onSale();
    const { orderId } = await orderOf(item, 3);
    expect((await api.confirm(orderId)).status).toBe(200);
    const summary = await caller().orders.summary({ id: orderId });
    expect(summary.status).toBe('confirmed');
    expect(summary.tickets).toHaveLength(3);
    const prefix = orderId.slice(0, 8).toUpperCase();
    expect(summary.tickets.map((ticket) => ticket.label)).toEqual([
      `${prefix}-01`,
      `${prefix}-02`,
      `${prefix}-03`,
    ]);
    summary.tickets.forEach((ticket, index) => {
      expect(ticket).toMatchObject({
        event_name: 'Summer Gig',
        ticket_type_name: 'VIP',
        starts_at: session.starts_at,
      });
      expect(verifyTicketCode('test-ticket-signing-secret', ticket.code)).toEqual({
        orderId,
        seat: index + 1,
      });
      // Another server secret does not accept it: the code cannot be made from the order id.
      expect(verifyTicketCode('some-other-signing-secret', ticket.code)).toBeNull();
    });
  });

  it('takes the tickets away once the order is refunded', async () => {
    const { item } = await onSale();
    const { orderId } = await orderOf(item, 2);
    expect((await api.confirm(orderId)).status).toBe(200);
    expect((await caller().orders.summary({ id: orderId })).tickets).toHaveLength(2);
    const admin = createCaller(
      createInnerContext(web.deps, { kind: 'session', email: 'admin@example.com' }),
    );
    await admin.admin.orders.refund({ id: orderId });
    expect(await caller().orders.summary({ id: orderId })).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'refunded_by_admin',
      tickets: [],
    });
  });

  it('answers 404 for an unknown or malformed order', async () => {
    for (const id of [randomUUID(), 'nope']) {
      const response = await fetch(`${web.baseUrl}/api/orders/${id}/summary`);
      expect(response.status).toBe(404);
    }
  });
});

describe('orders.find', () => {
  const find = (fields: Record<string, string>) =>
    fetch(`${web.baseUrl}/api/orders/find`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('finds an order by its number and e-mail, whatever the case and spaces', async () => {
    const { item } = await onSale();
    const { orderId } = await orderOf(item, 1);
    expect(
      await caller().orders.find({
        order_id: ` ${orderId.toUpperCase()} `,
        customer_email: 'Buyer@Example.COM',
      }),
    ).toEqual({ order_id: orderId });
    expect(await find({ order_id: orderId, customer_email: BUYER })).toEqual({
      status: 200,
      body: { order_id: orderId },
    });
  });

  it('answers a wrong e-mail exactly like an unknown order: 404 "No such order"', async () => {
    const { item } = await onSale();
    const { orderId } = await orderOf(item, 1);
    const wrongEmail = await find({ order_id: orderId, customer_email: 'someone@example.com' });
    const unknownOrder = await find({ order_id: randomUUID(), customer_email: BUYER });
    const malformed = await find({ order_id: 'ABC-123', customer_email: BUYER });
    expect(wrongEmail).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'No such order' },
    });
    expect(unknownOrder).toEqual(wrongEmail);
    expect(malformed).toEqual(wrongEmail);
  });

  it('answers 400 for a malformed e-mail', async () => {
    const response = await find({ order_id: randomUUID(), customer_email: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty('customer_email');
  });
});
