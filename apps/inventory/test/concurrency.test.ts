import { randomUUID } from 'node:crypto';
import type { Database } from '@ticketing/db/client';
import { createInventoryClient } from '@ticketing/trpc/inventory/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryProcess, startInventoryProcess } from '../src/testing';
import {
  conservationOf,
  expectConserved,
  inAnHour,
  newItem,
  openDatabase,
  testDatabase,
} from './support';

let db: Database;
let first: InventoryProcess;
/** Applies at most 7 holds per transaction, so its batches interleave with the first's. */
let second: InventoryProcess;
/** Stopped by the SIGTERM test. */
let third: InventoryProcess;

beforeAll(async () => {
  const url = await testDatabase();
  db = openDatabase(url, 2);
  const start = (env: Record<string, string> = {}) =>
    startInventoryProcess({ DATABASE_URL_INVENTORY: url, DB_POOL_SIZE: '4', ...env });
  [first, second, third] = await Promise.all([start(), start({ HOLD_BATCH_MAX: '7' }), start()]);
});
afterAll(async () => {
  await Promise.all([first, second, third].map((service) => service?.stop()));
  await db.$client.end();
});

/** One REST hold of 1 seat; answers the HTTP status and error code. */
async function holdOne(base: string, item: { session_id: string; ticket_type_id: string }) {
  const response = await fetch(`${base}/inventory/hold`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hold_id: randomUUID(), ...item, quantity: 1, expires_at: inAnHour() }),
  });
  const body = (await response.json()) as { error?: string };
  return `${response.status} ${body.error ?? 'ok'}`;
}

function tally(answers: string[]) {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer] = (counts[answer] ?? 0) + 1;
  return counts;
}

async function itemOf100(base: string) {
  const item = newItem();
  await createInventoryClient({ url: base }).upsertItem({ ...item, total_quantity: 100 });
  return item;
}

describe('no oversell under concurrency (real HTTP, real PostgreSQL)', () => {
  it('500 concurrent holds of 1 on an item of 100: exactly 100 succeed', async () => {
    const item = await itemOf100(first.url);
    const answers = await Promise.all(Array.from({ length: 500 }, () => holdOne(first.url, item)));
    expect(tally(answers)).toEqual({ '200 ok': 100, '409 insufficient_inventory': 400 });
    const after = await conservationOf(db, item);
    expectConserved(after);
    expect(after).toMatchObject({ available: 0, held: 100, heldRows: 100 });
  });

  it('the same with two inventory processes sharing the database', async () => {
    expect(first.port).not.toBe(second.port);
    const item = await itemOf100(first.url);
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) => holdOne(i % 2 === 0 ? first.url : second.url, item)),
    );
    expect(tally(answers)).toEqual({ '200 ok': 100, '409 insufficient_inventory': 400 });
    const after = await conservationOf(db, item);
    expectConserved(after);
    expect(after).toMatchObject({ available: 0, held: 100, heldRows: 100 });
  });

  it('the same hold id sent to two processes at once reserves its seats once', async () => {
    const item = await itemOf100(first.url);
    const hold = { hold_id: randomUUID(), ...item, quantity: 3, expires_at: inAnHour() };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createInventoryClient({ url: i % 2 === 0 ? first.url : second.url }).hold(hold),
      ),
    );
    expect(answers.every((answer) => answer.success && answer.status === 'held')).toBe(true);
    expect(await conservationOf(db, item)).toMatchObject({ available: 97, held: 3, heldRows: 3 });
  });

  it('SIGTERM lets in-flight holds finish, then exits 0', async () => {
    const service = third;
    const item = await itemOf100(service.url);
    const inFlight = Array.from({ length: 150 }, () =>
      holdOne(service.url, item).catch((error: unknown) => `failed ${String(error)}`),
    );
    // Let the requests reach the server before the signal.
    await new Promise((resolve) => setImmediate(resolve));
    const exitCode = await service.stop('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(exitCode).toBe(0);
    const counts = tally(answers);
    const failed = answers.filter((answer) => answer.startsWith('failed'));
    // Requests accepted before the signal are answered; later ones find the port closed.
    expect(
      (counts['200 ok'] ?? 0) + (counts['409 insufficient_inventory'] ?? 0) + failed.length,
    ).toBe(150);
    const after = await conservationOf(db, item);
    expectConserved(after);
    expect(after.held).toBe(counts['200 ok'] ?? 0);
    expect(service.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
