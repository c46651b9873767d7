import type http from 'node:http';
import type { ServerResponse } from 'node:http';
import net from 'node:net';

import { createLogger } from '@ticketing/log/logger';
import { currentRequestId } from '@ticketing/log/request-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHttpFront } from '../src/http-front';
import { createRestHandler } from '../src/rest-handler';
import { sendJson } from '../src/send-json';
import { createTrpcHandler } from '../src/trpc-handler';
import { close, listen, testRouter } from './support';

/** The web's arrangement: tRPC and REST under /api, a route of the front's own, Next behind. */
let redisUp = true;
const createContext = () => ({});
const server = createHttpFront({
  logger: createLogger('http-front-test', 'silent'),
  readiness: {
    postgres: async () => true,
    redis: async () => {
      if (!redisUp) throw new Error('redis down');
    },
  },
  trpc: createTrpcHandler({ router: testRouter, createContext, basePath: '/api/trpc' }),
  rest: createRestHandler({ router: testRouter, createContext, prefix: '/api' }),
  routes: [
    {
      path: '/api/whoami',
      methods: ['GET'],
      handle: (_req, res) => sendJson(res, 200, { request_id: currentRequestId() }),
    },
    {
      path: '/api/broken',
      handle: () => {
        throw new Error('a bug');
      },
    },
  ],
  apiPrefix: '/api',
  // Stands in for Next: it answers every path it is given with HTML.
  fallback: (_req, res: ServerResponse) => {
    res.setHeader('content-type', 'text/html');
    res.end('<html>next</html>');
  },
  bodyLimit: 1_024,
});
let base = '';

beforeAll(async () => {
  base = await listen(server);
});
afterAll(() => close(server));

describe('the request id', () => {
  it('is echoed, and the handler runs under it', async () => {
    const response = await fetch(`${base}/api/whoami`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(await response.json()).toEqual({ request_id: 'abc-123' });
  });

  it('is made up when the request has none (or a bad one)', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id!' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('health and readiness', () => {
  it('answers /healthz ok and /readyz naming a failing check', async () => {
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok' },
    });
    redisUp = false;
    const down = await fetch(`${base}/readyz`);
    expect([down.status, await down.json()]).toEqual([
      503,
      { status: 'unavailable', checks: { postgres: 'ok', redis: 'down' } },
    ]);
    redisUp = true;
  });

  it('answers /healthz 503 stopping once the front is not alive', async () => {
    let alive = true;
    const front = createHttpFront({ alive: () => alive });
    const url = await listen(front);
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      alive = false;
      const stopping = await fetch(`${url}/healthz`);
      expect([stopping.status, await stopping.json()]).toEqual([503, { status: 'stopping' }]);
    } finally {
      await close(front);
    }
  });
});

describe('routing', () => {
  it('serves tRPC and REST under /api', async () => {
    const input = encodeURIComponent(JSON.stringify({ id: '1' }));
    expect(await (await fetch(`${base}/api/trpc/getThing?input=${input}`)).json()).toEqual({
      result: { data: { id: '1', name: 'one' } },
    });
    const created = await fetch(`${base}/api/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'two', size: 2 }),
    });
    expect([created.status, await created.json()]).toEqual([201, { id: '2', name: 'two' }]);
  });

  it('answers an unknown /api path with a JSON 404, not the fallback', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/whoami'],
      ['GET', '/api/trpcx'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({
        error: 'not_found',
        message: `No route for ${method} ${path}`,
      });
    }
  });

  it('hands every other path to the fallback', async () => {
    for (const path of ['/', '/admin', '/events/x?y=1']) {
      expect(await (await fetch(`${base}${path}`)).text(), path).toBe('<html>next</html>');
    }
  });

  it('answers a JSON 500 for an unhandled error, without its cause', async () => {
    const response = await fetch(`${base}/api/broken`);
    expect([response.status, await response.json()]).toEqual([
      500,
      { error: 'internal_error', message: 'Internal server error' },
    ]);
  });
});

describe('the body limit', () => {
  const big = JSON.stringify({ name: 'x'.repeat(2_000), size: 1 });

  it.each([
    ['tRPC', '/api/trpc/createThing'],
    ['REST', '/api/things'],
  ])('answers a body over it with 413 payload_too_large (%s)', async (_name, path) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'payload_too_large',
      message: 'Request body too large',
    });
  });

  it('takes a body just under it', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(900), size: 1 });
    const response = await fetch(`${base}/api/trpc/createThing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
  });
});

describe('a health-only front', () => {
  let health: http.Server;
  let url = '';
  beforeAll(async () => {
    health = createHttpFront({ readiness: {} });
    url = await listen(health);
  });
  afterAll(() => close(health));

  it('answers anything but /healthz and /readyz with a JSON 404', async () => {
    const response = await fetch(`${url}/api/trpc/getThing`);
    expect([response.status, await response.json()]).toEqual([
      404,
      { error: 'not_found', message: 'not found' },
    ]);
  });
});

describe('security headers', () => {
  const expectSecure = (response: Response, what: string) => {
    expect(response.headers.get('content-security-policy'), what).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(response.headers.get('x-frame-options'), what).toBe('DENY');
    expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy'), what).toBe(
      'camera=(), microphone=(), geolocation=(), payment=(self)',
    );
  };

  it('are on every answer: API, health, 404, 500, 413', async () => {
    const big = JSON.stringify({ id: 'x'.repeat(2_000) });
    const answers: [string, Promise<Response>][] = [
      ['rest', fetch(`${base}/api/things/1`)],
      ['trpc', fetch(`${base}/api/trpc/getThing?input=${encodeURIComponent('{"id":"1"}')}`)],
      ['healthz', fetch(`${base}/healthz`)],
      ['404', fetch(`${base}/api/no-such-thing`)],
      ['500', fetch(`${base}/api/broken`)],
      ['413', fetch(`${base}/api/trpc/makeThing`, { method: 'POST', body: big })],
    ];
    for (const [what, answer] of answers) expectSecure(await answer, what);
  });

  it('send HSTS only when configured and over TLS (here: the proxy says so)', async () => {
    expect((await fetch(`${base}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const front = createHttpFront({ readiness: {}, security: { hstsMaxAgeSeconds: 600 } });
    const url = await listen(front);
    try {
      const plain = await fetch(`${url}/healthz`);
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      const tls = await fetch(`${url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.headers.get('strict-transport-security')).toBe('max-age=600; includeSubDomains');
      expectSecure(tls, 'health-only front');
    } finally {
      await close(front);
    }
  });
});

describe('HTTP methods of the REST routes', () => {
  it('answers HEAD wherever GET is: same status and headers, no body', async () => {
    const get = await fetch(`${base}/api/things/1`);
    const head = await fetch(`${base}/api/things/1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect((await fetch(`${base}/api/things/2`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers 405 with Allow for a known path and a method it has not', async () => {
    const wrong = await fetch(`${base}/api/things/1`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await wrong.json()).toMatchObject({ error: 'method_not_allowed' });
    const list = await fetch(`${base}/api/things`);
    expect([list.status, list.headers.get('allow')]).toEqual([405, 'OPTIONS, POST']);
    // A path nobody serves is still a 404.
    expect((await fetch(`${base}/api/nothing/here`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers OPTIONS with Allow and no CORS grant unless the route is an open read', async () => {
    const closed = await fetch(`${base}/api/things/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(closed.status).toBe(204);
    expect(closed.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();

    const open = createHttpFront({
      rest: createRestHandler({
        router: testRouter,
        createContext,
        prefix: '/api',
        openReads: (template) => template === '/things/{id}',
      }),
    });
    const url = await listen(open);
    try {
      const preflight = await fetch(`${url}/api/things/1`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
      const read = await fetch(`${url}/api/things/1`);
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
      const write = await fetch(`${url}/api/things`, { method: 'OPTIONS' });
      expect(write.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await close(open);
    }
  });
});

/** Sends raw bytes and reads the whole answer until the server closes the connection. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

describe('a request the HTTP parser refuses', () => {
  it('answers a head over 16 KiB with a JSON 431', async () => {
    const answer = await rawRequest(
      `GET /api/whoami?q=${'a'.repeat(20_000)} HTTP/1.1\r\nhost: localhost\r\n\r\n`,
    );
    expect(answer.startsWith('HTTP/1.1 431 ')).toBe(true);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(bodyOf(answer)).toEqual({
      error: 'request_header_fields_too_large',
      message: expect.any(String),
    });
  });

  it('answers a malformed request with a JSON 400', async () => {
    const answer = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(bodyOf(answer)).toEqual({ error: 'bad_request', message: expect.any(String) });
  });
});
