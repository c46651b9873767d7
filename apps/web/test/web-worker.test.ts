import { randomUUID } from 'node:crypto';

import { holds } from '@ticketing/db/main/holds';
import { waitForJobEnd } from '@ticketing/jobs/testing';
import { createLogger } from '@ticketing/log/logger';
import { freePort } from '@ticketing/runtime/testing/free-port';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject,it } from 'vitest';

import { createTicketType } from '../src/server/catalog/ticket-types';
import { HOLD_EXPIRY_QUEUE } from '../src/server/holds/hold-expiry-queue';
import { convertHold, insertPendingHolds } from '../src/server/holds/hold-store';
import { createInventoryGateway } from '../src/server/inventory/inventory-gateway';
import { reconcileInventory } from '../src/worker/inventory-reconciliation';
import { startWebWorker, type WebWorker } from '../src/worker/start-worker';
import { createEventWithSession } from './support/catalog-fixtures';
import { startTestProxy } from './support/http-proxy';
import {
  body,
  buyer,
  holdStatus,
  inventoryItem,
  type OnSale,
  outboxOf,
  waitFor,
} from './support/purchase-fixtures';
import { TEST_RABBITMQ_URL, testExchange } from './support/test-exchange';
import { startTestWeb, TEST_REDIS_URL, type TestWeb } from './support/web-test-server';

/** This run's exchange: the relay publishes here, and it is deleted at the end. */
const exchange = testExchange();
const logger = createLogger('web-worker-test', 'silent');

let web: TestWeb;
let worker: WebWorker;
let api: ReturnType<typeof buyer>;

beforeAll(async () => {
  web = await startTestWeb();
  api = buyer(web.baseUrl);
  await web.reset();
  worker = await startWebWorker({
    databaseUrl: web.databaseUrl,
    dbPoolSize: 3,
    redisUrl: TEST_REDIS_URL,
    events: { url: TEST_RABBITMQ_URL, exchange: exchange.name, outboxPollMs: 200 },
    inventoryUrl: inject('inventoryUrl'),
    ordersUrl: inject('ordersUrl'),
    inventoryTimeoutMs: 1_500,
    ordersTimeoutMs: 3_000,
    circuitResetMs: 500,
    healthPort: 0,
    // Only the explicit `worker.sweep()` calls sweep during the tests (plus the one at start).
    sweepIntervalMs: 60_000,
    orderlessGraceMs: 0,
    shutdownTimeoutMs: 5_000,
    bullPrefix: web.queuePrefix,
    logger,
  });
});
afterAll(async () => {
  await worker?.stop();
  await web?.close();
  await exchange.remove();
});
beforeEach(() => web.reset());

async function onSale(): Promise<OnSale> {
  const { session, standard } = await createEventWithSession(web.db);
  return { sessionId: session.id, ticketTypeId: standard.id };
}

/** How the hold's expiry job ended (within a few seconds of a short TTL's deadline). */
const holdJobEnd = (holdId: string) =>
  waitForJobEnd({
    name: HOLD_EXPIRY_QUEUE,
    redisUrl: TEST_REDIS_URL,
    prefix: web.queuePrefix,
    jobId: holdId,
    timeoutMs: 8_000,
  });

const pastDeadline = (id: string) =>
  web.db
    .update(holds)
    .set({ expiresAt: new Date(Date.now() - 1_000) })
    .where(eq(holds.id, id));

describe('hold expiry job', () => {
  it('expires an unpaid hold at its deadline (short TTL) and publishes hold.expired with the request id', async () => {
    web.use({ holdTtlSeconds: 1 });
    const item = await onSale();
    const hold = await api.hold(item, 2, { 'x-request-id': 'req-expiring' });
    const id = String(body(hold).hold_id);
    const deadline = Date.parse(String(body(hold).expires_at));

    await waitFor(async () => (await holdStatus(web.db, id)) === 'expired', {
      timeoutMs: 8_000,
      what: 'the hold to expire',
    });
    expect(Date.now() - deadline).toBeLessThan(5_000);
    // The hold's own job expired it (the sweep is not due for a minute): had anything else done
    // it first, the job would have found the hold settled.
    const end = await holdJobEnd(id);
    expect(end).toMatchObject({ event: 'completed', returnvalue: 'expired' });
    expect(end.at.getTime()).toBeGreaterThanOrEqual(deadline - 50);
    expect(end.at.getTime() - deadline).toBeLessThan(2_000);
    const events = await waitFor(
      async () => {
        const rows = await outboxOf(web.db, id);
        return rows.length === 2 && rows.every((row) => row.publishedAt !== null) && rows;
      },
      { what: 'both events published' },
    );
    expect(events.map((event) => event.eventType)).toEqual(['hold.created', 'hold.expired']);
    expect(events[1]).toMatchObject({
      correlationId: 'req-expiring',
      payload: {
        hold_id: id,
        session_id: item.sessionId,
        ticket_type_id: item.ticketTypeId,
        quantity: 2,
      },
    });
    // Expired is final: a checkout now is too late.
    expect((await api.checkout(id)).status).toBe(410);
  });

  it('leaves a hold checked out before its deadline alone', async () => {
    web.use({ holdTtlSeconds: 2 });
    const item = await onSale();
    const hold = await api.hold(item, 1);
    const id = String(body(hold).hold_id);
    const deadline = Date.parse(String(body(hold).expires_at));
    expect((await api.checkout(id)).status).toBe(201);
    // The job did fire, at the deadline, and found the hold checked out.
    const end = await holdJobEnd(id);
    expect(end).toMatchObject({ event: 'completed', returnvalue: 'settled' });
    expect(end.at.getTime()).toBeGreaterThanOrEqual(deadline - 50);
    expect(await holdStatus(web.db, id)).toBe('converted');
    expect((await outboxOf(web.db, id)).map((event) => event.eventType)).toEqual(['hold.created']);
  });
});

describe('hold sweep', () => {
  it('expires active and pending holds past their deadline whose job was lost', async () => {
    const item = await onSale();
    const active = String(body(await api.hold(item, 1)).hold_id);
    await pastDeadline(active);
    const [pending] = await insertPendingHolds(web.db, [
      {
        id: randomUUID(),
        sessionId: item.sessionId,
        ticketTypeId: item.ticketTypeId,
        quantity: 3,
        customerEmail: 'x@example.com',
        expiresAt: new Date(Date.now() - 1_000),
      },
    ]);
    if (!pending) throw new Error('the pending hold was not inserted');
    const fresh = String(body(await api.hold(item, 1)).hold_id);

    await worker.sweep();
    expect(await holdStatus(web.db, active)).toBe('expired');
    expect(await holdStatus(web.db, pending.id)).toBe('expired');
    expect(await holdStatus(web.db, fresh)).toBe('active');
    expect((await outboxOf(web.db, pending.id)).map((event) => event.eventType)).toEqual([
      'hold.expired',
    ]);
  });

  it('expires a converted hold whose order never came (orders has none), with hold.expired', async () => {
    const item = await onSale();
    const id = String(body(await api.hold(item, 2)).hold_id);
    // The checkout converted the hold, then its orders call was lost (timeout, crash).
    expect(await convertHold(web.db, id, randomUUID())).toBeDefined();
    await pastDeadline(id);

    await worker.sweep();
    expect(await holdStatus(web.db, id)).toBe('expired');
    expect((await outboxOf(web.db, id)).map((event) => event.eventType)).toEqual([
      'hold.created',
      'hold.expired',
    ]);
  });

  it('keeps a converted hold whose order exists, and records the order', async () => {
    const item = await onSale();
    const id = String(body(await api.hold(item, 2)).hold_id);
    const orderId = String(body(await api.checkout(id)).order_id);
    // As if the checkout's answer had been lost after orders created the order.
    await web.db.update(holds).set({ orderId: null }).where(eq(holds.id, id));
    await pastDeadline(id);

    await worker.sweep();
    const [row] = await web.db
      .select({ status: holds.status, orderId: holds.orderId })
      .from(holds)
      .where(eq(holds.id, id));
    expect(row).toEqual({ status: 'converted', orderId });
    expect((await outboxOf(web.db, id)).map((event) => event.eventType)).toEqual(['hold.created']);
  });
});

describe('inventory reconciliation', () => {
  it('gives every ticket type its inventory item, retrying until inventory answers', async () => {
    const { session } = await createEventWithSession(web.db);
    // A ticket type written while inventory was away (the dev seed runs before the services).
    const { ticketType } = await createTicketType(
      web.db,
      {
        syncTicketTypeInventory: async () => {},
        getAvailability: async () => new Map(),
      },
      session.id,
      { name: 'Seeded', price: '10.00', quantity: 7 },
    );
    const item: OnSale = { sessionId: session.id, ticketTypeId: ticketType.id };
    expect((await inventoryItem(item)).status).toBe(404);

    const port = await freePort();
    const gateway = createInventoryGateway({
      inventoryUrl: `http://127.0.0.1:${port}`,
      resetTimeoutMs: 100,
    });
    const controller = new AbortController();
    const done = reconcileInventory({
      db: web.db,
      inventory: gateway.client,
      logger,
      signal: controller.signal,
      retryDelayMs: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const proxy = await startTestProxy(inject('inventoryUrl'), port);
    try {
      expect(await done).toEqual({ synced: 1, refused: 0 });
    } finally {
      await proxy.close();
    }
    expect(await inventoryItem(item)).toMatchObject({ total_quantity: 7, available_quantity: 7 });
  });

  it('ran at start-up and the worker answers /healthz', async () => {
    await expect(worker.reconciled).resolves.toEqual({ synced: 0, refused: 0 });
    const response = await fetch(worker.healthUrl);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', rabbitmq: 'connected' });
  });

  it("shows both circuits' states on /metrics", async () => {
    const scrape = await (await fetch(new URL('/metrics', worker.healthUrl))).text();
    expect(scrape).toMatch(/^circuit_breaker_state\{service="inventory",process="web-worker"\} 0$/m);
    expect(scrape).toMatch(/^circuit_breaker_state\{service="orders",process="web-worker"\} 0$/m);
  });
});

describe('outbox relay', () => {
  it('publishes hold events promptly after the commit', async () => {
    const item = await onSale();
    const id = String(body(await api.hold(item, 1)).hold_id);
    await api.release(id);
    const rows = await waitFor(
      async () => {
        const events = await outboxOf(web.db, id);
        return events.length === 2 && events.every((event) => event.publishedAt) && events;
      },
      { timeoutMs: 3_000, what: 'the hold events to be published' },
    );
    expect(rows.map((row) => row.eventType)).toEqual(['hold.created', 'hold.released']);
    const [backlog] = await web.db
      .execute<{ n: number }>(sql`select count(*)::int as n from outbox where published_at is null`)
      .then((result) => result.rows);
    expect(backlog?.n).toBe(0);
  });
});
