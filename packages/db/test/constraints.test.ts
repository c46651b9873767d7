import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { prepareTestDatabase, truncateAll } from '../src/testing';

const CHECK_VIOLATION = '23514';
const UNIQUE_VIOLATION = '23505';

async function connect(module: 'main' | 'inventory' | 'orders') {
  const url = await prepareTestDatabase(module);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { url, client };
}

async function expectViolation(query: Promise<unknown>, code: string, constraint: string) {
  await expect(query).rejects.toMatchObject({ code, constraint });
}

describe('ticketing_main constraints', () => {
  let db: Awaited<ReturnType<typeof connect>>;
  let eventId: string;

  beforeAll(async () => {
    db = await connect('main');
  });
  afterAll(() => db.client.end());
  beforeEach(async () => {
    await truncateAll(db.url);
    const { rows } = await db.client.query<{ id: string }>(
      `insert into events (name, description, location) values ('Gig', 'A gig', 'Hall') returning id`,
    );
    eventId = rows[0]?.id ?? '';
  });

  const insertSession = (startsAt: string, endsAt: string, capacity: number) =>
    db.client.query<{ id: string }>(
      'insert into sessions (event_id, starts_at, ends_at, total_capacity) values ($1, $2, $3, $4) returning id',
      [eventId, startsAt, endsAt, capacity],
    );

  it('sessions must end after they start and hold someone', async () => {
    await expectViolation(
      insertSession('2027-01-01T20:00Z', '2027-01-01T19:00Z', 10),
      CHECK_VIOLATION,
      'sessions_ends_after_starts',
    );
    await expectViolation(
      insertSession('2027-01-01T20:00Z', '2027-01-01T22:00Z', 0),
      CHECK_VIOLATION,
      'sessions_capacity_positive',
    );
  });

  it('ticket types need a non-negative price and a positive quantity', async () => {
    const session = await insertSession('2027-01-01T20:00Z', '2027-01-01T22:00Z', 10);
    const sessionId = session.rows[0]?.id;
    const insert = (price: string, quantity: number) =>
      db.client.query('insert into ticket_types (session_id, name, price, quantity) values ($1, $2, $3, $4)', [
        sessionId,
        randomUUID(),
        price,
        quantity,
      ]);
    await expectViolation(insert('-0.01', 1), CHECK_VIOLATION, 'ticket_types_price_non_negative');
    await expectViolation(insert('10.00', 0), CHECK_VIOLATION, 'ticket_types_quantity_positive');
    await insert('0.00', 1);
  });

  it('holds accept only known statuses', async () => {
    const session = await insertSession('2027-01-01T20:00Z', '2027-01-01T22:00Z', 10);
    const sessionId = session.rows[0]?.id;
    const type = await db.client.query<{ id: string }>(
      `insert into ticket_types (session_id, name, price, quantity) values ($1, 'GA', '5.00', 5) returning id`,
      [sessionId],
    );
    await expectViolation(
      db.client.query(
        `insert into holds (session_id, ticket_type_id, quantity, customer_email, status, expires_at)
         values ($1, $2, 1, 'a@example.com', 'lost', now())`,
        [sessionId, type.rows[0]?.id],
      ),
      CHECK_VIOLATION,
      'holds_status_valid',
    );
  });
});

describe('ticketing_inventory constraints', () => {
  let db: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    db = await connect('inventory');
  });
  afterAll(() => db.client.end());
  beforeEach(() => truncateAll(db.url));

  const insertItem = (total: number, available: number, held: number, committed: number) =>
    db.client.query(
      `insert into inventory_items (session_id, ticket_type_id, total_quantity, available_quantity, held_quantity, committed_quantity)
       values ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), randomUUID(), total, available, held, committed],
    );

  it('available never goes below zero and the counters always add up to the total', async () => {
    await expectViolation(insertItem(10, -1, 11, 0), CHECK_VIOLATION, 'inventory_items_available_non_negative');
    await expectViolation(insertItem(10, 5, 2, 2), CHECK_VIOLATION, 'inventory_items_conservation');
    await insertItem(10, 5, 3, 2);
  });

  it('one item per (session, ticket type)', async () => {
    const [sessionId, ticketTypeId] = [randomUUID(), randomUUID()];
    const insert = () =>
      db.client.query(
        `insert into inventory_items (session_id, ticket_type_id, total_quantity, available_quantity) values ($1, $2, 5, 5)`,
        [sessionId, ticketTypeId],
      );
    await insert();
    await expectViolation(insert(), UNIQUE_VIOLATION, 'inventory_items_session_ticket_type_key');
  });

  it('a tombstone has no item and no quantity; a hold has both', async () => {
    await expectViolation(
      db.client.query(`insert into inventory_holds (hold_id, status, quantity) values ($1, 'tombstone', 2)`, [
        randomUUID(),
      ]),
      CHECK_VIOLATION,
      'inventory_holds_tombstone_shape',
    );
    await expectViolation(
      db.client.query(`insert into inventory_holds (hold_id, status) values ($1, 'held')`, [randomUUID()]),
      CHECK_VIOLATION,
      'inventory_holds_tombstone_shape',
    );
    await db.client.query(`insert into inventory_holds (hold_id, status) values ($1, 'tombstone')`, [randomUUID()]);
  });
});

describe('ticketing_orders constraints', () => {
  let db: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    db = await connect('orders');
  });
  afterAll(() => db.client.end());
  beforeEach(() => truncateAll(db.url));

  const insertOrder = (key: string, holdId: string, status = 'pending') =>
    db.client.query(
      `insert into orders (idempotency_key, request_fingerprint, hold_id, customer_email, status, total_amount, payment_deadline)
       values ($1, 'f', $2, 'a@example.com', $3, '10.00', now())`,
      [key, holdId, status],
    );

  it('an idempotency key yields one order', async () => {
    const key = randomUUID();
    await insertOrder(key, randomUUID());
    await expectViolation(insertOrder(key, randomUUID()), UNIQUE_VIOLATION, 'orders_idempotency_key_key');
  });

  it('a hold backs at most one live order, but cancelled ones do not count', async () => {
    const holdId = randomUUID();
    await insertOrder(randomUUID(), holdId, 'cancelled');
    await insertOrder(randomUUID(), holdId);
    await expectViolation(insertOrder(randomUUID(), holdId), UNIQUE_VIOLATION, 'orders_live_hold_id_key');
  });

  it('orders accept only known statuses', async () => {
    await expectViolation(insertOrder(randomUUID(), randomUUID(), 'shipped'), CHECK_VIOLATION, 'orders_status_valid');
  });
});
