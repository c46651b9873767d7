import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Database } from '@ticketing/db/client';
import { createLogger } from '@ticketing/log/logger';
import type * as standalone from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createInventoryServer } from '../src/http/server';
import { inAnHour, newItem, openDatabase, testDatabase } from './support';

/**
 * The fast lane of the tRPC handler (packages/runtime/src/trpc-handler.ts) must answer exactly
 * what tRPC's standalone adapter answers for the inventory's procedures: the same requests go to
 * a server with it and one without, and status, headers and body must match.
 */
const adapterHandler = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@trpc/server/adapters/standalone', async (importOriginal) => {
  const original = await importOriginal<typeof standalone>();
  return {
    ...original,
    createHTTPHandler: (options: Parameters<typeof original.createHTTPHandler>[0]) => {
      const handler = original.createHTTPHandler(options);
      return (...args: Parameters<typeof handler>) => {
        adapterHandler.calls += 1;
        handler(...args);
      };
    },
  };
});

let db: Database;
const servers: Server[] = [];
let fast = '';
let adapter = '';

async function listen(trpcFastLane: boolean) {
  const server = createInventoryServer({
    db,
    logger: createLogger('inventory-test', 'silent'),
    holdBatchMax: 100,
    holdInFlight: 1,
    holdCoalescing: true,
    trpcFastLane,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  db = openDatabase(await testDatabase(), 3);
  [fast, adapter] = await Promise.all([listen(true), listen(false)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await db.$client.end();
});

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
}

async function send(base: string, call: Call) {
  const response = await fetch(`${base}${call.path}`, {
    method: call.method,
    headers: call.contentType ? { 'content-type': call.contentType } : {},
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
  path: `/trpc/${path}`,
  body: input === undefined ? undefined : JSON.stringify(input),
  contentType,
});
const get = (path: string, input: unknown): Call => ({
  method: 'GET',
  path: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
});

describe('fast lane and tRPC adapter answer alike', () => {
  const item = newItem();
  const held = { hold_id: randomUUID(), ...item, quantity: 2, expires_at: inAnHour() };
  // Both servers get the very same request, ids included.
  const unknownId = randomUUID();

  beforeAll(async () => {
    await send(fast, post('upsertItem', { ...item, total_quantity: 3 }));
    await send(fast, post('hold', held));
    await send(fast, post('release', { hold_id: '00000000-0000-4000-8000-000000000001' }));
  });

  const cases: Array<[string, () => Call]> = [
    ['a query', () => get('getItem', item)],
    [
      'a query of a missing item (404)',
      () => get('getItem', { ...item, ticket_type_id: unknownId }),
    ],
    ['a query with invalid input (400)', () => get('getItem', { session_id: 'x' })],
    ['a query without input', () => ({ method: 'GET', path: '/trpc/getItem' })],
    ['a replayed hold', () => post('hold', held)],
    ['a hold beyond availability (409)', () => post('hold', { ...held, hold_id: unknownId })],
    ['a hold id with other parameters (409)', () => post('hold', { ...held, quantity: 1 })],
    ['a hold with quantity 0 (400)', () => post('hold', { ...held, quantity: 0 })],
    ['a hold with a string quantity (400)', () => post('hold', { ...held, quantity: '2' })],
    ['a mutation without a body (400)', () => post('hold', undefined)],
    ['a mutation with a charset', () => post('hold', held, 'application/json; charset=utf-8')],
    [
      'a late hold on a tombstone (409)',
      () => post('hold', { ...held, hold_id: '00000000-0000-4000-8000-000000000001' }),
    ],
    ['a commit of an unknown hold (404)', () => post('commit', { hold_id: unknownId })],
    ['a shrink below reserved (409)', () => post('upsertItem', { ...item, total_quantity: 1 })],
    ['malformed JSON', () => ({ ...post('hold', {}), body: '{"hold_id":' })],
    ['an unknown procedure', () => post('nothing', {})],
    ['a GET of a mutation', () => get('hold', held)],
    [
      'a batch',
      () => ({
        method: 'GET',
        path: `/trpc/getItem?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: item }))}`,
      }),
    ],
  ];

  it.each(cases)('%s', async (_name, call) => {
    const [viaFastLane, viaAdapter] = await Promise.all([
      send(fast, call()),
      send(adapter, call()),
    ]);
    expect(viaFastLane).toEqual(viaAdapter);
  });
});

describe('the fast lane', () => {
  it('answers single calls, successes and errors, without the adapter', async () => {
    const item = newItem();
    adapterHandler.calls = 0;
    await send(fast, post('upsertItem', { ...item, total_quantity: 1 }));
    await send(fast, get('getItem', item));
    await send(fast, post('hold', { hold_id: 'nope' }));
    expect(adapterHandler.calls).toBe(0);
    await send(fast, { method: 'GET', path: '/trpc/getItem?batch=1&input={}' });
    expect(adapterHandler.calls).toBe(1);
  });
});
