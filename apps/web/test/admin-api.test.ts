import { randomUUID } from 'node:crypto';

import { events, type sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { AppError } from '@ticketing/trpc/errors';
import { eq, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventWithSession, inDays } from './support/catalog-fixtures';
import {
  adminHeaders,
  call,
  startTestWeb,
  testAuth,
  type TestWeb,
} from './support/web-test-server';

let web: TestWeb;
const admin = (method: string, path: string, body?: unknown) =>
  call(web.baseUrl, method, path, { body, headers: adminHeaders });

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const eventBody = { name: 'Gig', description: 'A gig', location: 'Hall' };
const count = async (table: typeof events | typeof sessions | typeof ticketTypes) => {
  const [row] = await web.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
};
const sessionCookie = (token: string) => ({ cookie: `next-auth.session-token=${token}` });

describe('admin authentication', () => {
  const attempts: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['a token with a different scheme', { authorization: `Basic ${testAuth.adminApiToken}` }],
    ['a garbage session cookie', sessionCookie('garbage')],
  ];

  it.each(attempts)('answers 401 and changes nothing with %s', async (_, headers) => {
    const { event } = await createEventWithSession(web.db);
    const requests: [string, string, unknown][] = [
      ['POST', '/api/admin/events', eventBody],
      ['PATCH', `/api/admin/events/${event.id}`, { name: 'Hacked' }],
      ['DELETE', `/api/admin/events/${event.id}`, undefined],
      ['POST', `/api/admin/events/${event.id}/sessions`, {}],
    ];
    for (const [method, path, body] of requests) {
      const response = await call(web.baseUrl, method, path, { body, headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
    }
    expect(await count(events)).toBe(1);
    const [row] = await web.db.select({ name: events.name }).from(events);
    expect(row?.name).toBe('Gig');
  });

  it('answers 401 for a session signed with another secret', async () => {
    const forged = await encode({
      token: { email: 'intruder@example.com', sub: randomUUID() },
      secret: 'not-the-real-secret-0123456789',
    });
    const response = await call(web.baseUrl, 'POST', '/api/admin/events', {
      body: eventBody,
      headers: sessionCookie(forged),
    });
    expect(response.status).toBe(401);
    expect(await count(events)).toBe(0);
  });

  it('answers 401 for a wrong token even next to a valid session cookie', async () => {
    const valid = await encode({
      token: { email: 'admin@example.com' },
      secret: testAuth.nextAuthSecret,
    });
    const response = await call(web.baseUrl, 'POST', '/api/admin/events', {
      body: eventBody,
      headers: { ...sessionCookie(valid), authorization: 'Bearer wrong-token' },
    });
    expect(response.status).toBe(401);
  });

  it('accepts a valid next-auth session cookie, over REST and tRPC', async () => {
    const token = await encode({
      token: { email: 'admin@example.com', sub: randomUUID() },
      secret: testAuth.nextAuthSecret,
    });
    const rest = await call(web.baseUrl, 'POST', '/api/admin/events', {
      body: eventBody,
      headers: sessionCookie(token),
    });
    expect(rest.status).toBe(201);

    const trpc = await call(web.baseUrl, 'POST', '/api/trpc/admin.events.create', {
      body: { ...eventBody, name: 'Over tRPC' },
      headers: sessionCookie(token),
    });
    expect(trpc.status).toBe(200);
    expect(trpc.body).toMatchObject({ result: { data: { name: 'Over tRPC' } } });
    expect(await count(events)).toBe(2);
  });

  it('answers 401 over tRPC without credentials', async () => {
    const trpc = await call(web.baseUrl, 'POST', '/api/trpc/admin.events.create', {
      body: eventBody,
    });
    expect(trpc.status).toBe(401);
    expect(trpc.body).toMatchObject({ error: { error: 'unauthorized' } });
  });
});

describe('admin events', () => {
  it('creates (201), updates (200) and deletes (204) an event', async () => {
    const created = await admin('POST', '/api/admin/events', {
      ...eventBody,
      image_url: '/images/concert.svg',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { ...eventBody, image_url: '/images/concert.svg', id: expect.any(String) },
    });
    const { id } = created.body as { id: string };

    const updated = await admin('PATCH', `/api/admin/events/${id}`, {
      location: 'Park',
      image_url: null,
    });
    expect(updated).toMatchObject({
      status: 200,
      body: { id, name: 'Gig', location: 'Park', image_url: null },
    });

    const deleted = await admin('DELETE', `/api/admin/events/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(await count(events)).toBe(0);
  });

  it('answers 400 naming every invalid field', async () => {
    const { status, body } = await admin('POST', '/api/admin/events', {
      name: '  ',
      location: 42,
      image_url: 'javascript:alert(1)',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error' });
    expect(Object.keys((body as { fields: object }).fields).sort()).toEqual([
      'description',
      'image_url',
      'location',
      'name',
    ]);
    expect(await count(events)).toBe(0);
  });

  it('answers 400 for a PATCH without any field', async () => {
    const { event } = await createEventWithSession(web.db);
    const { status, body } = await admin('PATCH', `/api/admin/events/${event.id}`, {});
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error', fields: expect.any(Object) });
  });

  it.each([
    ['PATCH', { name: 'x' }],
    ['DELETE', undefined],
  ])('answers 404 to %s of unknown and malformed ids', async (method, body) => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await admin(method, `/api/admin/events/${id}`, body);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'not_found' });
    }
  });

  it('refuses (409) to delete an event whose ticket types have holds', async () => {
    const { event, session, standard } = await createEventWithSession(web.db);
    await web.db.insert(holds).values({
      sessionId: session.id,
      ticketTypeId: standard.id,
      quantity: 2,
      customerEmail: 'buyer@example.com',
      expiresAt: new Date(Date.now() + 600_000),
    });
    const responses = [
      await admin('DELETE', `/api/admin/events/${event.id}`),
      await admin('DELETE', `/api/admin/sessions/${session.id}`),
      await admin('DELETE', `/api/admin/ticket-types/${standard.id}`),
    ];
    for (const response of responses) {
      expect(response).toMatchObject({ status: 409, body: { error: 'conflict' } });
    }
    expect(await count(ticketTypes)).toBe(2);
  });
});

describe('admin sessions', () => {
  it('creates, moves, resizes and deletes a session', async () => {
    const { event } = await createEventWithSession(web.db);
    const created = await admin('POST', `/api/admin/events/${event.id}/sessions`, {
      starts_at: inDays(20),
      ends_at: inDays(20, 23),
      total_capacity: 50,
    });
    expect(created).toMatchObject({
      status: 201,
      body: { event_id: event.id, starts_at: inDays(20), total_capacity: 50 },
    });
    const { id } = created.body as { id: string };

    const moved = await admin('PATCH', `/api/admin/sessions/${id}`, {
      starts_at: inDays(21),
      ends_at: inDays(21, 23),
      total_capacity: 80,
    });
    expect(moved).toMatchObject({
      status: 200,
      body: { starts_at: inDays(21), total_capacity: 80 },
    });
    expect((await admin('DELETE', `/api/admin/sessions/${id}`)).status).toBe(204);
  });

  it('answers 400 when dates are not ordered, on create and on a partial update', async () => {
    const { event, session } = await createEventWithSession(web.db);
    const created = await admin('POST', `/api/admin/events/${event.id}/sessions`, {
      starts_at: inDays(20, 20),
      ends_at: inDays(20, 18),
      total_capacity: 50,
    });
    expect(created).toMatchObject({
      status: 400,
      body: { error: 'validation_error', fields: { ends_at: expect.any(String) } },
    });
    // Only ends_at given: it is compared with the stored starts_at.
    const patched = await admin('PATCH', `/api/admin/sessions/${session.id}`, {
      ends_at: inDays(9),
    });
    expect(patched).toMatchObject({
      status: 400,
      body: { error: 'validation_error', fields: { ends_at: expect.any(String) } },
    });
  });

  it('answers 400 naming bad dates and capacities', async () => {
    const { event } = await createEventWithSession(web.db);
    const { status, body } = await admin('POST', `/api/admin/events/${event.id}/sessions`, {
      starts_at: 'tomorrow',
      ends_at: inDays(3),
      total_capacity: -5,
    });
    expect(status).toBe(400);
    expect(Object.keys((body as { fields: object }).fields).sort()).toEqual([
      'starts_at',
      'total_capacity',
    ]);
  });

  it('answers 404 for sessions of unknown or malformed events and sessions', async () => {
    const body = { starts_at: inDays(1), ends_at: inDays(1, 22), total_capacity: 10 };
    for (const id of [randomUUID(), 'bad-id']) {
      expect((await admin('POST', `/api/admin/events/${id}/sessions`, body)).status).toBe(404);
      expect(
        (await admin('PATCH', `/api/admin/sessions/${id}`, { total_capacity: 5 })).status,
      ).toBe(404);
      expect((await admin('DELETE', `/api/admin/sessions/${id}`)).status).toBe(404);
    }
  });

  it('refuses to shrink a session below its ticket types (capacity rule)', async () => {
    const { session } = await createEventWithSession(web.db);
    const { status, body } = await admin('PATCH', `/api/admin/sessions/${session.id}`, {
      total_capacity: 89,
    });
    expect(status).toBe(409);
    expect(body).toMatchObject({
      error: 'capacity_exceeded',
      fields: { total_capacity: expect.any(String) },
      total_capacity: 89,
      allocated: 90,
    });
    expect(
      (await admin('PATCH', `/api/admin/sessions/${session.id}`, { total_capacity: 90 })).status,
    ).toBe(200);
  });
});

describe('admin ticket types', () => {
  it('creates, updates and deletes a ticket type with a decimal price', async () => {
    const { session } = await createEventWithSession(web.db);
    const created = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Balcony',
      price: '19.9',
      quantity: 10,
    });
    expect(created).toMatchObject({
      status: 201,
      body: { session_id: session.id, name: 'Balcony', price: '19.90', quantity: 10 },
    });
    const { id } = created.body as { id: string };
    const updated = await admin('PATCH', `/api/admin/ticket-types/${id}`, { price: '25.00' });
    expect(updated).toMatchObject({ status: 200, body: { price: '25.00', quantity: 10 } });
    expect((await admin('DELETE', `/api/admin/ticket-types/${id}`)).status).toBe(204);
  });

  it('keeps the quantities of a session within its total_capacity', async () => {
    const { session, standard } = await createEventWithSession(web.db); // 60 + 30 of 100
    const tooMany = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Extra',
      price: '5.00',
      quantity: 11,
    });
    expect(tooMany).toMatchObject({
      status: 409,
      body: { error: 'capacity_exceeded', fields: { quantity: expect.any(String) } },
    });
    const exactFit = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Extra',
      price: '5.00',
      quantity: 10,
    });
    expect(exactFit.status).toBe(201);

    const grow = await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { quantity: 61 });
    expect(grow).toMatchObject({ status: 409, body: { error: 'capacity_exceeded' } });
    const shrink = await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { quantity: 40 });
    expect(shrink).toMatchObject({ status: 200, body: { quantity: 40 } });
  });

  it('lets only one of two concurrent creates take the last seats', async () => {
    const { session } = await createEventWithSession(web.db); // 10 seats left
    const create = (name: string) =>
      admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
        name,
        price: '1.00',
        quantity: 8,
      });
    const statuses = (await Promise.all([create('A'), create('B'), create('C')])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([201, 409, 409]);
    const [row] = await web.db
      .select({ total: sql<number>`sum(${ticketTypes.quantity})::int` })
      .from(ticketTypes)
      .where(eq(ticketTypes.sessionId, session.id));
    expect(row?.total).toBe(98);
  });

  it('answers 400 naming bad price, quantity and name', async () => {
    const { session } = await createEventWithSession(web.db);
    const { status, body } = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: '',
      price: 12.5,
      quantity: 0,
    });
    expect(status).toBe(400);
    expect(Object.keys((body as { fields: object }).fields).sort()).toEqual([
      'name',
      'price',
      'quantity',
    ]);
    const tooPrecise = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'X',
      price: '1.999',
      quantity: 1,
    });
    expect(tooPrecise).toMatchObject({
      status: 400,
      body: { fields: { price: expect.any(String) } },
    });
  });

  it.each([true, '5', '', null])(
    'answers 400 for the quantity %j instead of coercing it',
    async (quantity) => {
      const { session, standard } = await createEventWithSession(web.db);
      const created = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
        name: 'Coerced',
        price: '1.00',
        quantity,
      });
      expect(created).toMatchObject({
        status: 400,
        body: { fields: { quantity: expect.any(String) } },
      });
      const patched = await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { quantity });
      expect(patched.status).toBe(400);
      const capacity = await admin('PATCH', `/api/admin/sessions/${session.id}`, {
        total_capacity: quantity,
      });
      expect(capacity.status).toBe(400);
    },
  );

  it('answers 409 naming the field for a duplicate name in the session', async () => {
    const { session } = await createEventWithSession(web.db);
    const duplicate = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'VIP',
      price: '1.00',
      quantity: 1,
    });
    expect(duplicate).toMatchObject({
      status: 409,
      body: { error: 'conflict', fields: { name: expect.any(String) } },
    });
  });

  it('answers 404 for unknown and malformed sessions and ticket types', async () => {
    const body = { name: 'X', price: '1.00', quantity: 1 };
    for (const id of [randomUUID(), '%20']) {
      expect((await admin('POST', `/api/admin/sessions/${id}/ticket-types`, body)).status).toBe(
        404,
      );
      expect((await admin('PATCH', `/api/admin/ticket-types/${id}`, { quantity: 2 })).status).toBe(
        404,
      );
      expect((await admin('DELETE', `/api/admin/ticket-types/${id}`)).status).toBe(404);
    }
  });

  it('calls the inventory seam on create and resize, and rolls back when inventory refuses', async () => {
    const { session, standard } = await createEventWithSession(web.db);
    const synced: { ticketTypeId: string; quantity: number }[] = [];
    web.setInventory({
      async syncTicketTypeInventory({ ticketTypeId, quantity }) {
        synced.push({ ticketTypeId, quantity });
        if (quantity < 5) {
          throw new AppError('quantity_below_reserved', 'Below held + committed', { reserved: 5 });
        }
      },
      getAvailability: async () => new Map(),
    });

    const created = await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Extra',
      price: '5.00',
      quantity: 6,
    });
    expect(created.status).toBe(201);
    await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { price: '55.00' });
    const refused = await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { quantity: 4 });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'quantity_below_reserved', reserved: 5 },
    });

    expect(synced).toEqual([
      { ticketTypeId: (created.body as { id: string }).id, quantity: 6 },
      { ticketTypeId: standard.id, quantity: 4 },
    ]);
    const [row] = await web.db
      .select({ quantity: ticketTypes.quantity, price: ticketTypes.price })
      .from(ticketTypes)
      .where(eq(ticketTypes.id, standard.id));
    expect(row).toEqual({ quantity: 60, price: '55.00' });
  });
});
