import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTicketType, updateTicketType } from '../src/server/catalog/ticket-types';
import { insertPendingHolds } from '../src/server/holds/hold-store';
import type {
  CatalogInventory,
  TicketTypeInventory,
} from '../src/server/inventory/inventory-gateway';
import { createEventWithSession } from './support/catalog-fixtures';
import { BUYER } from './support/purchase-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

/** An inventory seam whose resize call hangs until `release()`, like a slow inventory service. */
function stalledInventory() {
  let entered: (item: TicketTypeInventory) => void = () => undefined;
  let release: () => void = () => undefined;
  const reached = new Promise<TicketTypeInventory>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const inventory: CatalogInventory = {
    async syncTicketTypeInventory(item) {
      entered(item);
      await released;
    },
    getAvailability: async () => new Map(),
  };
  return { inventory, reached, release };
}

const PROMPTLY_MS = 2_000;

/** Inserts one pending hold; 'blocked' when it did not finish within PROMPTLY_MS. */
async function holdInsertWithin(sessionId: string, ticketTypeId: string) {
  const insert = insertPendingHolds(web.db, [
    {
      id: randomUUID(),
      sessionId,
      ticketTypeId,
      quantity: 1,
      customerEmail: BUYER,
      expiresAt: new Date(Date.now() + 600_000),
    },
  ]);
  const timer = new Promise<'blocked'>((resolve) =>
    setTimeout(() => resolve('blocked'), PROMPTLY_MS),
  );
  const outcome = await Promise.race([insert.then((rows) => rows.length), timer]);
  return { outcome, insert };
}

// A catalog write waits on inventory inside its transaction; whatever row lock it holds there must
// not conflict with the FOR KEY SHARE lock the holds' foreign keys take, or every hold of the
// session queues behind a slow inventory call.
describe('a catalog write stalled on inventory', () => {
  it('lets holds of the session be inserted while a resize waits on inventory', async () => {
    const { session, standard } = await createEventWithSession(web.db);
    const stalled = stalledInventory();
    const update = updateTicketType(web.db, stalled.inventory, standard.id, { quantity: 50 });
    await stalled.reached;
    const { outcome, insert } = await holdInsertWithin(session.id, standard.id);
    stalled.release();
    await insert;
    expect((await update).ticketType.quantity).toBe(50);
    expect(outcome).toBe(1);
  });

  it('lets holds of the ticket type be inserted while a rename + resize waits on inventory', async () => {
    const { session, standard } = await createEventWithSession(web.db);
    const stalled = stalledInventory();
    const update = updateTicketType(web.db, stalled.inventory, standard.id, {
      name: 'Standing',
      quantity: 50,
    });
    await stalled.reached;
    const { outcome, insert } = await holdInsertWithin(session.id, standard.id);
    stalled.release();
    await insert;
    expect((await update).ticketType).toMatchObject({ name: 'Standing', quantity: 50 });
    expect(outcome).toBe(1);
  });

  it('lets holds of the session be inserted while a create waits on inventory', async () => {
    const { session, vip } = await createEventWithSession(web.db);
    const stalled = stalledInventory();
    const create = createTicketType(web.db, stalled.inventory, session.id, {
      name: 'Balcony',
      price: '20.00',
      quantity: 5,
    });
    await stalled.reached;
    const { outcome, insert } = await holdInsertWithin(session.id, vip.id);
    stalled.release();
    await insert;
    expect((await create).ticketType.name).toBe('Balcony');
    expect(outcome).toBe(1);
  });

  it('refuses a rename to a taken name before asking inventory to resize', async () => {
    const { standard } = await createEventWithSession(web.db);
    const synced: TicketTypeInventory[] = [];
    const inventory: CatalogInventory = {
      syncTicketTypeInventory: async (item) => void synced.push(item),
      getAvailability: async () => new Map(),
    };
    await expect(
      updateTicketType(web.db, inventory, standard.id, { name: 'VIP', quantity: 50 }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: { fields: { name: expect.any(String) } },
    });
    expect(synced).toEqual([]);
  });
});
