import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

import { createLogger } from '@ticketing/log/logger';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { CacheScope } from '../src/server/cache/catalog-cache';
import {
  cacheablePage,
  createPageCache,
  PAGE_CACHE_HEADER,
  type PageCacheOptions,
} from '../src/server/http/page-cache';
import { createCaller } from '../src/server/router';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession, inDays } from './support/catalog-fixtures';
import { adminHeaders, call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());

/**
 * Stands in for Next: renders the home page and event pages from the same procedures the server
 * components call (through the catalog cache), counts its renders, and streams its answer in two
 * writes. `hold()` keeps renders from answering until released.
 */
function fakeNext() {
  const renders = new Map<string, number>();
  let gate: Promise<void> | null = null;
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    renders.set(url, (renders.get(url) ?? 0) + 1);
    const caller = createCaller(createInnerContext(web.deps));
    res.setHeader('cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate');
    res.setHeader('vary', 'rsc, next-router-state-tree');
    let body: string;
    if (url === '/' || url.startsWith('/?')) {
      const page = await caller.storefront.upcoming({ limit: 12 });
      body = `<h1>Upcoming events</h1>${page.results.map((event) => `<h2>${event.name}</h2>`).join('')}`;
    } else if (url.startsWith('/events/')) {
      try {
        const id = url.slice('/events/'.length);
        const event = await caller.events.byId({ id });
        const sessions = await caller.sessions.listByEvent({ id });
        body = `<h1>${event.name}</h1><p>${sessions.results.length} dates</p>`;
      } catch (error) {
        if (!(error instanceof TRPCError) || error.code !== 'NOT_FOUND') throw error;
        res.statusCode = 404;
        body = '<h1>Page not found</h1>';
      }
    } else {
      res.statusCode = 404;
      body = '<h1>Page not found</h1>';
    }
    if (gate) await gate;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.write('<!DOCTYPE html><html><body>');
    res.end(`${body}</body></html>`);
  };
  return {
    handler,
    renders: (url: string) => renders.get(url) ?? 0,
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      return release;
    },
  };
}

interface PageServer {
  url: string;
  next: ReturnType<typeof fakeNext>;
  close(): Promise<void>;
}

/** The page cache in front of the fake Next, the way the web's HTTP front mounts it. */
async function startPageServer(options: Partial<PageCacheOptions> = {}): Promise<PageServer> {
  const next = fakeNext();
  const pageCache = createPageCache({
    versions: (scopes) => web.deps.cache.versions(scopes),
    logger: createLogger('web-test', 'silent'),
    ...options,
  });
  const server = http.createServer((req, res) => {
    res.setHeader('x-request-id', randomUUID());
    void pageCache(req, res, () => next.handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let pages: PageServer;
const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${pages.url}${path}`, { headers });
  return {
    status: response.status,
    body: await response.text(),
    cache: response.headers.get(PAGE_CACHE_HEADER),
    headers: response.headers,
  };
};
const admin = (method: string, path: string, body?: unknown) =>
  call(web.baseUrl, method, path, { body, headers: adminHeaders });

beforeEach(async () => {
  await web.reset();
  pages = await startPageServer();
});
afterEach(() => pages.close());

describe('page cache: what is cached', () => {
  it('keeps the unfiltered home page and event pages, by lower-case id and without a query', () => {
    const id = randomUUID();
    expect(cacheablePage('/')).toEqual(['catalog']);
    expect(cacheablePage(`/events/${id}`)).toEqual([`event:${id}`]);
    for (const url of [
      '/?q=jazz',
      '/?_rsc=abc',
      `/events/${id}?_rsc=abc`,
      `/events/${id.toUpperCase()}`,
      `/events/${id}/`,
      '/events/not-an-id',
      '/orders',
      '/checkout/x',
      '/admin',
    ]) {
      expect(cacheablePage(url), url).toBeNull();
    }
  });
});

describe('page cache', () => {
  it('renders a page once for two requests in a row', async () => {
    await createEventWithSession(web.db, 'Night Ferry');
    const first = await page('/');
    const second = await page('/');
    expect(first).toMatchObject({ status: 200, cache: 'miss' });
    expect(second).toMatchObject({ status: 200, cache: 'hit' });
    expect(second.body).toBe(first.body);
    expect(second.body).toContain('Night Ferry');
    expect(pages.next.renders('/')).toBe(1);
  });

  it('renders once for concurrent first requests', async () => {
    const { event } = await createEventWithSession(web.db, 'Crowded');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => page(`/events/${event.id}`)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('<h1>Crowded</h1>');
    }
    expect(answers.filter((answer) => answer.cache === 'miss')).toHaveLength(1);
    expect(pages.next.renders(`/events/${event.id}`)).toBe(1);
  });

  it('shows an admin rename on the next request of the event page and of the home page', async () => {
    const { event } = await createEventWithSession(web.db, 'Original');
    expect((await page(`/events/${event.id}`)).body).toContain('<h1>Original</h1>');
    expect((await page('/')).body).toContain('<h2>Original</h2>');
    expect(await page(`/events/${event.id}`)).toMatchObject({ cache: 'hit' });
    expect(await page('/')).toMatchObject({ cache: 'hit' });

    expect(
      await admin('PATCH', `/api/admin/events/${event.id}`, { name: 'Renamed' }),
    ).toMatchObject({ status: 200 });

    const eventPage = await page(`/events/${event.id}`);
    expect(eventPage).toMatchObject({ status: 200, cache: 'miss' });
    expect(eventPage.body).toContain('<h1>Renamed</h1>');
    const home = await page('/');
    expect(home).toMatchObject({ status: 200, cache: 'miss' });
    expect(home.body).toContain('<h2>Renamed</h2>');
    expect(home.body).not.toContain('Original');
  });

  it("re-renders the home page when one event's session changes, and leaves other events' pages", async () => {
    const { event } = await createEventWithSession(web.db, 'Changing');
    const { event: other } = await createEventWithSession(web.db, 'Untouched');
    await page('/');
    await page(`/events/${event.id}`);
    await page(`/events/${other.id}`);

    const added = await admin('POST', `/api/admin/events/${event.id}/sessions`, {
      starts_at: inDays(20),
      ends_at: inDays(20, 22),
      total_capacity: 50,
    });
    expect(added.status).toBe(201);

    expect(await page('/')).toMatchObject({ cache: 'miss' });
    const changed = await page(`/events/${event.id}`);
    expect(changed).toMatchObject({ cache: 'miss' });
    expect(changed.body).toContain('<p>2 dates</p>');
    expect(await page(`/events/${other.id}`)).toMatchObject({ cache: 'hit' });
  });

  it('never serves a render made before a write that committed while it ran', async () => {
    const { event } = await createEventWithSession(web.db, 'Before');
    const release = pages.next.hold();
    const during = page(`/events/${event.id}`);
    // The render has read the catalog and waits; the rename commits and bumps the versions.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await admin('PATCH', `/api/admin/events/${event.id}`, { name: 'After' })).status).toBe(
      200,
    );
    release();
    expect((await during).body).toContain('<h1>Before</h1>');

    const next = await page(`/events/${event.id}`);
    expect(next).toMatchObject({ cache: 'miss' });
    expect(next.body).toContain('<h1>After</h1>');
  });

  it('renders again once a render is older than the maximum age', async () => {
    await pages.close();
    let clock = 1_000_000;
    pages = await startPageServer({ maxAgeMs: 60_000, now: () => clock });
    await createEventWithSession(web.db, 'Clockwork');
    await page('/');
    clock += 59_000;
    expect(await page('/')).toMatchObject({ cache: 'hit' });
    clock += 2_000;
    expect(await page('/')).toMatchObject({ cache: 'miss' });
    expect(pages.next.renders('/')).toBe(2);
  });

  it('leaves filtered home pages, RSC requests and other pages to Next every time', async () => {
    await createEventWithSession(web.db, 'Filtered');
    for (let i = 0; i < 2; i++) {
      expect(await page('/?q=Filtered')).toMatchObject({ status: 200, cache: null });
      expect(await page('/', { rsc: '1' })).toMatchObject({ status: 200, cache: null });
      expect(await page('/', { 'next-router-prefetch': '1' })).toMatchObject({ cache: null });
    }
    expect(pages.next.renders('/?q=Filtered')).toBe(2);
    expect(pages.next.renders('/')).toBe(4);
  });

  it('does not keep the page of an unknown event', async () => {
    const unknown = `/events/${randomUUID()}`;
    expect(await page(unknown)).toMatchObject({ status: 404, cache: 'miss' });
    expect(await page(unknown)).toMatchObject({ status: 404, cache: 'miss' });
    expect(pages.next.renders(unknown)).toBe(2);
  });

  it("serves a kept page with Next's headers but not its request id, gzip when accepted", async () => {
    const { event } = await createEventWithSession(web.db, 'Headers');
    const path = `/events/${event.id}`;
    const first = await page(path);
    const plain = await rawGet(`${pages.url}${path}`, {});
    expect(plain.headers[PAGE_CACHE_HEADER]).toBe('hit');
    expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(plain.headers['cache-control']).toBe(
      'private, no-cache, no-store, max-age=0, must-revalidate',
    );
    expect(plain.headers.vary).toBe('rsc, next-router-state-tree, Accept-Encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(plain.body.toString()).toBe(first.body);
    // The header of this exchange, set by the front before the cache answered, not the renderer's.
    expect(plain.headers['x-request-id']).not.toBe(first.headers.get('x-request-id'));

    const zipped = await rawGet(`${pages.url}${path}`, { 'accept-encoding': 'br, gzip;q=0.8' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(gunzipSync(zipped.body).toString()).toBe(first.body);

    const refused = await rawGet(`${pages.url}${path}`, { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();

    const head = await rawGet(`${pages.url}${path}`, {}, 'HEAD');
    expect(head.headers[PAGE_CACHE_HEADER]).toBe('hit');
    expect(head.body.length).toBe(0);
    expect(pages.next.renders(path)).toBe(1);
  });

  it('goes to Next for every request while the catalog versions cannot be read', async () => {
    await pages.close();
    pages = await startPageServer({
      versions: (_scopes: readonly CacheScope[]) => Promise.reject(new Error('redis down')),
    });
    await createEventWithSession(web.db, 'Outage');
    for (let i = 0; i < 2; i++) {
      const answer = await page('/');
      expect(answer).toMatchObject({ status: 200, cache: 'bypass' });
      expect(answer.body).toContain('Outage');
    }
    expect(pages.next.renders('/')).toBe(2);
  });
});

describe('page cache: what Next answered decides what is kept', () => {
  it('keeps nothing that sets a cookie, is not HTML or is not a 200', async () => {
    const id = randomUUID();
    const path = `/events/${id}`;
    const cases: { name: string; answer: (res: ServerResponse) => void }[] = [
      {
        name: 'sets a cookie',
        answer: (res) => {
          res.setHeader('content-type', 'text/html');
          res.setHeader('set-cookie', 'seen=1');
          res.end('<p>cookie</p>');
        },
      },
      {
        name: 'JSON',
        answer: (res) => {
          res.setHeader('content-type', 'application/json');
          res.end('{}');
        },
      },
      {
        name: 'an error page',
        answer: (res) => {
          res.statusCode = 500;
          res.setHeader('content-type', 'text/html');
          res.end('<p>error</p>');
        },
      },
    ];
    for (const { name, answer } of cases) {
      let renders = 0;
      const pageCache = createPageCache({
        versions: async (scopes) => scopes.map(() => '1'),
        logger: createLogger('web-test', 'silent'),
      });
      const server = http.createServer((req, res) => {
        void pageCache(req, res, async () => {
          renders += 1;
          answer(res);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await (await fetch(`${base}${path}`)).text();
      await (await fetch(`${base}${path}`)).text();
      expect(renders, name).toBe(2);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function rawGet(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}
