import { events, ticketTypes } from '@ticketing/db/main/catalog';
import { createLogger } from '@ticketing/log/logger';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CATALOG_TTL_SECONDS, createCatalogCache } from '../src/server/cache/catalog-cache';
import { createCacheRedis } from '../src/server/services';
import { createEventWithSession } from './support/catalog-fixtures';
import { adminHeaders, call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const get = (path: string) => call(web.baseUrl, 'GET', path);
const admin = (method: string, path: string, body?: unknown) =>
  call(web.baseUrl, method, path, { body, headers: adminHeaders });

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

/** Changes a row behind the API's back: only a read that skips the database still shows the old value. */
const renameInDatabase = (id: string, name: string) =>
  web.db.update(events).set({ name }).where(eq(events.id, id));

describe('catalog cache', () => {
  it('serves the second read of an event from Redis, with a 5 minute TTL', async () => {
    const { event } = await createEventWithSession(web.db, 'Original');
    expect((await get(`/api/events/${event.id}`)).body).toMatchObject({ name: 'Original' });

    await renameInDatabase(event.id, 'Changed behind the cache');
    expect((await get(`/api/events/${event.id}`)).body).toMatchObject({ name: 'Original' });

    const [key] = await web.redis.keys(`catalog:event:${event.id}:v*`);
    expect(key).toBeDefined();
    const ttl = await web.redis.ttl(key ?? '');
    expect(ttl).toBeGreaterThan(CATALOG_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(CATALOG_TTL_SECONDS);
  });

  it('shows an admin PATCH of the event on the next read, in the event and in the list', async () => {
    const { event } = await createEventWithSession(web.db, 'Original');
    await get(`/api/events/${event.id}`);
    await get('/api/events');

    expect(
      await admin('PATCH', `/api/admin/events/${event.id}`, { name: 'Renamed' }),
    ).toMatchObject({
      status: 200,
      body: { id: event.id, name: 'Renamed' },
    });
    expect((await get(`/api/events/${event.id}`)).body).toMatchObject({ name: 'Renamed' });
    expect((await get('/api/events')).body).toMatchObject({ results: [{ name: 'Renamed' }] });
  });

  it('caches list pages and drops them when an event is created or deleted', async () => {
    const { event } = await createEventWithSession(web.db, 'First');
    expect((await get('/api/events')).body).toMatchObject({ results: [{ id: event.id }] });

    await renameInDatabase(event.id, 'Changed behind the cache');
    expect((await get('/api/events')).body).toMatchObject({ results: [{ name: 'First' }] });

    const created = await admin('POST', '/api/admin/events', {
      name: 'Second',
      description: 'Another',
      location: 'Park',
    });
    expect(created.status).toBe(201);
    const afterCreate = (await get('/api/events')).body as { results: { name: string }[] };
    expect(afterCreate.results.map((item) => item.name)).toEqual([
      'Changed behind the cache',
      'Second',
    ]);

    expect((await admin('DELETE', `/api/admin/events/${event.id}`)).status).toBe(204);
    expect((await get('/api/events')).body).toMatchObject({ results: [{ name: 'Second' }] });
    expect((await get(`/api/events/${event.id}`)).status).toBe(404);
  });

  it('caches sessions and drops them on admin changes to sessions and ticket types', async () => {
    const { event, session, standard } = await createEventWithSession(web.db);
    const sessionsPath = `/api/events/${event.id}/sessions`;
    type Sessions = { results: { total_capacity: number; ticket_types: { name: string }[] }[] };
    const names = async () =>
      ((await get(sessionsPath)).body as Sessions).results[0]?.ticket_types.map((t) => t.name);

    expect(await names()).toEqual(['Standard', 'VIP']);
    await web.db
      .update(ticketTypes)
      .set({ name: 'Changed behind the cache' })
      .where(eq(ticketTypes.id, standard.id));
    expect(await names()).toEqual(['Standard', 'VIP']);

    await admin('PATCH', `/api/admin/ticket-types/${standard.id}`, { name: 'Regular' });
    expect(await names()).toEqual(['Regular', 'VIP']);

    await admin('POST', `/api/admin/sessions/${session.id}/ticket-types`, {
      name: 'Balcony',
      price: '10.00',
      quantity: 5,
    });
    expect(await names()).toEqual(['Balcony', 'Regular', 'VIP']);

    await admin('PATCH', `/api/admin/sessions/${session.id}`, { total_capacity: 500 });
    expect(((await get(sessionsPath)).body as Sessions).results[0]?.total_capacity).toBe(500);

    await admin('DELETE', `/api/admin/sessions/${session.id}`);
    expect((await get(sessionsPath)).body).toEqual({ results: [] });
  });

  it('merges live availability into cached sessions', async () => {
    const { event } = await createEventWithSession(web.db);
    await get(`/api/events/${event.id}/sessions`);
    web.setInventory({
      syncTicketTypeInventory: async () => {},
      getAvailability: async (types) => new Map(types.map((type) => [type.id, 3])),
    });
    const { body } = await get(`/api/events/${event.id}/sessions`);
    expect(body).toMatchObject({
      results: [
        {
          ticket_types: [
            { quantity: 60, available: 3 },
            { quantity: 30, available: 3 },
          ],
        },
      ],
    });
  });
});

describe('catalog cache races', () => {
  it('never keeps a value loaded before an invalidation that raced with it', async () => {
    const cache = web.deps.cache;
    let finishLoad: (value: string) => void = () => {};
    let loadStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (loadStarted = resolve));
    const slowRead = cache.read('events', 'catalog:race', () => {
      loadStarted();
      return new Promise<string>((resolve) => (finishLoad = resolve));
    });
    await started;
    // An admin write commits and invalidates while the old rows are still on their way.
    await cache.invalidate('events');
    finishLoad('rows read before the write');
    // Its SET goes out on the same connection before the next read's commands.
    expect(await slowRead).toBe('rows read before the write');
    expect(await cache.read('events', 'catalog:race', async () => 'rows after the write')).toBe(
      'rows after the write',
    );
  });
});

describe('catalog cache with Redis down', () => {
  it('reads from the database and never fails', async () => {
    const { event } = await createEventWithSession(web.db, 'Database copy');
    // Nothing listens on port 1: every command fails at once.
    const deadRedis = createCacheRedis('redis://127.0.0.1:1');
    try {
      const cache = createCatalogCache(deadRedis, createLogger('web-test', 'silent'));
      const load = async () => ({ name: 'Database copy' });
      expect(await cache.read('events', 'catalog:test', load)).toEqual({ name: 'Database copy' });
      await expect(cache.invalidate('events')).resolves.toBeUndefined();
    } finally {
      deadRedis.disconnect();
    }
    // And the same through the server when its own Redis disconnects.
    web.redis.disconnect();
    try {
      expect(await get(`/api/events/${event.id}`)).toMatchObject({
        status: 200,
        body: { name: 'Database copy' },
      });
      expect((await get('/readyz')).status).toBe(503);
    } finally {
      await web.redis.connect();
    }
  });
});
