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
    // The item's row lock, taken here, stalls the holds inside the service: they are certainly in
    // flight when the signal lands, and they can only finish once the lock is let go.
    const locker = await db.$client.connect();
    let locked = false;
    try {
      await locker.query('begin');
      locked = true;
      await locker.query(
        'select 1 from inventory_items where session_id = $1 and ticket_type_id = $2 for update',
        [item.session_id, item.ticket_type_id],
      );
      const inFlight = Array.from({ length: 150 }, () =>
        holdOne(service.url, item).then(
          (answer) => ({ answer, at: performance.now() }),
          (error: unknown) => ({ answer: `failed ${String(error)}`, at: performance.now() }),
        ),
      );
      await until(async () => (await transactionsWaitingOnLocks()) > 0);

      const exited = service.stop('SIGTERM');
      // Still running: it waits for the stalled holds rather than dropping them.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(service.child.exitCode).toBeNull();
      const releasedAt = performance.now();
      await locker.query('commit');
      locked = false;

      const exitCode = await exited;
      const settled = await Promise.all(inFlight);
      const answers = settled.map((one) => one.answer);
      expect(exitCode).toBe(0);
      const counts = tally(answers);
      const failed = answers.filter((answer) => answer.startsWith('failed'));
      // Requests accepted before the signal are answered; later ones find the port closed.
      expect(
        (counts['200 ok'] ?? 0) + (counts['409 insufficient_inventory'] ?? 0) + failed.length,
      ).toBe(150);
      // The holds in flight at the signal got their seats, after the lock was let go: during
      // the shutdown, not before it.
      const answered = settled.filter((one) => !one.answer.startsWith('failed'));
      expect(counts['200 ok'] ?? 0).toBeGreaterThan(0);
      expect(answered.every((one) => one.at >= releasedAt)).toBe(true);
      const after = await conservationOf(db, item);
      expectConserved(after);
      expect(after.held).toBe(counts['200 ok'] ?? 0);
      expect(service.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    } finally {
      if (locked) await locker.query('rollback');
      locker.release();
    }
  });
});

/** Transactions of this database other than ours waiting for a lock (the stalled holds). */
async function transactionsWaitingOnLocks(): Promise<number> {
  const { rows } = await db.$client.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
  );
  return rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
