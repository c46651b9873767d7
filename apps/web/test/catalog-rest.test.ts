import { randomUUID } from 'node:crypto';

import { events } from '@ticketing/db/main/catalog';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEventWithSession } from './support/catalog-fixtures';
import { call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const get = (path: string) => call(web.baseUrl, 'GET', path);

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

/** Inserts `count` events in one statement: they share created_at, so only the id orders them. */
async function insertEvents(count: number) {
  const rows = await web.db
    .insert(events)
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `Event ${index}`,
        description: 'Demo',
        location: 'Hall',
      })),
    )
    .returning({ id: events.id });
  return rows.map((row) => row.id).sort();
}

interface EventPage {
  results: { id: string; name: string; image_url: string | null; created_at: string }[];
  next_cursor: string | null;
}

describe('GET /api/events', () => {
  it('lists events with the §5 fields', async () => {
    const { event } = await createEventWithSession(web.db, 'Concert');
    const { status, body } = await get('/api/events');
    expect(status).toBe(200);
    expect(body).toEqual({
      results: [
        {
          id: event.id,
          name: 'Concert',
          description: 'Concert, live',
          location: 'Hall',
          image_url: '/images/concert.svg',
          created_at: event.created_at,
          updated_at: event.updated_at,
        },
      ],
      next_cursor: null,
    });
  });

  it('pages through every event exactly once with the cursor, also on created_at ties', async () => {
    const ids = await insertEvents(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const { status, body } = await get(`/api/events?limit=3${query}`);
      expect(status).toBe(200);
      const page = body as EventPage;
      expect(page.results.length).toBeLessThanOrEqual(3);
      seen.push(...page.results.map((event) => event.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('orders by (created_at, id) and defaults to 20 per page', async () => {
    await insertEvents(21);
    const first = (await get('/api/events')).body as EventPage;
    expect(first.results).toHaveLength(20);
    expect(first.next_cursor).toEqual(expect.any(String));
    const rest = (await get(`/api/events?cursor=${first.next_cursor}`)).body as EventPage;
    expect(rest.results).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    [
      `cursor=${Buffer.from(`2026-13-01T00:00:00.000000Z|${randomUUID()}`).toString('base64url')}`,
      'cursor',
    ],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const { status, body } = await get(`/api/events?${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error' });
    expect(Object.keys((body as { fields: object }).fields)).toEqual([field]);
  });
});

describe('GET /api/events/{id}', () => {
  it('answers the event', async () => {
    const { event } = await createEventWithSession(web.db);
    expect(await get(`/api/events/${event.id}`)).toMatchObject({ status: 200, body: event });
  });

  it('accepts the id in upper case', async () => {
    const { event } = await createEventWithSession(web.db);
    const { status, body } = await get(`/api/events/${event.id.toUpperCase()}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: event.id });
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'not-a-uuid'],
    ['an almost-uuid', '123e4567-e89b-12d3-a456-42661417400z'],
    ['an injection attempt', "1'%20or%20'1'='1"],
  ])('answers 404 not_found for %s', async (_, id) => {
    const { status, body } = await get(`/api/events/${id}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'not_found' });
  });
});

describe('GET /api/events/{id}/sessions', () => {
  it('answers sessions with ticket types, decimal prices and availability', async () => {
    const { event, session, standard, vip } = await createEventWithSession(web.db);
    const { status, body } = await get(`/api/events/${event.id}/sessions`);
    expect(status).toBe(200);
    expect(body).toEqual({
      results: [
        {
          id: session.id,
          starts_at: session.starts_at,
          ends_at: session.ends_at,
          total_capacity: 100,
          ticket_types: [
            { id: standard.id, name: 'Standard', price: '50.00', quantity: 60, available: 60 },
            { id: vip.id, name: 'VIP', price: '120.50', quantity: 30, available: 30 },
          ],
        },
      ],
    });
  });

  it('answers an empty list for an event without sessions', async () => {
    const [id] = await insertEvents(1);
    expect(await get(`/api/events/${id}/sessions`)).toMatchObject({
      status: 200,
      body: { results: [] },
    });
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'nope'],
  ])('answers 404 not_found for %s', async (_, id) => {
    const { status, body } = await get(`/api/events/${id}/sessions`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'not_found' });
  });
});

describe('the rest of the web server', () => {
  it('serves the same procedures over tRPC at /api/trpc', async () => {
    const { event } = await createEventWithSession(web.db);
    const input = encodeURIComponent(JSON.stringify({ id: event.id }));
    const { status, body } = await get(`/api/trpc/events.byId?input=${input}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ result: { data: { id: event.id, name: 'Gig' } } });

    const missing = await get(
      `/api/trpc/events.byId?input=${encodeURIComponent(JSON.stringify({ id: 'x' }))}`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { error: 'not_found' } });
  });

  it('answers health and readiness', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { postgres: 'ok', redis: 'ok' } },
    });
  });

  it('answers 404 JSON for paths nobody serves when Next is not attached', async () => {
    expect(await get('/api/nothing-here')).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect((await get('/some/page')).status).toBe(404);
  });

  it('echoes a request id', async () => {
    const response = await fetch(`${web.baseUrl}/healthz`, {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
  });
});
