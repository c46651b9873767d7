import { randomUUID } from 'node:crypto';

import { scrapeMetrics } from '@ticketing/runtime/metrics-scrape';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type InventoryProcess, startInventoryProcess } from '../src/testing';
import { inAnHour, newItem, testDatabase } from './support';

let service: InventoryProcess;

beforeAll(async () => {
  service = await startInventoryProcess({
    DATABASE_URL_INVENTORY: await testDatabase(),
    DB_POOL_SIZE: '2',
  });
});
afterAll(() => service.stop());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

describe('/metrics of the inventory process (src/main.ts)', () => {
  it('counts placed and refused holds, and times each route under its template', async () => {
    const item = newItem();
    const itemPath = `/inventory/items/${item.session_id}/${item.ticket_type_id}`;
    expect(await call('PUT', itemPath, { total_quantity: 2 })).toBe(200);
    const before = await scrapeMetrics(service.url);

    const hold = { ...item, quantity: 2, expires_at: inAnHour() };
    expect(await call('POST', '/inventory/hold', { ...hold, hold_id: randomUUID() })).toBe(200);
    expect(await call('POST', '/inventory/hold', { ...hold, hold_id: randomUUID() })).toBe(409);
    expect(await call('GET', `/inventory/nowhere/${item.session_id}`)).toBe(404);
    const after = await scrapeMetrics(service.url);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);

    expect(moved('holds_placed_total', { process: 'inventory' })).toBe(1);
    expect(moved('holds_refused_total', { reason: 'insufficient_inventory' })).toBe(1);
    const count = 'http_request_duration_seconds_count';
    expect(moved(count, { method: 'POST', route: '/inventory/hold', status: '200' })).toBe(1);
    expect(moved(count, { method: 'POST', route: '/inventory/hold', status: '409' })).toBe(1);
    expect(moved(count, { method: 'GET', route: 'not_found', status: '404' })).toBe(1);
    expect(
      after.value(count, {
        method: 'PUT',
        route: '/inventory/items/{session_id}/{ticket_type_id}',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.text).not.toContain(item.session_id);
    expect(after.value('db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(after.has('nodejs_heap_size_used_bytes')).toBe(true);
  });
});
