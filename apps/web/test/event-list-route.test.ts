import { events } from '@ticketing/db/main/catalog';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createCaller } from '../src/server/router';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession } from './support/catalog-fixtures';
import { adminHeaders, call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const get = (path: string) => call(web.baseUrl, 'GET', path);

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const keptAnswers = () => web.redis.keys('catalog:events:*:answer:v*');

describe('GET /api/events from the kept answer', () => {
  it("answers the procedure's own bytes, keeps them in Redis, and serves the next read from them", async () => {
    const { event } = await createEventWithSession(web.db, 'Kept');
    const first = await fetch(`${web.baseUrl}/api/events?limit=5`);
    const text = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const procedure = await createCaller(createInnerContext(web.deps)).events.list({ limit: 5 });
    expect(text).toBe(JSON.stringify(procedure));
    expect(await keptAnswers()).toEqual([
      expect.stringMatching(/^catalog:events:first:5:answer:v\d+$/),
    ]);

    // Changed behind the cache: only a read that skips the database still shows the old name.
    await web.db.update(events).set({ name: 'Changed' }).where(eq(events.id, event.id));
    expect(await (await fetch(`${web.baseUrl}/api/events?limit=5`)).text()).toBe(text);

    // An admin write drops every kept page of the list.
    const patched = await call(web.baseUrl, 'PATCH', `/api/admin/events/${event.id}`, {
      body: { name: 'Renamed' },
      headers: adminHeaders,
    });
    expect(patched.status).toBe(200);
    expect((await get('/api/events?limit=5')).body).toMatchObject({
      results: [{ name: 'Renamed' }],
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    await createEventWithSession(web.db, 'Headless');
    const response = await fetch(`${web.baseUrl}/api/events`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });

  it('hands what it does not expect to the REST route, whose 400 names the problem, and keeps nothing', async () => {
    for (const query of ['limit=0', 'limit=abc', 'limit=5&limit=6', 'cursor=%00']) {
      const { status, body } = await get(`/api/events?${query}`);
      expect(status, query).toBe(400);
      expect(body, query).toMatchObject({ error: 'validation_error' });
    }
    // A parameter the contract does not name: the REST route's answer (it ignores it), not kept.
    expect((await get('/api/events?colour=red')).status).toBe(200);
    expect(await keptAnswers()).toEqual([]);
  });
});
