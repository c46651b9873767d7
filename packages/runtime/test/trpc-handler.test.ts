import type http from 'node:http';

import type * as standalone from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createHttpFront } from '../src/http-front';
import { createTrpcHandler } from '../src/trpc-handler';
import { close, listen, testRouter } from './support';

/**
 * The fast lane must answer exactly what tRPC's standalone adapter answers: the same requests go
 * to a front with the lane and to one without, and status, headers and body must match.
 */
const adapterCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@trpc/server/adapters/standalone', async (importOriginal) => {
  const original = await importOriginal<typeof standalone>();
  return {
    ...original,
    createHTTPHandler: (options: Parameters<typeof original.createHTTPHandler>[0]) => {
      const handler = original.createHTTPHandler(options);
      return (req: http.IncomingMessage, res: http.ServerResponse) => {
        adapterCalls.count += 1;
        handler(req, res);
      };
    },
  };
});

const servers: http.Server[] = [];
let fast = '';
let adapter = '';

function front(fastLane: boolean) {
  const server = createHttpFront({
    trpc: createTrpcHandler({
      router: testRouter,
      createContext: ({ req }) => ({ requestId: String(req.headers['x-request-id']) }),
      basePath: '/api/trpc',
      fastLane,
    }),
  });
  servers.push(server);
  return listen(server);
}

beforeAll(async () => {
  [fast, adapter] = await Promise.all([front(true), front(false)]);
});
afterAll(() => Promise.all(servers.map(close)));

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
}

async function send(base: string, call: Call) {
  const response = await fetch(`${base}${call.path}`, {
    method: call.method,
    headers: {
      'x-request-id': 'req-same',
      ...(call.contentType ? { 'content-type': call.contentType } : {}),
    },
    body: call.body,
  });
  const text = await response.text();
  // Stack traces (development only) differ by call path, nothing else may.
  const body: unknown = JSON.parse(text, (key, value: unknown) =>
    key === 'stack' ? '<stack>' : value,
  );
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    vary: response.headers.get('vary'),
    body,
  };
}

const json = 'application/json';
const post = (path: string, input: unknown, contentType = json): Call => ({
  method: 'POST',
  path: `/api/trpc/${path}`,
  body: input === undefined ? undefined : JSON.stringify(input),
  contentType,
});
const get = (path: string, input: unknown): Call => ({
  method: 'GET',
  path: `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
});

describe('fast lane and tRPC standalone adapter answer alike', () => {
  const cases: Array<[string, Call]> = [
    ['a query', get('getThing', { id: '1' })],
    ['a query of a nested router', get('nested.echo', { text: 'hi' })],
    ['a query without input', { method: 'GET', path: '/api/trpc/nested.echo' }],
    ['a query answering a domain error (404)', get('getThing', { id: '9' })],
    ['a query answering an internal error (500)', get('getThing', { id: 'boom' })],
    ['a query with invalid input (400)', get('getThing', { id: 5 })],
    ['a mutation', post('createThing', { name: 'two', size: 3 })],
    [
      'a mutation with a charset',
      post('createThing', { name: 'x', size: 1 }, `${json}; charset=utf-8`),
    ],
    ['a mutation with invalid input (400)', post('createThing', { name: '', size: '3' })],
    ['a mutation answering a domain error with details (410)', post('expireThing', { id: '7' })],
    ['a mutation without a body', post('createThing', undefined)],
    ['malformed JSON', { ...post('createThing', {}), body: '{"name":' }],
    ['an unknown procedure', post('nothing', {})],
    ['a GET of a mutation', get('createThing', { name: 'x', size: 1 })],
    ['a POST of a query', post('getThing', { id: '1' })],
    [
      'a batch',
      {
        method: 'GET',
        path: `/api/trpc/getThing,nested.echo?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: '1' } }))}`,
      },
    ],
  ];

  it.each(cases)('%s', async (_name, call) => {
    const [viaFastLane, viaAdapter] = await Promise.all([send(fast, call), send(adapter, call)]);
    expect(viaFastLane).toEqual(viaAdapter);
  });
});

describe('the fast lane', () => {
  it('answers single queries and mutations, successes and errors, without the adapter', async () => {
    adapterCalls.count = 0;
    expect(await send(fast, get('getThing', { id: '1' }))).toMatchObject({
      status: 200,
      body: { result: { data: { id: '1', name: 'one' } } },
    });
    expect(await send(fast, post('createThing', { name: 'two', size: 3 }))).toMatchObject({
      status: 200,
      body: { result: { data: { id: '2', name: 'two' } } },
    });
    expect(await send(fast, get('nested.echo', { text: 'hi' }))).toMatchObject({
      body: { result: { data: { text: 'hi', requestId: 'req-same' } } },
    });
    expect(await send(fast, post('expireThing', { id: '3' }))).toMatchObject({
      status: 410,
      body: { error: { error: 'hold_expired', expired_at: '2026-01-01T00:00:00.000Z' } },
    });
    expect(adapterCalls.count).toBe(0);
    await send(fast, { method: 'GET', path: '/api/trpc/getThing?batch=1&input={}' });
    expect(adapterCalls.count).toBe(1);
  });
});
