import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { AppError } from '@ticketing/trpc/errors';
import { createInventoryClient } from '@ticketing/trpc/inventory/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type InventoryProcess, startInventoryProcess } from '../src/testing';
import { conservationOf, inAnHour, newItem, openDatabase, testDatabase } from './support';

let service: InventoryProcess;
let db: Database;

beforeAll(async () => {
  const url = await testDatabase();
  db = openDatabase(url, 2);
  service = await startInventoryProcess({ DATABASE_URL_INVENTORY: url, DB_POOL_SIZE: '3' });
});
afterAll(async () => {
  await service.stop();
  await db.$client.end();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const itemPath = (item: { session_id: string; ticket_type_id: string }) =>
  `/inventory/items/${item.session_id}/${item.ticket_type_id}`;

async function restItem(total: number) {
  const item = newItem();
  expect((await call('PUT', itemPath(item), { total_quantity: total })).status).toBe(200);
  return item;
}

describe('REST paths of the seed (docs/architecture.md §5)', () => {
  it('POST /inventory/hold answers 200 {success, available_quantity} and 409 with success:false', async () => {
    const item = await restItem(3);
    const hold = { hold_id: randomUUID(), ...item, quantity: 2, expires_at: inAnHour() };
    expect(await call('POST', '/inventory/hold', hold)).toEqual({
      status: 200,
      body: { success: true, available_quantity: 1, status: 'held' },
    });
    const refused = await call('POST', '/inventory/hold', { ...hold, hold_id: randomUUID() });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      success: false,
      error: 'insufficient_inventory',
      available_quantity: 1,
    });
    expect(typeof refused.body.message).toBe('string');
  });

  it('POST /inventory/release and /inventory/commit, with 409 hold_released', async () => {
    const item = await restItem(2);
    const hold = { hold_id: randomUUID(), ...item, quantity: 2, expires_at: inAnHour() };
    await call('POST', '/inventory/hold', hold);
    expect(await call('POST', '/inventory/release', { hold_id: hold.hold_id })).toEqual({
      status: 200,
      body: { success: true, status: 'released' },
    });
    // Somebody else takes the seats: the released hold cannot be committed any more.
    await call('POST', '/inventory/hold', { ...hold, hold_id: randomUUID() });
    const commit = await call('POST', '/inventory/commit', { hold_id: hold.hold_id });
    expect(commit.status).toBe(409);
    expect(commit.body).toMatchObject({ success: false, error: 'hold_released' });

    const other = { ...hold, hold_id: randomUUID(), ...(await restItem(1)), quantity: 1 };
    await call('POST', '/inventory/hold', other);
    expect(await call('POST', '/inventory/commit', { hold_id: other.hold_id })).toEqual({
      status: 200,
      body: { success: true, status: 'committed' },
    });
  });

  it('GET /inventory/items/{session_id}/{ticket_type_id} answers the counters or 404', async () => {
    const item = await restItem(7);
    expect(await call('GET', itemPath(item))).toEqual({
      status: 200,
      body: {
        ...item,
        total_quantity: 7,
        available_quantity: 7,
        held_quantity: 0,
        committed_quantity: 0,
      },
    });
    const missing = await call('GET', itemPath(newItem()));
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });

  it('PUT /inventory/items/... refuses a shrink below held + committed with 409', async () => {
    const item = await restItem(5);
    await call('POST', '/inventory/hold', {
      hold_id: randomUUID(),
      ...item,
      quantity: 4,
      expires_at: inAnHour(),
    });
    const shrink = await call('PUT', itemPath(item), { total_quantity: 3 });
    expect(shrink.status).toBe(409);
    expect(shrink.body).toMatchObject({ error: 'quantity_below_reserved', held_quantity: 4 });
    expect((await call('GET', itemPath(item))).body.total_quantity).toBe(5);
  });

  it('/healthz and /readyz', async () => {
    expect(await call('GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok' } },
    });
  });
});

describe('bad input answers 400 validation_error and changes nothing', () => {
  const base = () => ({
    hold_id: randomUUID(),
    quantity: 1,
    expires_at: inAnHour(),
  });

  it.each([
    ['zero quantity', { quantity: 0 }, 'quantity'],
    ['negative quantity', { quantity: -1 }, 'quantity'],
    ['fractional quantity', { quantity: 1.5 }, 'quantity'],
    ['huge quantity', { quantity: 1e12 }, 'quantity'],
    ['quantity as a string', { quantity: '1' }, 'quantity'],
    ['quantity as a boolean', { quantity: true }, 'quantity'],
    ['hold id that is no uuid', { hold_id: 'abc' }, 'hold_id'],
    ['date that is no date', { expires_at: 'tomorrow' }, 'expires_at'],
    ['missing quantity', { quantity: undefined }, 'quantity'],
  ])('hold with %s', async (_name, change, field) => {
    const item = await restItem(5);
    const { status, body } = await call('POST', '/inventory/hold', {
      ...base(),
      ...item,
      ...change,
    });
    expect(status).toBe(400);
    expect(body.error).toBe('validation_error');
    expect(Object.keys(body.fields as object)).toContain(field);
    expect(await conservationOf(db, item)).toMatchObject({ available: 5, held: 0, heldRows: 0 });
  });

  it.each([
    ['negative', -1],
    ['huge', 1e12],
    ['string', 'ten'],
    ['numeric string', '5'],
    ['null', null],
    ['fractional', 2.5],
  ])('upsert with a %s total', async (_name, total) => {
    const item = await restItem(5);
    const { status, body } = await call('PUT', itemPath(item), { total_quantity: total });
    // null would read as 0 if the REST layer's coercion reached this field: the item emptied.
    expect(status).toBe(400);
    expect(body.error).toBe('validation_error');
    expect((await call('GET', itemPath(item))).body.total_quantity).toBe(5);
  });

  it('malformed JSON and a wrong path parameter', async () => {
    const response = await fetch(`${service.url}/inventory/hold`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hold_id":',
    });
    expect(response.status).toBe(400);
    expect((await call('GET', '/inventory/items/not-a-uuid/also-not')).status).toBe(400);
  });
});

describe('typed client over tRPC', () => {
  const client = () => createInventoryClient({ url: service.url });

  it('calls every procedure and gets domain errors back as AppError', async () => {
    const item = newItem();
    await client().upsertItem({ ...item, total_quantity: 1 });
    const hold = { hold_id: randomUUID(), ...item, quantity: 1, expires_at: inAnHour() };
    expect(await client().hold(hold)).toEqual({
      success: true,
      available_quantity: 0,
      status: 'held',
    });
    const error = await client()
      .hold({ ...hold, hold_id: randomUUID() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'insufficient_inventory',
      status: 409,
      details: { success: false, available_quantity: 0 },
    });
    expect(await client().commit({ hold_id: hold.hold_id })).toEqual({
      success: true,
      status: 'committed',
    });
    expect(await client().getItem(item)).toMatchObject({ committed_quantity: 1 });
    expect((await client().listItems({ session_ids: [item.session_id] })).results).toHaveLength(1);
    expect(await client().release({ hold_id: randomUUID() })).toEqual({
      success: true,
      status: 'released',
    });
  });

  it('answers tRPC calls with the REST status of the error', async () => {
    const response = await fetch(
      `${service.url}/trpc/getItem?input=${encodeURIComponent(JSON.stringify(newItem()))}`,
    );
    expect(response.status).toBe(404);
    const invalid = await fetch(`${service.url}/trpc/hold`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quantity: 0 }),
    });
    expect(invalid.status).toBe(400);
    const tooLarge = await fetch(`${service.url}/trpc/hold`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(100_000),
    });
    expect(tooLarge.status).toBe(413);
  });
});
