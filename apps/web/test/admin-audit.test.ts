import { randomUUID } from 'node:crypto';

import { auditLog } from '@ticketing/db/main/audit-log';
import { events, ticketTypes } from '@ticketing/db/main/catalog';
import { asc, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

import { CLIENT_ADDRESS_HEADER } from '../src/server/auth/client-address';
import { ServiceUnavailableError } from '../src/server/remote/guarded-client';
import { createCaller } from '../src/server/router';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession, inDays } from './support/catalog-fixtures';
import { body, buyer } from './support/purchase-fixtures';
import {
  adminHeaders,
  call,
  startTestWeb,
  testAuth,
  testInventory,
  testOrders,
  type TestWeb,
} from './support/web-test-server';

let web: TestWeb;
let sessionCookie: Record<string, string>;
const ADMIN_EMAIL = 'audit-admin@example.com';

beforeAll(async () => {
  web = await startTestWeb();
  const token = await encode({
    token: { email: ADMIN_EMAIL, sub: randomUUID() },
    secret: testAuth.nextAuthSecret,
  });
  sessionCookie = { cookie: `next-auth.session-token=${token}` };
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const admin = (method: string, path: string, body?: unknown, headers = adminHeaders) =>
  call(web.baseUrl, method, path, { body, headers });

/** One tRPC call over HTTP: the status and the data (or the error body). */
async function trpc(
  path: string,
  input: unknown,
  {
    kind = 'query',
    headers = adminHeaders,
  }: { kind?: 'query' | 'mutation'; headers?: object } = {},
) {
  const response =
    kind === 'query'
      ? await call(
          web.baseUrl,
          'GET',
          `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
          { headers: headers as Record<string, string> },
        )
      : await call(web.baseUrl, 'POST', `/api/trpc/${path}`, {
          body: input,
          headers: headers as Record<string, string>,
        });
  const json = response.body as { result?: { data?: unknown }; error?: unknown };
  return { status: response.status, data: json.result?.data as never, error: json.error };
}

/** ticketing_main's audit rows, oldest first. */
const entries = () =>
  web.db
    .select({
      actor: auditLog.actor,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      change: auditLog.change,
      clientAddress: auditLog.clientAddress,
    })
    .from(auditLog)
    .orderBy(asc(auditLog.at), asc(auditLog.id));

const eventBody = { name: 'Audited gig', description: 'A gig', location: 'Hall' };

interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  change: Record<string, unknown>;
  client_address: string;
}
interface AuditPage {
  results: Entry[];
  next_cursor: string | null;
  orders_unavailable: boolean;
}

describe('catalog writes are audited in their transaction', () => {
  it('records who, what and the socket address of every event create, update and delete', async () => {
    // Headers a client could send to pose as another address count for nothing.
    const spoofed = {
      ...adminHeaders,
      'x-forwarded-for': '198.51.100.66',
      [CLIENT_ADDRESS_HEADER]: '198.51.100.77',
    };
    const created = await admin('POST', '/api/admin/events', eventBody, spoofed);
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect((await admin('PATCH', `/api/admin/events/${id}`, { location: 'Park' })).status).toBe(
      200,
    );
    expect((await admin('DELETE', `/api/admin/events/${id}`)).status).toBe(204);

    expect(await entries()).toEqual([
      {
        actor: 'api-token',
        action: 'event.create',
        targetType: 'event',
        targetId: id,
        change: eventBody,
        clientAddress: '127.0.0.1',
      },
      {
        actor: 'api-token',
        action: 'event.update',
        targetType: 'event',
        targetId: id,
        change: { location: 'Park' },
        clientAddress: '127.0.0.1',
      },
      {
        actor: 'api-token',
        action: 'event.delete',
        targetType: 'event',
        targetId: id,
        change: { name: 'Audited gig' },
        clientAddress: '127.0.0.1',
      },
    ]);
  });

  it('records sessions and ticket types with the signed-in admin over tRPC', async () => {
    const { event } = await createEventWithSession(web.db, 'Audited fest');
    const mutation = { kind: 'mutation' as const, headers: sessionCookie };
    const session = await trpc(
      'admin.sessions.create',
      { id: event.id, starts_at: inDays(3), ends_at: inDays(3, 23), total_capacity: 50 },
      mutation,
    );
    expect(session.status).toBe(200);
    const sessionId = (session.data as { id: string }).id;
    const type = await trpc(
      'admin.ticketTypes.create',
      { id: sessionId, name: 'Balcony', price: '30.00', quantity: 20 },
      mutation,
    );
    expect(type.status).toBe(200);
    const typeId = (type.data as { id: string }).id;
    await trpc('admin.ticketTypes.update', { id: typeId, price: '35.00' }, mutation);
    await trpc('admin.sessions.update', { id: sessionId, total_capacity: 40 }, mutation);
    await trpc('admin.ticketTypes.delete', { id: typeId }, mutation);
    await trpc('admin.sessions.delete', { id: sessionId }, mutation);

    const rows = await entries();
    expect(rows.map((row) => [row.action, row.targetId])).toEqual([
      ['session.create', sessionId],
      ['ticket_type.create', typeId],
      ['ticket_type.update', typeId],
      ['session.update', sessionId],
      ['ticket_type.delete', typeId],
      ['session.delete', sessionId],
    ]);
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set([ADMIN_EMAIL]));
    expect(rows[1]?.change).toEqual({
      session_id: sessionId,
      name: 'Balcony',
      price: '30.00',
      quantity: 20,
    });
    expect(rows[2]?.change).toEqual({ price: '35.00' });
    expect(rows[4]?.change).toEqual({ session_id: sessionId, name: 'Balcony' });
    expect(rows[5]?.change).toEqual({ event_id: event.id, starts_at: inDays(3) });
  });

  it('a write that fails leaves no entry, even one that fails after its row was written', async () => {
    const { session, standard } = await createEventWithSession(web.db, 'No trace');
    expect((await admin('PATCH', `/api/admin/events/${randomUUID()}`, { name: 'X' })).status).toBe(
      404,
    );
    // Over the session's capacity: refused before any row.
    const tooMany = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Too many',
      price: '10.00',
      quantity: 500,
    });
    expect(tooMany.status).toBe(409);
    // Inventory cannot be reached: the ticket type's row was inserted, then rolled back with it.
    web.setInventory({
      syncTicketTypeInventory: async () => {
        throw new ServiceUnavailableError('inventory_unavailable', 'down', 'not_sent');
      },
      getAvailability: (types) => testInventory().getAvailability(types),
    });
    const unreachable = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Lost',
      price: '10.00',
      quantity: 5,
    });
    expect(unreachable.status).toBe(503);
    const shrink = await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, {
      quantity: 10,
    });
    expect(shrink.status).toBe(503);

    expect(await entries()).toEqual([]);
    const names = await web.db.select({ name: ticketTypes.name }).from(ticketTypes);
    expect(names.map((row) => row.name).sort()).toEqual(['Standard', 'VIP']);
  });

  it('an entry that cannot be written undoes the write', async () => {
    const client = new pg.Client({ connectionString: web.databaseUrl });
    await client.connect();
    try {
      await client.query(`
        create or replace function test_refuse_audit() returns trigger language plpgsql as $$
        begin raise exception 'audit log refused'; end $$`);
      await client.query(`
        create trigger test_refuse_audit before insert on audit_log
        for each row execute function test_refuse_audit()`);
      const created = await admin('POST', '/api/admin/events', eventBody);
      expect(created.status).toBe(500);
    } finally {
      await client.query('drop trigger if exists test_refuse_audit on audit_log');
      await client.query('drop function if exists test_refuse_audit()');
      await client.end();
    }
    const [row] = await web.db.select({ n: sql<number>`count(*)::int` }).from(events);
    expect(row?.n).toBe(0);
  });
});

describe('refunds are audited by orders, with the admin and address the web passes', () => {
  const ordersRows = async (orderId: string) => {
    const client = new pg.Client({ connectionString: inject('ordersDatabaseUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, unknown>>(
        `select actor, action, target_type, target_id, change, client_address
           from audit_log where target_id = $1 order by at`,
        [orderId],
      );
      return rows;
    } finally {
      await client.end();
    }
  };

  async function confirmedOrder(email: string) {
    const { session, standard } = await createEventWithSession(web.db, 'Refund audit');
    const shop = buyer(web.baseUrl);
    const hold = body(await shop.hold({ sessionId: session.id, ticketTypeId: standard.id }, 2));
    const checkout = await call(web.baseUrl, 'POST', '/api/checkout', {
      body: { hold_id: hold.hold_id, customer_email: email },
      headers: { 'idempotency-key': randomUUID() },
    });
    const orderId = body(checkout).order_id as string;
    expect((await shop.confirm(orderId)).status).toBe(200);
    return orderId;
  }

  it('one entry in ticketing_orders, listed on the audit page beside the web entries', async () => {
    const orderId = await confirmedOrder(`refund.${randomUUID().slice(0, 6)}@example.com`);
    const refund = await trpc(
      'admin.orders.refund',
      { id: orderId },
      { kind: 'mutation', headers: sessionCookie },
    );
    expect(refund.status).toBe(200);
    await trpc(
      'admin.orders.refund',
      { id: orderId },
      { kind: 'mutation', headers: sessionCookie },
    );
    expect(await ordersRows(orderId)).toEqual([
      {
        actor: ADMIN_EMAIL,
        action: 'order.refund',
        target_type: 'order',
        target_id: orderId,
        change: {
          from: 'confirmed',
          to: 'cancelled',
          reason: 'refunded_by_admin',
          amount: '100.00',
        },
        client_address: '127.0.0.1',
      },
    ]);

    await trpc(
      'admin.events.create',
      { ...eventBody, name: 'After the refund' },
      { kind: 'mutation', headers: sessionCookie },
    );
    const page = (await trpc('admin.audit.list', { actor: ADMIN_EMAIL })).data as AuditPage;
    expect(page.orders_unavailable).toBe(false);
    expect(page.results.map((entry) => [entry.action, entry.target_id])).toEqual([
      ['event.create', expect.any(String)],
      ['order.refund', orderId],
    ]);
    const refunds = (await trpc('admin.audit.list', { actor: ADMIN_EMAIL, action: 'order.refund' }))
      .data as AuditPage;
    expect(refunds.results.map((entry) => entry.target_id)).toEqual([orderId]);
  });
});

describe('the audit list', () => {
  it('merges both sources newest first, filters by action, actor and time, and pages by cursor', async () => {
    const tag = randomUUID().slice(0, 8);
    const ada = `ada.${tag}@example.com`;
    const adaCookie = {
      cookie: `next-auth.session-token=${await encode({
        token: { email: ada, sub: randomUUID() },
        secret: testAuth.nextAuthSecret,
      })}`,
    };
    const as = { kind: 'mutation' as const, headers: adaCookie };
    const created: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const event = await trpc('admin.events.create', { ...eventBody, name }, as);
      created.push((event.data as { id: string }).id);
    }
    // An admin cancel of a pending order: an orders entry between the web's.
    const { session, standard } = await createEventWithSession(web.db, 'Cancel audit');
    const shop = buyer(web.baseUrl);
    const hold = body(await shop.hold({ sessionId: session.id, ticketTypeId: standard.id }, 1));
    const checkout = await call(web.baseUrl, 'POST', '/api/checkout', {
      body: { hold_id: hold.hold_id, customer_email: 'buyer@example.com' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const orderId = body(checkout).order_id as string;
    expect((await trpc('admin.orders.cancel', { id: orderId }, as)).status).toBe(200);
    await trpc('admin.events.update', { id: created[0], location: 'Elsewhere' }, as);
    await admin('POST', '/api/admin/events', { ...eventBody, name: 'By token' });

    const list = async (input: Record<string, unknown>) =>
      (await trpc('admin.audit.list', input)).data as AuditPage;
    const timeline = await list({ actor: `ADA.${tag}` });
    expect(timeline.results.map((entry) => [entry.action, entry.target_id])).toEqual([
      ['event.update', created[0]],
      ['order.cancel', orderId],
      ['event.create', created[2]],
      ['event.create', created[1]],
      ['event.create', created[0]],
    ]);
    expect(timeline.next_cursor).toBeNull();
    expect(timeline.results[0]).toMatchObject({
      actor: ada,
      target_type: 'event',
      change: { location: 'Elsewhere' },
      client_address: '127.0.0.1',
    });

    expect((await list({ actor: ada, action: 'event.create' })).results).toHaveLength(3);
    expect((await list({ actor: ada, action: 'order.cancel' })).results).toEqual([
      expect.objectContaining({ target_id: orderId, actor: ada }),
    ]);
    expect((await list({ action: 'event.create', actor: 'api-token' })).results).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ name: 'By token' }) }),
    ]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await list({ actor: ada, from: later })).results).toEqual([]);
    expect((await list({ actor: ada, to: new Date(0).toISOString() })).results).toEqual([]);

    // Pages of two walk the same timeline without gaps or repeats, across both sources.
    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ actor: ada, limit: 2, cursor });
      walked.push(...page.results.map((entry) => `${entry.action} ${entry.target_id}`));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(walked).toEqual(timeline.results.map((entry) => `${entry.action} ${entry.target_id}`));

    const bad = await trpc('admin.audit.list', { cursor: 'not-a-cursor' });
    expect(bad.status).toBe(400);
    expect((await trpc('admin.audit.list', { action: 'event.explode' })).status).toBe(400);
    expect((await trpc('admin.audit.list', {}, { headers: {} })).status).toBe(401);
  });

  it('shows the web entries alone, and says so, while orders cannot be asked', async () => {
    await admin('POST', '/api/admin/events', eventBody);
    web.use({ orders: testOrders('http://127.0.0.1:1', 500) });
    const page = (await trpc('admin.audit.list', {})).data as AuditPage;
    expect(page.orders_unavailable).toBe(true);
    expect(page.results.map((entry) => entry.action)).toEqual(['event.create']);
  });
});

describe('in-process calls', () => {
  it('record the address their context was given', async () => {
    const caller = createCaller(
      createInnerContext(web.deps, { kind: 'session', email: ADMIN_EMAIL }, '203.0.113.5'),
    );
    await caller.admin.events.create(eventBody);
    expect(await entries()).toMatchObject([
      { actor: ADMIN_EMAIL, action: 'event.create', clientAddress: '203.0.113.5' },
    ]);
  });
});
