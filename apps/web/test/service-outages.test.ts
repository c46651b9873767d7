import { randomUUID } from 'node:crypto';

import { createDatabase } from '@ticketing/db/client';
import { ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { freePort } from '@ticketing/runtime/testing/free-port';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject,it } from 'vitest';

import { createInventoryGateway } from '../src/server/inventory/inventory-gateway';
import { createOrdersGateway } from '../src/server/orders/orders-gateway';
import { ServiceUnavailableError } from '../src/server/remote/guarded-client';
import { createEventWithSession } from './support/catalog-fixtures';
import { startTestProxy } from './support/http-proxy';
import { body, buyer, holdStatus, inventoryItem, type OnSale } from './support/purchase-fixtures';
import { startServiceProcess } from './support/service-process';
import { adminHeaders, call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
let api: ReturnType<typeof buyer>;

beforeAll(async () => {
  web = await startTestWeb();
  api = buyer(web.baseUrl);
});
afterAll(() => web.close());
beforeEach(() => web.reset());

async function onSale() {
  const { event, session, standard } = await createEventWithSession(web.db);
  return { event, item: { sessionId: session.id, ticketTypeId: standard.id } as OnSale };
}

/** A URL where nothing listens: every call is refused. */
const closedUrl = async () => `http://127.0.0.1:${await freePort()}`;

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

describe('inventory down', () => {
  it('answers POST /api/holds 503 inventory_unavailable in well under a second, with no active hold left; holds work again once it is back', async () => {
    const { item } = await onSale();
    // An inventory of this test's own, on the run's database, that can be killed.
    const own = await startServiceProcess('inventory', {
      DATABASE_URL_INVENTORY: inject('inventoryDatabaseUrl'),
      DB_POOL_SIZE: '2',
    });
    const gateway = createInventoryGateway({ inventoryUrl: own.url, resetTimeoutMs: 300 });
    web.use({ inventory: gateway });
    try {
      expect((await api.hold(item, 1)).status).toBe(201);
      await own.kill();

      for (let attempt = 0; attempt < 8; attempt++) {
        const { result, ms } = await timed(() => api.hold(item, 2));
        expect(result.status).toBe(503);
        expect(result.body).toEqual({
          error: 'inventory_unavailable',
          message: expect.any(String),
        });
        expect(ms).toBeLessThan(1_000);
      }
      // The breaker opened: calls now fail without trying.
      expect(gateway.client.circuitState()).toBe('open');

      const rows = await web.db
        .select({ status: holds.status, quantity: holds.quantity })
        .from(holds)
        .where(eq(holds.ticketTypeId, item.ticketTypeId));
      expect(rows.filter((row) => row.status === 'active')).toEqual([
        { status: 'active', quantity: 1 },
      ]);
      // The refused attempts are pending holds the expiry job will end (hold.expired).
      expect(rows.filter((row) => row.status === 'pending')).toHaveLength(8);
    } finally {
      await own.kill();
    }

    // Back: the run's inventory on the same database, behind the same breaker once it half-opens.
    web.use({
      inventory: createInventoryGateway({ inventoryUrl: inject('inventoryUrl') }),
    });
    expect((await api.hold(item, 2)).status).toBe(201);
  });

  it('opens the circuit on refusals but never on domain errors (409s pass through)', async () => {
    const { item } = await onSale();
    const gateway = createInventoryGateway({ inventoryUrl: inject('inventoryUrl') });
    web.use({ inventory: gateway });
    expect((await api.hold(item, 50)).status).toBe(201);
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await api.hold(item, 11)).status).toBe(409);
    }
    expect(gateway.client.circuitState()).toBe('closed');
    expect((await api.hold(item, 1)).status).toBe(201);
  });

  it('a silent inventory times out as 503 and leaves the hold pending', async () => {
    const { item } = await onSale();
    const proxy = await startTestProxy(inject('inventoryUrl'));
    proxy.setDelay(1_000);
    web.use({ inventory: createInventoryGateway({ inventoryUrl: proxy.url, timeoutMs: 200 }) });
    try {
      const { result, ms } = await timed(() => api.hold(item, 1));
      expect(result.status).toBe(503);
      expect(body(result).error).toBe('inventory_unavailable');
      expect(ms).toBeLessThan(800);
      const [row] = await web.db.select({ status: holds.status }).from(holds);
      expect(row?.status).toBe('pending');
    } finally {
      await proxy.close();
    }
  });

  it('keeps the catalog up: availability falls back to the last counts seen instead of a 500', async () => {
    const { event, item } = await onSale();
    const proxy = await startTestProxy(inject('inventoryUrl'));
    web.use({
      inventory: createInventoryGateway({ inventoryUrl: proxy.url, availabilityFreshForMs: 0 }),
    });
    await api.hold(item, 5);
    const path = `/api/events/${event.id}/sessions`;
    const live = await call(web.baseUrl, 'GET', path);
    expect(live.body).toMatchObject({ results: [{ ticket_types: [{ available: 55 }, {}] }] });

    await proxy.close();
    const down = await call(web.baseUrl, 'GET', path);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ results: [{ ticket_types: [{ available: 55 }, {}] }] });

    // A process that never saw the session serves the full quantity.
    web.use({ inventory: createInventoryGateway({ inventoryUrl: await closedUrl() }) });
    const unseen = await call(web.baseUrl, 'GET', path);
    expect(unseen.status).toBe(200);
    expect(unseen.body).toMatchObject({ results: [{ ticket_types: [{ available: 60 }, {}] }] });
  });

  it('refuses an admin ticket type with 503 while inventory is down, and writes nothing', async () => {
    const { event } = await onSale();
    web.use({ inventory: createInventoryGateway({ inventoryUrl: await closedUrl() }) });
    const sessions = await call(web.baseUrl, 'GET', `/api/events/${event.id}/sessions`);
    const sessionId = String((sessions.body as { results: { id: string }[] }).results[0]?.id);
    const created = await call(
      web.baseUrl,
      'POST',
      `/api/admin/sessions/${sessionId}/ticket-types`,
      {
        body: { name: 'Late', price: '5.00', quantity: 5 },
        headers: adminHeaders,
      },
    );
    expect(created.status).toBe(503);
    expect(body(created).error).toBe('inventory_unavailable');
    const names = await web.db
      .select({ name: ticketTypes.name })
      .from(ticketTypes)
      .where(eq(ticketTypes.sessionId, sessionId));
    expect(names.map((row) => row.name).sort()).toEqual(['Standard', 'VIP']);
  });
});

describe('admin ticket types against the real inventory', () => {
  it('creates the inventory item before answering, and passes a shrink below held + committed through as 409', async () => {
    const { item } = await onSale();
    const sessionId = item.sessionId;
    const created = await call(
      web.baseUrl,
      'POST',
      `/api/admin/sessions/${sessionId}/ticket-types`,
      {
        body: { name: 'Balcony', price: '20.00', quantity: 8 },
        headers: adminHeaders,
      },
    );
    expect(created.status).toBe(201);
    const balcony: OnSale = { sessionId, ticketTypeId: String(body(created).id) };
    expect(await inventoryItem(balcony)).toMatchObject({
      status: 200,
      total_quantity: 8,
      available_quantity: 8,
    });

    expect((await api.hold(balcony, 6)).status).toBe(201);
    const shrink = await call(
      web.baseUrl,
      'PATCH',
      `/api/admin/ticket-types/${balcony.ticketTypeId}`,
      {
        body: { quantity: 5 },
        headers: adminHeaders,
      },
    );
    expect(shrink.status).toBe(409);
    expect(body(shrink).error).toBe('quantity_below_reserved');
    const grow = await call(
      web.baseUrl,
      'PATCH',
      `/api/admin/ticket-types/${balcony.ticketTypeId}`,
      {
        body: { quantity: 10 },
        headers: adminHeaders,
      },
    );
    expect(grow.status).toBe(200);
    expect(await inventoryItem(balcony)).toMatchObject({
      total_quantity: 10,
      available_quantity: 4,
    });
    const [row] = await web.db
      .select({ quantity: ticketTypes.quantity })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, balcony.ticketTypeId));
    expect(row?.quantity).toBe(10);
  });
});

describe('orders down', () => {
  it('answers checkout 503 orders_unavailable and puts the hold back to active: a retry works once orders is back', async () => {
    const { item } = await onSale();
    const holdId = String(body(await api.hold(item, 2)).hold_id);
    web.use({ orders: createOrdersGateway({ ordersUrl: await closedUrl() }) });
    const key = randomUUID();
    const { result, ms } = await timed(() => api.checkout(holdId, key));
    expect(result.status).toBe(503);
    expect(body(result).error).toBe('orders_unavailable');
    expect(ms).toBeLessThan(1_000);
    // Orders never got the request: the hold is checkable again, under any key.
    expect(await holdStatus(web.db, holdId)).toBe('active');

    web.use({ orders: createOrdersGateway({ ordersUrl: inject('ordersUrl') }) });
    expect((await api.checkout(holdId, key)).status).toBe(201);
  });

  it('on a timeout (outcome unknown) keeps the hold converted; the retry with the same key finds the order orders did create', async () => {
    const { item } = await onSale();
    const holdId = String(body(await api.hold(item, 2)).hold_id);
    const proxy = await startTestProxy(inject('ordersUrl'));
    proxy.setDelay(1_000);
    web.use({ orders: createOrdersGateway({ ordersUrl: proxy.url, timeoutMs: 300 }) });
    const key = randomUUID();
    try {
      const timedOut = await api.checkout(holdId, key);
      expect(timedOut.status).toBe(503);
      expect(body(timedOut).error).toBe('orders_unavailable');
      expect(await holdStatus(web.db, holdId)).toBe('converted');

      // Orders did create it, under that key.
      const orders = createDatabase({
        url: inject('ordersDatabaseUrl'),
        poolSize: 1,
        applicationName: 'web-test',
      });
      let rows: { id: string }[];
      try {
        ({ rows } = await orders.execute<{ id: string }>(
          sql`select id from orders where hold_id = ${holdId}`,
        ));
      } finally {
        await orders.$client.end();
      }
      expect(rows).toHaveLength(1);

      proxy.setDelay(0);
      const retry = await api.checkout(holdId, key);
      expect(retry.status).toBe(201);
      expect(body(retry).order_id).toBe(rows[0]?.id);
      // Another key is refused: the hold backs one order.
      expect((await api.checkout(holdId, randomUUID())).status).toBe(409);
    } finally {
      await proxy.close();
    }
  });

  it('passes 503 through for confirm, cancel and get while orders is down', async () => {
    web.use({ orders: createOrdersGateway({ ordersUrl: await closedUrl() }) });
    const id = randomUUID();
    for (const response of [await api.confirm(id), await api.cancel(id), await api.getOrder(id)]) {
      expect(response.status).toBe(503);
      expect(body(response).error).toBe('orders_unavailable');
    }
  });
});

describe('request id forwarding', () => {
  it('sends the public request id to inventory and orders', async () => {
    const { item } = await onSale();
    const inventoryProxy = await startTestProxy(inject('inventoryUrl'));
    const ordersProxy = await startTestProxy(inject('ordersUrl'));
    web.use({
      inventory: createInventoryGateway({ inventoryUrl: inventoryProxy.url }),
      orders: createOrdersGateway({ ordersUrl: ordersProxy.url }),
    });
    try {
      const hold = await api.hold(item, 1, { 'x-request-id': 'trace-hold' });
      await call(web.baseUrl, 'POST', '/api/checkout', {
        body: { hold_id: body(hold).hold_id, customer_email: 'a@example.com' },
        headers: { 'idempotency-key': randomUUID(), 'x-request-id': 'trace-checkout' },
      });
      expect(inventoryProxy.seen.map((headers) => headers['x-request-id'])).toEqual(['trace-hold']);
      expect(ordersProxy.seen.map((headers) => headers['x-request-id'])).toEqual([
        'trace-checkout',
      ]);
    } finally {
      await inventoryProxy.close();
      await ordersProxy.close();
    }
  });
});

describe('ServiceUnavailableError', () => {
  it('tells a refused call (not sent) from a timed-out one (outcome unknown)', async () => {
    const refused = createOrdersGateway({ ordersUrl: await closedUrl() });
    await expect(refused.get({ id: randomUUID() })).rejects.toMatchObject({
      code: 'orders_unavailable',
      outcome: 'not_sent',
    });
    const proxy = await startTestProxy(inject('ordersUrl'));
    proxy.setDelay(500);
    try {
      const slow = createOrdersGateway({ ordersUrl: proxy.url, timeoutMs: 100 });
      const error: unknown = await slow
        .get({ id: randomUUID() })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error).toMatchObject({ outcome: 'unknown' });
    } finally {
      await proxy.close();
    }
  });
});
