import { randomUUID } from 'node:crypto';

import type { Database } from '@ticketing/db/client';
import { truncateAll } from '@ticketing/db/testing';
import { AppError } from '@ticketing/trpc/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { placeHolds } from '../src/inventory/place-holds';
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
let caller: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const url = await testDatabase();
  await truncateAll(url);
  db = openDatabase(url);
  caller = callerFor(db);
});
afterAll(() => db.$client.end());

async function itemWith(total: number) {
  const item = newItem();
  await caller.upsertItem({ ...item, total_quantity: total });
  return item;
}

const holdOf = (item: ReturnType<typeof newItem>, quantity = 1, hold_id = randomUUID()) => ({
  hold_id,
  ...item,
  quantity,
  expires_at: inAnHour(),
});

/** The AppError a call ends with (code, details), or a failure when it succeeds. */
async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (caught: unknown) => caught,
  );
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof AppError) return cause;
  throw error;
}

describe('hold', () => {
  it('reserves seats and reports what is left', async () => {
    const item = await itemWith(10);
    expect(await caller.hold(holdOf(item, 3))).toEqual({
      success: true,
      available_quantity: 7,
      status: 'held',
    });
    expect(await caller.getItem(item)).toMatchObject({
      total_quantity: 10,
      available_quantity: 7,
      held_quantity: 3,
      committed_quantity: 0,
    });
  });

  it('refuses more than is available with the current availability, changing nothing', async () => {
    const item = await itemWith(2);
    const error = await refusal(caller.hold(holdOf(item, 3)));
    expect(error.code).toBe('insufficient_inventory');
    expect(error.details).toEqual({ success: false, available_quantity: 2 });
    expect((await caller.getItem(item)).available_quantity).toBe(2);
  });

  it('answers 404 for a ticket type without inventory', async () => {
    expect((await refusal(caller.hold(holdOf(newItem())))).code).toBe('not_found');
  });

  it('is idempotent by hold id: a replay answers the first result and changes nothing', async () => {
    const item = await itemWith(5);
    const request = holdOf(item, 2);
    await caller.hold(request);
    expect(await caller.hold(request)).toEqual({
      success: true,
      available_quantity: 3,
      status: 'held',
    });
    expect(await conservationOf(db, item)).toMatchObject({ available: 3, held: 2, heldRows: 2 });
  });

  it('refuses the same id with other parameters (409 hold_id_conflict)', async () => {
    const item = await itemWith(5);
    const request = holdOf(item, 2);
    await caller.hold(request);
    for (const other of [
      { ...request, quantity: 1 },
      { ...request, expires_at: new Date(Date.now() + 60_000).toISOString() },
      { ...request, ...(await itemWith(5)) },
    ]) {
      expect((await refusal(caller.hold(other))).code).toBe('hold_id_conflict');
    }
    expect(await conservationOf(db, item)).toMatchObject({ available: 3, held: 2 });
  });

  it('answers the status of an id that was committed or released', async () => {
    const item = await itemWith(5);
    const committed = holdOf(item, 1);
    await caller.hold(committed);
    await caller.commit({ hold_id: committed.hold_id });
    expect(await caller.hold(committed)).toMatchObject({ success: true, status: 'committed' });

    const released = holdOf(item, 1);
    await caller.hold(released);
    await caller.release({ hold_id: released.hold_id });
    const error = await refusal(caller.hold(released));
    expect(error.code).toBe('hold_released');
    expect(error.details).toMatchObject({ success: false, status: 'released' });
    expect(await conservationOf(db, item)).toMatchObject({ available: 4, held: 0, committed: 1 });
  });

  it('treats an upper-case id as the same hold', async () => {
    const item = await itemWith(5);
    const request = holdOf(item, 1);
    await caller.hold(request);
    await caller.hold({ ...request, hold_id: request.hold_id.toUpperCase() });
    expect((await caller.getItem(item)).held_quantity).toBe(1);
  });
});

describe('release', () => {
  it('gives the seats back, and a second release changes nothing', async () => {
    const item = await itemWith(4);
    const request = holdOf(item, 3);
    await caller.hold(request);
    expect(await caller.release({ hold_id: request.hold_id })).toEqual({
      success: true,
      status: 'released',
    });
    expect(await caller.release({ hold_id: request.hold_id })).toEqual({
      success: true,
      status: 'released',
    });
    expect(await conservationOf(db, item)).toMatchObject({ available: 4, held: 0 });
  });

  it('of an unknown id leaves a tombstone that refuses the late hold, leaking no seat', async () => {
    const item = await itemWith(4);
    const late = holdOf(item, 2);
    expect(await caller.release({ hold_id: late.hold_id })).toEqual({
      success: true,
      status: 'released',
    });
    const error = await refusal(caller.hold(late));
    expect(error.code).toBe('hold_released');
    expect(await conservationOf(db, item)).toMatchObject({ available: 4, held: 0, heldRows: 0 });
    // A tombstone cannot be committed either: the order flow compensates.
    expect((await refusal(caller.commit({ hold_id: late.hold_id }))).code).toBe('hold_released');
  });

  it('leaves committed seats sold', async () => {
    const item = await itemWith(4);
    const request = holdOf(item, 2);
    await caller.hold(request);
    await caller.commit({ hold_id: request.hold_id });
    expect(await caller.release({ hold_id: request.hold_id })).toEqual({
      success: true,
      status: 'committed',
    });
    expect(await conservationOf(db, item)).toMatchObject({ available: 2, committed: 2 });
  });
});

describe('commit', () => {
  it('moves held seats to committed; committing again is a no-op', async () => {
    const item = await itemWith(4);
    const request = holdOf(item, 2);
    await caller.hold(request);
    expect(await caller.commit({ hold_id: request.hold_id })).toEqual({
      success: true,
      status: 'committed',
    });
    expect(await caller.commit({ hold_id: request.hold_id })).toEqual({
      success: true,
      status: 'committed',
    });
    expect(await conservationOf(db, item)).toMatchObject({
      available: 2,
      held: 0,
      committed: 2,
      committedRows: 2,
    });
  });

  it('re-reserves a released hold while its seats remain', async () => {
    const item = await itemWith(4);
    const request = holdOf(item, 3);
    await caller.hold(request);
    await caller.release({ hold_id: request.hold_id });
    await caller.commit({ hold_id: request.hold_id });
    expect(await conservationOf(db, item)).toMatchObject({ available: 1, held: 0, committed: 3 });
  });

  it('answers hold_released when a released hold’s seats are gone, changing nothing', async () => {
    const item = await itemWith(4);
    const request = holdOf(item, 3);
    await caller.hold(request);
    await caller.release({ hold_id: request.hold_id });
    await caller.hold(holdOf(item, 2));
    const error = await refusal(caller.commit({ hold_id: request.hold_id }));
    expect(error.code).toBe('hold_released');
    expect(await conservationOf(db, item)).toMatchObject({ available: 2, held: 2, committed: 0 });
  });

  it('answers 404 for an id never held', async () => {
    expect((await refusal(caller.commit({ hold_id: randomUUID() }))).code).toBe('not_found');
  });
});

describe('upsertItem', () => {
  it('creates an item and resizes it, keeping what is held and sold', async () => {
    const item = await itemWith(10);
    const held = holdOf(item, 3);
    await caller.hold(held);
    const sold = holdOf(item, 2);
    await caller.hold(sold);
    await caller.commit({ hold_id: sold.hold_id });

    expect(await caller.upsertItem({ ...item, total_quantity: 6 })).toMatchObject({
      total_quantity: 6,
      available_quantity: 1,
      held_quantity: 3,
      committed_quantity: 2,
    });
    expect((await caller.upsertItem({ ...item, total_quantity: 5 })).available_quantity).toBe(0);
  });

  it('refuses a total below held + committed (409), changing nothing', async () => {
    const item = await itemWith(10);
    await caller.hold(holdOf(item, 3));
    const sold = holdOf(item, 2);
    await caller.hold(sold);
    await caller.commit({ hold_id: sold.hold_id });
    const error = await refusal(caller.upsertItem({ ...item, total_quantity: 4 }));
    expect(error.code).toBe('quantity_below_reserved');
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ held_quantity: 3, committed_quantity: 2 });
    expect(await conservationOf(db, item)).toMatchObject({ total: 10, available: 5 });
  });

  it('lists the items of sessions', async () => {
    const first = await itemWith(1);
    const second = { session_id: first.session_id, ticket_type_id: randomUUID() };
    await caller.upsertItem({ ...second, total_quantity: 2 });
    const { results } = await caller.listItems({ session_ids: [first.session_id] });
    expect(results.map((item) => item.total_quantity).sort()).toEqual([1, 2]);
  });
});

describe('placeHolds (one transaction for many holds of an item)', () => {
  it('answers each hold as if applied one after another', async () => {
    const item = await itemWith(5);
    const key = { sessionId: item.session_id, ticketTypeId: item.ticket_type_id };
    const expiresAt = new Date(inAnHour());
    const request = (quantity: number, holdId = randomUUID()) => ({
      ...key,
      holdId,
      quantity,
      expiresAt,
    });
    const repeated = request(2);
    const outcomes = await db.transaction((tx) =>
      placeHolds(tx, key, [
        request(3),
        repeated,
        repeated, // a retry that raced its own original into the same batch
        { ...repeated, quantity: 1 }, // the same id with other parameters
        request(1), // nothing left after 3 + 2
      ]),
    );
    expect(outcomes).toEqual([
      { outcome: 'held', availableQuantity: 2 },
      { outcome: 'held', availableQuantity: 0 },
      { outcome: 'held', availableQuantity: 0 },
      { outcome: 'conflict' },
      { outcome: 'insufficient', availableQuantity: 0 },
    ]);
    const after = await conservationOf(db, item);
    expectConserved(after);
    expect(after).toMatchObject({ available: 0, held: 5 });
  });
});
