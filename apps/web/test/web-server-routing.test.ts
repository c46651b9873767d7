import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createLogger } from '@ticketing/log/logger';
import type { Meta } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createWebServer } from '../src/server/http/create-web-server';
import { keptPageHeaders, pagePolicy } from '../src/server/http/page-security';

// Stands in for Next: it answers every path it is given with HTML.
const next = async (_req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('content-type', 'text/html');
  res.end('<html>next</html>');
};

const t = initTRPC.create();
const server = createWebServer({
  router: t.router({}),
  createContext: () => ({}),
  readiness: {},
  openApiDocument: { openapi: '3.0.3' },
  nextHandler: next,
  logger: createLogger('test', 'silent'),
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('routing between the API and Next', () => {
  it('answers an unknown /api path with a JSON 404, not a Next page', async () => {
    const response = await fetch(`${base}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('hands pages and next-auth to Next', async () => {
    for (const path of ['/', '/admin', '/api/auth/session']) {
      const response = await fetch(`${base}${path}`);
      expect(await response.text(), path).toBe('<html>next</html>');
    }
  });
});

describe('content security policy', () => {
  it('gives every page answer a fresh nonce, on the request Next reads and on the answer', async () => {
    const seen: string[] = [];
    const pages = createWebServer({
      router: t.router({}),
      createContext: () => ({}),
      readiness: {},
      openApiDocument: {},
      nextHandler: async (req, res) => {
        seen.push(String(req.headers['content-security-policy']));
        await next(req, res);
      },
      logger: createLogger('test', 'silent'),
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    try {
      const [first, second] = [await fetch(`${url}/`), await fetch(`${url}/events/x`)];
      const policies = [first, second].map((r) => r.headers.get('content-security-policy') ?? '');
      expect(policies).toEqual(seen);
      for (const policy of policies) {
        expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
      }
      expect(nonceOf(policies[0] ?? '')).not.toBe(nonceOf(policies[1] ?? ''));
      expect(first.headers.get('x-frame-options')).toBe('DENY');
      // The API keeps the front's policy: it loads nothing.
      const api = await fetch(`${url}/api/no-such-thing`);
      expect(api.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    } finally {
      await new Promise<void>((resolve) => pages.close(() => resolve()));
    }
  });

  it('serves a kept render under the hashes of its inline scripts, never its nonce', () => {
    const inline = 'self.__next_f.push([1,"x"])';
    const html =
      `<html><script nonce="abc">${inline}</script>` +
      '<script src="/_next/static/chunks/main.js" nonce="abc" async=""></script></html>';
    const headers = keptPageHeaders(
      { 'content-security-policy': pagePolicy('abc', false), 'content-type': 'text/html' },
      Buffer.from(html),
    );
    const policy = String(headers['content-security-policy']);
    const hash = createHash('sha256').update(inline).digest('base64');
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}';`);
    expect(policy).not.toContain('nonce-');
    expect(policy).not.toContain('strict-dynamic');
    expect(headers['content-type']).toBe('text/html');
  });
});

const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

describe('cross-site admin writes', () => {
  const admin = initTRPC.create();
  const guarded = createWebServer({
    router: admin.router({
      admin: admin.router({ ping: admin.procedure.mutation(() => 'ok') }),
      open: admin.router({ ping: admin.procedure.mutation(() => 'ok') }),
    }),
    createContext: () => ({}),
    readiness: {},
    openApiDocument: {},
    nextHandler: next,
    logger: createLogger('test', 'silent'),
    appUrl: 'https://tickets.example.com',
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => guarded.close(() => resolve())));

  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'next-auth.session-token=x',
        ...headers,
      },
      body: '{}',
    });

  it.each([
    ['another Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['an opaque Origin', { origin: 'null' }],
  ])('refuses an admin write with %s: 403 forbidden', async (_what, headers) => {
    for (const path of [
      '/api/trpc/admin.ping',
      '/api/trpc/open.ping,admin.ping?batch=1',
      '/api/admin/events',
      '/api/auth/signout',
    ]) {
      const response = await post(path, headers);
      expect(response.status, path).toBe(403);
      expect(await response.json(), path).toMatchObject({ error: 'forbidden' });
    }
  });

  it('lets the same origin, Bearer clients without cookies and non-admin calls through', async () => {
    const sameOrigin = await post('/api/trpc/admin.ping', {
      origin: 'https://tickets.example.com',
      'sec-fetch-site': 'same-origin',
    });
    expect(sameOrigin.status).toBe(200);
    const sameHost = await post('/api/trpc/admin.ping', { origin: url });
    expect(sameHost.status).toBe(200);
    const bearer = await fetch(`${url}/api/trpc/admin.ping`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer t',
        origin: 'https://evil.example',
      },
      body: '{}',
    });
    expect(bearer.status).toBe(200);
    const publicCall = await post('/api/trpc/open.ping', { origin: 'https://evil.example' });
    expect(publicCall.status).toBe(200);
  });
});

describe('CORS of the web', () => {
  const rest = initTRPC.meta<Meta>().create();
  const ok = rest.procedure.input(z.object({}).passthrough()).output(z.object({ ok: z.boolean() }));
  const server = createWebServer({
    router: rest.router({
      list: ok.meta({ openapi: { method: 'GET', path: '/events' } }).query(() => ({ ok: true })),
      create: ok
        .meta({ openapi: { method: 'POST', path: '/admin/events' } })
        .mutation(() => ({ ok: true })),
    }),
    createContext: () => ({}),
    readiness: {},
    openApiDocument: {},
    logger: createLogger('test', 'silent'),
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('opens the catalog reads to every origin, and HEAD answers them without a body', async () => {
    const preflight = await fetch(`${url}/api/events`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const head = await fetch(`${url}/api/events`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect(head.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('grants no CORS to admin routes, and a wrong method is a 405 with Allow', async () => {
    const preflight = await fetch(`${url}/api/admin/events`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('allow')).toBe('OPTIONS, POST');
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const wrong = await fetch(`${url}/api/events`, { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await wrong.json()).toMatchObject({ error: 'method_not_allowed' });
  });
});
