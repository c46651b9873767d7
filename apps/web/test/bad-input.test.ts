import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventWithSession } from './support/catalog-fixtures';
import { body, BUYER, buyer, type OnSale } from './support/purchase-fixtures';
import { adminHeaders, call, startTestWeb, type TestWeb } from './support/web-test-server';

/** Bad input is a 400 naming the field, never a 500, and never trips a circuit (issue 12). */
let web: TestWeb;
let api: ReturnType<typeof buyer>;

beforeAll(async () => {
  web = await startTestWeb();
  api = buyer(web.baseUrl);
});
afterAll(() => web.close());
beforeEach(() => web.reset());

async function onSale() {
  const { session, standard } = await createEventWithSession(web.db);
  return { sessionId: session.id, ticketTypeId: standard.id } as OnSale;
}

describe('control characters in text', () => {
  it('a NUL in customer_name at checkout is a 400 naming it; 20 of them leave the orders circuit closed', async () => {
    const item = await onSale();
    const hold = body(await api.hold(item, 1));
    for (let i = 0; i < 20; i++) {
      const refused = await api.checkout(String(hold.hold_id), undefined, {
        customer_email: BUYER,
        customer_name: `Ada\u0000 ${i}`,
      });
      expect(refused.status).toBe(400);
      expect(body(refused)).toMatchObject({
        error: 'validation_error',
        fields: { customer_name: 'must not contain control characters' },
      });
    }
    expect(web.deps.orders.circuitState()).toBe('closed');
    const checkout = await api.checkout(String(hold.hold_id));
    expect(checkout.status).toBe(201);
  });

  it('the orders service itself answers a NUL with a 400, not a 500', async () => {
    const item = await onSale();
    const hold = body(await api.hold(item, 1));
    const refused = await web.deps.orders
      .create({
        idempotency_key: 'nul-test-key',
        customer_email: BUYER,
        customer_name: 'Ada\u0000',
        hold_id: String(hold.hold_id),
        items: [
          {
            session_id: item.sessionId,
            ticket_type_id: item.ticketTypeId,
            quantity: 1,
            unit_price: '50.00',
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'validation_error' });
    expect(web.deps.orders.circuitState()).toBe('closed');
  });

  it('admin text fields: a 400 naming the field; a description may hold line breaks and tabs', async () => {
    const create = (fields: Record<string, unknown>) =>
      call(web.baseUrl, 'POST', '/api/admin/events', {
        body: { name: 'Gig', description: 'Live', location: 'Hall', ...fields },
        headers: adminHeaders,
      });
    for (const [field, value] of [
      ['name', 'Gig\u0000'],
      ['location', 'Hall\u0085'],
      ['description', 'Live\u0000'],
      ['description', 'Live\r\n'],
      ['name', 'Gig\ud800'],
      ['image_url', '/images/\u0000.svg'],
    ] as const) {
      const refused = await create({ [field]: value });
      expect(refused.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect(body(refused)).toMatchObject({
        error: 'validation_error',
        fields: { [field]: expect.any(String) },
      });
    }
    const created = await create({ description: 'Doors 19:00\n\tBar open' });
    expect(created.status).toBe(201);
    expect(body(created).description).toBe('Doors 19:00\n\tBar open');
  });
});

describe('money limits', () => {
  it('the admin cannot save a price the orders service would refuse', async () => {
    const { session } = await createEventWithSession(web.db);
    const refused = await call(
      web.baseUrl,
      'POST',
      `/api/admin/sessions/${session.id}/ticket-types`,
      {
        body: { name: 'Gold', price: '100000.00', quantity: 5 },
        headers: adminHeaders,
      },
    );
    expect(refused.status).toBe(400);
    expect(body(refused)).toMatchObject({
      error: 'validation_error',
      fields: { price: expect.any(String) },
    });
  });

  it('the highest price the admin may save can be held and checked out', async () => {
    const { session } = await createEventWithSession(web.db);
    const created = await call(
      web.baseUrl,
      'POST',
      `/api/admin/sessions/${session.id}/ticket-types`,
      {
        body: { name: 'Gold', price: '99999.99', quantity: 5 },
        headers: adminHeaders,
      },
    );
    expect(created.status).toBe(201);
    const item = { sessionId: session.id, ticketTypeId: String(body(created).id) } as OnSale;
    const hold = body(await api.hold(item, 2));
    const checkout = await api.checkout(String(hold.hold_id));
    expect(checkout.status).toBe(201);
    expect(body(checkout).total).toBe('199999.98');
  });
});

describe('one body limit', () => {
  const big = 'x'.repeat(70 * 1024);
  it.each([
    ['REST', '/api/holds'],
    ['REST admin', '/api/admin/events'],
    ['tRPC', '/api/trpc/holds.create'],
    ['tRPC admin', '/api/trpc/admin.events.create'],
  ])('%s answers 413 payload_too_large', async (_kind, path) => {
    const response = await call(web.baseUrl, 'POST', path, {
      body: { name: big, customer_email: BUYER },
      headers: adminHeaders,
    });
    expect(response.status).toBe(413);
    const answer = body(response);
    const error =
      typeof answer.error === 'object' ? (answer.error as Record<string, unknown>) : answer;
    expect(error).toMatchObject({ error: 'payload_too_large', message: expect.any(String) });
  });
});
