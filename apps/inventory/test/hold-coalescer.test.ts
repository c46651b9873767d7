import { randomUUID } from 'node:crypto';

import { createDatabase, type Database } from '@ticketing/db/client';
import { truncateAll } from '@ticketing/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HoldCoalescer } from '../src/inventory/hold-coalescer';
import type { HoldRequest } from '../src/inventory/place-holds';
import {
  callerFor,
  conservationOf,
  expectConserved,
  inAnHour,
  newItem,
  openDatabase,
  testDatabase,
} from './support';

let db: Database;

beforeAll(async () => {
  const url = await testDatabase();
  await truncateAll(url);
  db = openDatabase(url);
});
afterAll(() => db.$client.end());

/** `database` with its transactions counted. */
function counting(database: Database) {
  const counter = { transactions: 0 };
  const counted = new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<Database['transaction']>) => {
        counter.transactions += 1;
        return target.transaction(...args);
      };
    },
  });
  return { db: counted, counter };
}

const coalescerOn = (database: Database) =>
  new HoldCoalescer(database, { maxBatch: 500, inFlight: 2, coalesce: true });

async function itemWith(total: number) {
  const item = newItem();
  await callerFor(db).upsertItem({ ...item, total_quantity: total });
  return item;
}

describe('HoldCoalescer', () => {
  it('answers the good holds of a batch in which one hold is bad, and refuses only the bad ones', async () => {
    const item = await itemWith(10);
    const { db: counted, counter } = counting(db);
    const coalescer = coalescerOn(counted);
    const request = (quantity: number, expiresAt = new Date(inAnHour())): HoldRequest => ({
      holdId: randomUUID(),
      sessionId: item.session_id,
      ticketTypeId: item.ticket_type_id,
      quantity,
      expiresAt,
    });
    // Sent in one turn of the event loop, so they go as one batch.
    const settled = await Promise.allSettled(
      [
        request(2),
        request(0), // breaks inventory_holds_quantity_positive (class 23)
        request(3),
        request(1, new Date(Number.NaN)), // cannot be encoded (RangeError)
        request(1),
        request(5), // only 4 left by then
      ].map((r) => coalescer.hold(r)),
    );
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'refused'))).toEqual([
      { outcome: 'held', availableQuantity: 8 },
      'refused',
      { outcome: 'held', availableQuantity: 5 },
      'refused',
      { outcome: 'held', availableQuantity: 4 },
      { outcome: 'insufficient', availableQuantity: 4 },
    ]);
    const after = await conservationOf(db, item);
    expectConserved(after);
    expect(after).toMatchObject({ available: 4, held: 6, heldRows: 6 });
    // Tried whole first, then split: the batch was indeed one transaction to begin with.
    expect(counter.transactions).toBeGreaterThan(1);
  });

  it('fails a batch once, without splitting it, when the database itself is unreachable', async () => {
    const unreachable = createDatabase({
      url: 'postgres://ticketing:ticketing@127.0.0.1:1/nowhere',
      poolSize: 1,
      applicationName: 'inventory-test',
    });
    const { db: counted, counter } = counting(unreachable);
    const coalescer = coalescerOn(counted);
    const item = newItem();
    const settled = await Promise.allSettled(
      [1, 2, 3, 4].map((quantity) =>
        coalescer.hold({
          holdId: randomUUID(),
          sessionId: item.session_id,
          ticketTypeId: item.ticket_type_id,
          quantity,
          expiresAt: new Date(inAnHour()),
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(counter.transactions).toBe(1);
    await unreachable.$client.end();
  });
});
