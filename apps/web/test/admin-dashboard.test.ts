import { randomUUID } from 'node:crypto';

import { connectBroker } from '@ticketing/events/connection';
import { consumerQueues, deadLetterQueueName,declareTopology } from '@ticketing/events/topology';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventBusAdmin, type EventBusAdmin } from '../src/server/admin/event-bus';
import { createEventWithSession } from './support/catalog-fixtures';
import { body, buyer, inventoryItem } from './support/purchase-fixtures';
import {
  adminHeaders,
  call,
  startTestWeb,
  testAuth,
  type TestWeb,
} from './support/web-test-server';

let web: TestWeb;
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

type Headers = Record<string, string>;

/** One tRPC call over HTTP; answers the status and the data (or the error body). */
async function trpc(
  path: string,
  input: unknown,
  {
    kind = 'query',
    headers = adminHeaders,
  }: { kind?: 'query' | 'mutation'; headers?: Headers } = {},
) {
  const response =
    kind === 'query'
      ? await call(
          web.baseUrl,
          'GET',
          `/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          { headers },
        )
      : await call(web.baseUrl, 'POST', `/api/trpc/${path}`, { body: input ?? {}, headers });
  const json = response.body as { result?: { data?: unknown }; error?: unknown };
  return { status: response.status, data: json.result?.data as never, error: json.error };
}

/** A confirmed order of `quantity` Standard seats, bought through the public API. */
async function sale(
  onSale: { sessionId: string; ticketTypeId: string },
  quantity: number,
  email: string,
) {
  const shop = buyer(web.baseUrl);
  const hold = body(await shop.hold(onSale, quantity));
  const checkout = await call(web.baseUrl, 'POST', '/api/checkout', {
    body: { hold_id: hold.hold_id, customer_email: email, customer_name: 'Ada Buyer' },
    headers: { 'idempotency-key': randomUUID() },
  });
  const orderId = body(checkout).order_id as string;
  return { orderId, holdId: hold.hold_id as string, confirm: () => shop.confirm(orderId) };
}

describe('every admin dashboard procedure refuses an anonymous or expired session (401)', () => {
  const queries: [string, unknown][] = [
    ['admin.orders.list', {}],
    ['admin.orders.get', { id: randomUUID() }],
    ['admin.stats.overview', {}],
    ['admin.inventory.items', {}],
    ['admin.eventBus.overview', undefined],
    ['admin.eventBus.deadLetters', { queue: 'inventory' }],
  ];
  const mutations: [string, unknown][] = [
    ['admin.orders.refund', { id: randomUUID() }],
    ['admin.orders.cancel', { id: randomUUID() }],
    ['admin.eventBus.replay', { queue: 'inventory', id: randomUUID() }],
    ['admin.eventBus.discard', { queue: 'inventory', id: randomUUID() }],
  ];

  it('anonymous, expired and forged', async () => {
    const expired = await encode({
      token: { email: 'admin@example.com' },
      secret: testAuth.nextAuthSecret,
      maxAge: -60,
    });
    const forged = await encode({
      token: { email: 'admin@example.com' },
      secret: 'another-secret-0123456789',
    });
    const visitors: Headers[] = [
      {},
      { cookie: `next-auth.session-token=${expired}` },
      { cookie: `next-auth.session-token=${forged}` },
    ];
    for (const headers of visitors) {
      for (const [path, input] of queries) {
        const answer = await trpc(path, input, { headers });
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.data).toBeUndefined();
      }
      for (const [path, input] of mutations) {
        expect((await trpc(path, input, { kind: 'mutation', headers })).status).toBe(401);
      }
      expect((await call(web.baseUrl, 'GET', '/api/admin/orders', { headers })).status).toBe(401);
      const refund = await call(web.baseUrl, 'POST', `/api/admin/orders/${randomUUID()}/refund`, {
        headers,
      });
      expect(refund.status).toBe(401);
      expect(refund.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
    }
  });

  it('a live session is let in', async () => {
    const live = await encode({
      token: { email: 'admin@example.com' },
      secret: testAuth.nextAuthSecret,
    });
    const answer = await trpc(
      'admin.inventory.items',
      {},
      { headers: { cookie: `next-auth.session-token=${live}` } },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual([]);
  });
});

describe('orders', () => {
  it('lists by e-mail, event and status with names; details with history and events; refund once', async () => {
    const { event, session, standard } = await createEventWithSession(web.db, 'Refund Fest');
    const other = await createEventWithSession(web.db, 'Other Fest');
    const onSale = { sessionId: session.id, ticketTypeId: standard.id };
    const email = `Grace.${randomUUID().slice(0, 6)}@Example.com`;
    const paid = await sale(onSale, 2, email);
    expect((await paid.confirm()).status).toBe(200);
    const pending = await sale(onSale, 1, 'someone@example.com');
    await sale({ sessionId: other.session.id, ticketTypeId: other.standard.id }, 1, email);

    const byEvent = await trpc('admin.orders.list', { event_id: event.id });
    expect(byEvent.status).toBe(200);
    const page = byEvent.data as { results: { order_id: string }[]; next_cursor: string | null };
    expect(page.results.map((order) => order.order_id)).toEqual([pending.orderId, paid.orderId]);
    const found = (await trpc('admin.orders.list', { q: email.toLowerCase(), event_id: event.id }))
      .data as {
      results: unknown[];
    };
    expect(found.results).toEqual([
      expect.objectContaining({
        order_id: paid.orderId,
        status: 'confirmed',
        total: '100.00',
        customer_email: email,
        customer_name: 'Ada Buyer',
        items: [
          expect.objectContaining({
            session_id: session.id,
            ticket_type_id: standard.id,
            quantity: 2,
            unit_price: '50.00',
            event_name: 'Refund Fest',
            ticket_type_name: 'Standard',
          }),
        ],
      }),
    ]);
    const confirmedOnly = (
      await trpc('admin.orders.list', { event_id: event.id, status: 'pending' })
    ).data as {
      results: { order_id: string }[];
    };
    expect(confirmedOnly.results.map((order) => order.order_id)).toEqual([pending.orderId]);
    // Pages of one: the cursor walks on.
    const first = (await trpc('admin.orders.list', { event_id: event.id, limit: 1 })).data as {
      results: { order_id: string }[];
      next_cursor: string;
    };
    const second = (
      await trpc('admin.orders.list', { event_id: event.id, limit: 1, cursor: first.next_cursor })
    ).data as { results: { order_id: string }[]; next_cursor: string | null };
    expect([...first.results, ...second.results].map((order) => order.order_id)).toEqual([
      pending.orderId,
      paid.orderId,
    ]);
    expect(second.next_cursor).toBeNull();
    // Sorted by the orders service: the 100.00 order before the 50.00 one, over REST too.
    const byTotal = (await trpc('admin.orders.list', { event_id: event.id, sort: 'total_desc' }))
      .data as { results: { order_id: string }[] };
    expect(byTotal.results.map((order) => order.order_id)).toEqual([paid.orderId, pending.orderId]);
    const lowestFirst = await call(
      web.baseUrl,
      'GET',
      `/api/admin/orders?event_id=${event.id}&sort=total_asc`,
      { headers: adminHeaders },
    );
    expect(
      (lowestFirst.body as { results: { order_id: string }[] }).results.map((o) => o.order_id),
    ).toEqual([pending.orderId, paid.orderId]);

    // REST, Bearer token, query string.
    const rest = await call(
      web.baseUrl,
      'GET',
      `/api/admin/orders?q=${encodeURIComponent(email)}&event_id=${event.id}&status=confirmed`,
      {
        headers: adminHeaders,
      },
    );
    expect(rest.status).toBe(200);
    expect(
      (rest.body as { results: { order_id: string }[] }).results.map((o) => o.order_id),
    ).toEqual([paid.orderId]);

    const refund = await call(web.baseUrl, 'POST', `/api/admin/orders/${paid.orderId}/refund`, {
      headers: adminHeaders,
    });
    expect(refund).toMatchObject({
      status: 200,
      body: { order_id: paid.orderId, status: 'cancelled', refund_status: 'refunded' },
    });
    const again = await trpc('admin.orders.refund', { id: paid.orderId }, { kind: 'mutation' });
    expect(again.data).toEqual({
      order_id: paid.orderId,
      status: 'cancelled',
      refund_status: 'refunded',
    });
    const notConfirmed = await call(
      web.baseUrl,
      'POST',
      `/api/admin/orders/${pending.orderId}/refund`,
      {
        headers: adminHeaders,
      },
    );
    expect(notConfirmed).toMatchObject({ status: 409, body: { error: 'order_not_confirmed' } });

    const detail = (await trpc('admin.orders.get', { id: paid.orderId })).data as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({
      order_id: paid.orderId,
      status: 'cancelled',
      cancel_reason: 'refunded_by_admin',
      payment: { status: 'refunded', amount: '100.00' },
      history: [
        { status: 'pending', reason: null },
        { status: 'confirmed', reason: null },
        { status: 'cancelled', reason: 'refunded_by_admin' },
      ],
    });
    expect((detail.events as { event_type: string }[]).map((e) => e.event_type)).toEqual([
      'order.confirmed',
      'order.cancelled',
    ]);
    // The buyer's order page shows the refund.
    expect(body(await buyer(web.baseUrl).getOrder(paid.orderId))).toMatchObject({
      status: 'cancelled',
    });

    expect(
      (await trpc('admin.orders.cancel', { id: pending.orderId }, { kind: 'mutation' })).data,
    ).toEqual({
      order_id: pending.orderId,
      status: 'cancelled',
    });
    expect((await trpc('admin.orders.get', { id: 'nope' })).status).toBe(404);
  });
});

describe('stats and inventory', () => {
  it('the dashboard moves with a sale; inventory rows per ticket type', async () => {
    const { event, session, standard, vip } = await createEventWithSession(web.db, 'Stats Fest');
    const onSale = { sessionId: session.id, ticketTypeId: standard.id };
    const before = (await trpc('admin.stats.overview', { event_id: event.id, days: 7 }))
      .data as Record<string, unknown>;
    expect(before).toMatchObject({
      tickets_sold: 0,
      revenue: '0.00',
      orders_today: 0,
      holds_active: 0,
      conversion: 0,
    });
    expect((before.per_day as unknown[]).length).toBe(7);

    const first = await sale(onSale, 3, 'a@example.com');
    await first.confirm();
    await sale(onSale, 1, 'b@example.com');
    await buyer(web.baseUrl).hold(onSale, 2);

    const after = (await trpc('admin.stats.overview', { event_id: event.id, days: 7 })).data as {
      per_day: { day: string; tickets: number; revenue: string }[];
      [key: string]: unknown;
    };
    const today = new Date().toISOString().slice(0, 10);
    expect(after).toMatchObject({
      tickets_sold: 3,
      revenue: '150.00',
      orders_today: 2,
      holds_active: 1,
    });
    expect(after.conversion).toBeCloseTo(1 / 3, 3);
    expect(after.per_day.at(-1)).toEqual({ day: today, tickets: 3, revenue: '150.00' });
    expect(after.by_status).toEqual([
      { status: 'pending', count: 1 },
      { status: 'confirmed', count: 1 },
      { status: 'cancelled', count: 0 },
    ]);
    // Seats: inventory has not consumed order.confirmed here (no consumer), so all 6 are held.
    expect(after.sell_through).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ticket_type_id: standard.id,
          name: 'Standard',
          event_name: 'Stats Fest',
          sold: 0,
          held: 6,
          available: 54,
        }),
        expect.objectContaining({
          ticket_type_id: vip.id,
          name: 'VIP',
          sold: 0,
          held: 0,
          available: 30,
        }),
      ]),
    );

    const rows = (await trpc('admin.inventory.items', { event_id: event.id })).data as Record<
      string,
      unknown
    >[];
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          event_id: event.id,
          event_name: 'Stats Fest',
          session_id: session.id,
          starts_at: session.starts_at,
          ticket_type_id: standard.id,
          name: 'Standard',
          total: 60,
          available: 54,
          held: 6,
          committed: 0,
        },
        expect.objectContaining({ ticket_type_id: vip.id, total: 30, available: 30 }),
      ]),
    );
    expect(rows).toHaveLength(2);
    expect((await trpc('admin.stats.overview', { event_id: randomUUID() })).data).toMatchObject({
      tickets_sold: 0,
      sell_through: [],
    });
  });
});

describe('ticket type deletion', () => {
  it('retires the inventory item with the ticket type', async () => {
    const { vip, session } = await createEventWithSession(web.db, 'Delete Fest');
    const item = { sessionId: session.id, ticketTypeId: vip.id };
    expect(await inventoryItem(item)).toMatchObject({ status: 200 });
    const deleted = await call(web.baseUrl, 'DELETE', `/api/admin/ticket-types/${vip.id}`, {
      headers: adminHeaders,
    });
    expect(deleted.status).toBe(204);
    expect(await inventoryItem(item)).toMatchObject({ status: 404 });
  });
});

describe('event bus', () => {
  let eventBus: EventBusAdmin;
  const prefix = `test.web-admin.${randomUUID().slice(0, 8)}.`;
  const exchange = `test.web-admin.${randomUUID().slice(0, 8)}.events`;

  beforeAll(async () => {
    const connection = await connectBroker({ url: RABBITMQ_URL });
    await connection.waitForConnect();
    const channel = await connection.createConfirmChannel();
    await declareTopology(channel, {
      exchange,
      consumers: Object.values(consumerQueues).map((topology) => ({
        ...topology,
        queue: `${prefix}${topology.queue}`,
      })),
      retryDelaysMs: [50],
    });
    const letter = (eventId: string) =>
      Buffer.from(
        JSON.stringify({
          event_id: eventId,
          event_type: 'order.cancelled',
          occurred_at: new Date().toISOString(),
          aggregate_id: randomUUID(),
          idempotency_key: null,
          payload: { order_id: randomUUID(), hold_id: randomUUID(), reason: 'refunded_by_admin' },
        }),
      );
    for (const id of [replayId, discardId]) {
      channel.sendToQueue(deadLetterQueueName(`${prefix}inventory.events`), letter(id), {
        persistent: true,
        headers: {
          'x-attempt': 3,
          'x-error': 'boom',
          'x-dead-lettered-at': '2026-12-01T00:00:00.000Z',
        },
      });
    }
    await channel.waitForConfirms();
    await channel.close();
    await connection.close();
    eventBus = createEventBusAdmin({ rabbitmqUrl: RABBITMQ_URL, queuePrefix: prefix });
  });
  const replayId = randomUUID();
  const discardId = randomUUID();
  afterAll(async () => {
    const connection = await connectBroker({ url: RABBITMQ_URL });
    await connection.waitForConnect();
    const channel = await connection.createChannel();
    for (const { queue } of Object.values(consumerQueues)) {
      for (const name of [
        `${prefix}${queue}`,
        deadLetterQueueName(`${prefix}${queue}`),
        `${prefix}${queue}.retry.50ms`,
      ]) {
        await channel.deleteQueue(name).catch(() => {});
      }
    }
    await channel.deleteExchange(exchange).catch(() => {});
    await channel.deleteExchange(`${exchange}.retry`).catch(() => {});
    await connection.close();
    await eventBus.close();
  });

  it('shows outboxes and queues, lists dead letters, replays one and discards another', async () => {
    web.use({ eventBus });
    const overview = (await trpc('admin.eventBus.overview', undefined)).data as {
      outboxes: { service: string; available: boolean; unpublished: number }[];
      queues: { queue: string; depth: number; dead_letters: number }[];
    };
    expect(overview.outboxes.map((o) => [o.service, o.available])).toEqual([
      ['web', true],
      ['inventory', true],
      ['orders', true],
    ]);
    expect(overview.queues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          queue: 'inventory',
          queue_name: `${prefix}inventory.events`,
          depth: 0,
          dead_letters: 2,
          exists: true,
        }),
        expect.objectContaining({ queue: 'orders', dead_letters: 0 }),
      ]),
    );

    const letters = (await trpc('admin.eventBus.deadLetters', { queue: 'inventory' }))
      .data as Record<string, unknown>[];
    expect(letters).toEqual([
      expect.objectContaining({
        id: replayId,
        event_id: replayId,
        event_type: 'order.cancelled',
        error: 'boom',
        attempts: 3,
        dead_lettered_at: '2026-12-01T00:00:00.000Z',
      }),
      expect.objectContaining({ id: discardId }),
    ]);

    const replayed = await trpc(
      'admin.eventBus.replay',
      { queue: 'inventory', id: replayId },
      { kind: 'mutation' },
    );
    expect(replayed.data).toEqual({ queue: 'inventory', id: replayId, status: 'replayed' });
    const discarded = await trpc(
      'admin.eventBus.discard',
      { queue: 'inventory', id: discardId },
      { kind: 'mutation' },
    );
    expect(discarded.data).toEqual({ queue: 'inventory', id: discardId, status: 'discarded' });
    expect(
      (
        await trpc(
          'admin.eventBus.replay',
          { queue: 'inventory', id: replayId },
          { kind: 'mutation' },
        )
      ).status,
    ).toBe(404);
    expect((await trpc('admin.eventBus.deadLetters', { queue: 'nowhere' })).status).toBe(404);
    // Both actions are in the audit log (the refused second replay is not: nothing was done).
    const audited = (await trpc('admin.audit.list', { actor: 'api-token' })).data as {
      results: Record<string, unknown>[];
    };
    expect(audited.results.filter((entry) => entry.target_type === 'dead_letter')).toEqual([
      expect.objectContaining({
        action: 'dead_letter.discard',
        target_id: discardId,
        change: { queue: 'inventory', event_id: discardId, event_type: 'order.cancelled' },
        client_address: '127.0.0.1',
      }),
      expect.objectContaining({ action: 'dead_letter.replay', target_id: replayId }),
    ]);

    const settled = (await trpc('admin.eventBus.overview', undefined)).data as typeof overview;
    // The replayed message waits in the consumer queue (no consumer runs in this test).
    expect(settled.queues.find((q) => q.queue === 'inventory')).toMatchObject({
      depth: 1,
      dead_letters: 0,
    });
  });

  it('answers 503 when RabbitMQ cannot be reached', async () => {
    const unreachable = createEventBusAdmin({
      rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:1',
      queuePrefix: prefix,
    });
    web.use({ eventBus: unreachable });
    const answer = await trpc('admin.eventBus.deadLetters', { queue: 'inventory' });
    expect(answer.status).toBe(503);
    await unreachable.close();
  });
});
