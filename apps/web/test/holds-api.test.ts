import { randomUUID } from 'node:crypto';

import { holds } from '@ticketing/db/main/holds';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventWithSession } from './support/catalog-fixtures';
import {
  body,
  BUYER,
  buyer,
  holdStatus,
  inventoryItem,
  type OnSale,
  outboxOf,
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

/** A session with Standard (60 seats, 50.00) and VIP (30 seats); their inventory items exist. */
async function onSale() {
  const { event, session, standard, vip } = await createEventWithSession(web.db);
  const item: OnSale = { sessionId: session.id, ticketTypeId: standard.id };
  return { event, item, vip: { sessionId: session.id, ticketTypeId: vip.id } as OnSale };
}

describe('POST /api/holds', () => {
  it('reserves the seats in inventory, answers 201 active, and writes hold.created with the request id', async () => {
    const { item } = await onSale();
    const started = Date.now();
    const response = await api.hold(item, 3, { 'x-request-id': 'req-hold-1' });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-hold-1');
    const placed = body(response);
    expect(Object.keys(placed).sort()).toEqual(['expires_at', 'hold_id', 'quantity', 'status']);
    expect(placed).toMatchObject({ status: 'active', quantity: 3 });
    const expiresAt = Date.parse(String(placed.expires_at));
    expect(expiresAt - started).toBeGreaterThan(590_000);
    expect(expiresAt - started).toBeLessThan(610_000);

    const holdId = String(placed.hold_id);
    expect(await holdStatus(web.db, holdId)).toBe('active');
    expect(await inventoryItem(item)).toMatchObject({
      total_quantity: 60,
      available_quantity: 57,
      held_quantity: 3,
    });
    const events = await outboxOf(web.db, holdId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'hold.created',
      correlationId: 'req-hold-1',
      payload: {
        hold_id: holdId,
        session_id: item.sessionId,
        ticket_type_id: item.ticketTypeId,
        quantity: 3,
        customer_email: BUYER,
        expires_at: new Date(expiresAt).toISOString(),
      },
    });
  });

  it('gives a request without x-request-id one of its own', async () => {
    const { item } = await onSale();
    const response = await api.hold(item, 1);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [created] = await outboxOf(web.db, String(body(response).hold_id));
    expect(created?.correlationId).toBe(requestId);
  });

  it('answers 409 insufficient_inventory with what is available, and marks the hold rejected', async () => {
    const { item } = await onSale();
    expect((await api.hold(item, 50)).status).toBe(201);
    const refused = await api.hold(item, 11);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      error: 'insufficient_inventory',
      message: expect.any(String),
      available: 10,
    });
    const statuses = await web.db
      .select({ status: holds.status, quantity: holds.quantity })
      .from(holds)
      .orderBy(holds.quantity);
    expect(statuses).toEqual([
      { status: 'rejected', quantity: 11 },
      { status: 'active', quantity: 50 },
    ]);
    expect(await inventoryItem(item)).toMatchObject({ available_quantity: 10, held_quantity: 50 });
    // The last seats can still be held.
    expect((await api.hold(item, 10)).status).toBe(201);
  });

  it('answers 404 for a ticket type that does not exist or belongs to another session', async () => {
    const { item } = await onSale();
    const other = await createEventWithSession(web.db, 'Other gig');
    const unknown = await api.hold({ ...item, ticketTypeId: randomUUID() }, 1);
    expect(unknown.status).toBe(404);
    expect(body(unknown).error).toBe('not_found');
    const mismatched = await api.hold({ ...item, sessionId: other.session.id }, 1);
    expect(mismatched.status).toBe(404);
    expect(await web.db.select({ id: holds.id }).from(holds)).toEqual([]);
  });

  it.each([
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['quantity above the cap', { quantity: 51 }, 'quantity'],
    ['a string quantity', { quantity: '2' }, 'quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'quantity'],
    ['a bad email', { customer_email: 'nobody' }, 'customer_email'],
    ['a malformed session id', { session_id: 'abc' }, 'session_id'],
    ['no ticket type', { ticket_type_id: undefined }, 'ticket_type_id'],
  ])('answers 400 validation_error naming the field for %s', async (_, change, field) => {
    const { item } = await onSale();
    const request = {
      session_id: item.sessionId,
      ticket_type_id: item.ticketTypeId,
      quantity: 2,
      customer_email: BUYER,
      ...change,
    };
    const response = await fetch(`${web.baseUrl}/api/holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; fields: Record<string, string> };
    expect(answer.error).toBe('validation_error');
    expect(Object.keys(answer.fields)).toContain(field);
    expect(await web.db.select({ id: holds.id }).from(holds)).toEqual([]);
  });

  it('coalesces concurrent holds: each answered on its own, one bad hold fails alone, every hold.created written', async () => {
    const { item } = await onSale();
    const attempts = [
      ...Array.from({ length: 12 }, () => api.hold(item, 5)),
      api.hold({ ...item, ticketTypeId: randomUUID() }, 1),
    ];
    const answers = await Promise.all(attempts);
    const statuses = answers.map((response) => response.status);
    // 60 seats, 12 × 5 asked: all placed; the unknown ticket type is a 404 for its buyer only.
    expect(statuses.slice(0, 12)).toEqual(Array.from({ length: 12 }, () => 201));
    expect(statuses[12]).toBe(404);
    expect(await inventoryItem(item)).toMatchObject({ available_quantity: 0, held_quantity: 60 });
    const holdIds = answers.slice(0, 12).map((response) => String(body(response).hold_id));
    expect(new Set(holdIds).size).toBe(12);
    for (const holdId of holdIds) {
      expect(await holdStatus(web.db, holdId)).toBe('active');
      expect((await outboxOf(web.db, holdId)).map((event) => event.eventType)).toEqual([
        'hold.created',
      ]);
    }
    // One more is refused: the item is sold out.
    const late = await api.hold(item, 1);
    expect(late.status).toBe(409);
  });

  it('shows the hold in live availability of the catalog', async () => {
    const { event, item } = await onSale();
    await api.hold(item, 4);
    const sessions = await fetch(`${web.baseUrl}/api/events/${event.id}/sessions`);
    expect(await sessions.json()).toMatchObject({
      results: [{ ticket_types: [{ id: item.ticketTypeId, quantity: 60, available: 56 }, {}] }],
    });
  });

  it('serves the same procedure over tRPC', async () => {
    const { item } = await onSale();
    const response = await fetch(`${web.baseUrl}/api/trpc/holds.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        session_id: item.sessionId,
        ticket_type_id: item.ticketTypeId,
        quantity: 2,
        customer_email: BUYER,
      }),
    });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: Record<string, unknown> } };
    expect(result.data).toMatchObject({ status: 'active', quantity: 2 });
  });
});

describe('GET /api/holds/{id}', () => {
  it('answers the hold', async () => {
    const { item } = await onSale();
    const placed = body(await api.hold(item, 2));
    const response = await api.getHold(String(placed.hold_id));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      hold_id: placed.hold_id,
      status: 'active',
      session_id: item.sessionId,
      ticket_type_id: item.ticketTypeId,
      quantity: 2,
      customer_email: BUYER,
      expires_at: placed.expires_at,
      order_id: null,
      created_at: expect.any(String),
    });
  });

  it('shows an active hold past its deadline as expired before the worker has written it', async () => {
    const { item } = await onSale();
    const id = String(body(await api.hold(item, 2)).hold_id);
    await web.db
      .update(holds)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(holds.id, id));
    expect(body(await api.getHold(id)).status).toBe('expired');
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'not-a-uuid'],
  ])('answers 404 for %s', async (_, id) => {
    const response = await api.getHold(id);
    expect(response.status).toBe(404);
    expect(body(response).error).toBe('not_found');
  });
});

describe('DELETE /api/holds/{id}', () => {
  it('releases an active hold with hold.released (reason customer); a second DELETE is 409', async () => {
    const { item } = await onSale();
    const id = String(body(await api.hold(item, 2)).hold_id);

    const released = await api.release(id);
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ status: 'released' });
    expect(await holdStatus(web.db, id)).toBe('released');
    expect((await outboxOf(web.db, id)).map((event) => event.eventType)).toEqual([
      'hold.created',
      'hold.released',
    ]);
    expect((await outboxOf(web.db, id))[1]?.payload).toEqual({
      hold_id: id,
      session_id: item.sessionId,
      ticket_type_id: item.ticketTypeId,
      quantity: 2,
      reason: 'customer',
    });

    const again = await api.release(id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'hold_not_active', status: 'released' });
    expect(await outboxOf(web.db, id)).toHaveLength(2);
  });

  it('refuses to release a hold past its deadline (409), and a checked-out one', async () => {
    const { item } = await onSale();
    const lapsed = String(body(await api.hold(item, 1)).hold_id);
    await web.db
      .update(holds)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(holds.id, lapsed));
    expect(await api.release(lapsed)).toMatchObject({
      status: 409,
      body: { error: 'hold_not_active', status: 'expired' },
    });

    const bought = String(body(await api.hold(item, 1)).hold_id);
    expect((await api.checkout(bought)).status).toBe(201);
    expect(await api.release(bought)).toMatchObject({
      status: 409,
      body: { error: 'hold_not_active', status: 'converted' },
    });
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'x'],
  ])('answers 404 for %s', async (_, id) => {
    expect((await api.release(id)).status).toBe(404);
  });
});
