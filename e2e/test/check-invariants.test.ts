import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { truncateAll } from '@ticketing/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { expectStatus, field, request } from '../src/api';
import {
  checkInvariants,
  formatReport,
  type InvariantName,
  type InvariantReport,
  type Violation,
} from '../src/check-invariants';
import { type DatabaseName, type Databases, prepareDatabases } from '../src/databases';
import { expectSettled } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

/** A violation of `invariant` naming at least these ids. */
const violation = (invariant: InvariantName, ids: Record<string, string>) =>
  expect.objectContaining({ invariant, ids: expect.objectContaining(ids) }) as Violation;

describe('check:invariants against violations planted in databases of its own', () => {
  let db: Databases;

  beforeAll(async () => {
    // ticketing_<db>_invariant_checker_test: no other suite uses them.
    db = await prepareDatabases('invariant_checker');
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await Promise.all(Object.values(db.urls).map(truncateAll));
  });

  const sql = (database: DatabaseName, text: string, values?: unknown[]) =>
    db.query(database, text, values);
  const check = () => checkInvariants(db);

  /**
   * One confirmed sale of 2 seats as the platform leaves it once its events have drained, ten
   * minutes ago: catalog and converted hold in main, the item and the committed hold in inventory,
   * the order, its line and its payment in orders, every event written, published and consumed.
   */
  async function plantSale() {
    const ids = {
      session: randomUUID(),
      ticketType: randomUUID(),
      item: randomUUID(),
      hold: randomUUID(),
      order: randomUUID(),
      key: randomUUID(),
      holdCreated: randomUUID(),
      orderConfirmed: randomUUID(),
    };
    const past = "now() - interval '10 minutes'";
    const [event] = await sql(
      'main',
      `insert into events (name, description, location) values ('Gig', 'A gig', 'Hall') returning id`,
    );
    await sql(
      'main',
      `insert into sessions (id, event_id, starts_at, ends_at, total_capacity)
       values ($1, $2, now() + interval '30 days', now() + interval '30 days 3 hours', 10)`,
      [ids.session, event?.id],
    );
    await sql(
      'main',
      `insert into ticket_types (id, session_id, name, price, quantity) values ($1, $2, 'GA', 50, 10)`,
      [ids.ticketType, ids.session],
    );
    await sql(
      'main',
      `insert into holds (id, session_id, ticket_type_id, quantity, customer_email, status, expires_at,
                          checkout_key, checkout_unit_price, order_id, created_at, updated_at)
       values ($1, $2, $3, 2, 'buyer@example.com', 'converted', now() + interval '1 minute',
               $4, 50, $5, ${past}, ${past})`,
      [ids.hold, ids.session, ids.ticketType, ids.key, ids.order],
    );
    await outboxRow('main', ids.holdCreated, 'hold.created', ids.hold);
    await sql(
      'inventory',
      `insert into inventory_items (id, session_id, ticket_type_id, total_quantity, available_quantity,
                                    held_quantity, committed_quantity)
       values ($1, $2, $3, 10, 8, 0, 2)`,
      [ids.item, ids.session, ids.ticketType],
    );
    await sql(
      'inventory',
      `insert into inventory_holds (hold_id, item_id, session_id, ticket_type_id, quantity, status, expires_at)
       values ($1, $2, $3, $4, 2, 'committed', now() + interval '1 minute')`,
      [ids.hold, ids.item, ids.session, ids.ticketType],
    );
    await sql(
      'orders',
      `insert into orders (id, idempotency_key, request_fingerprint, hold_id, customer_email, status,
                           total_amount, payment_deadline, confirmed_at, created_at, updated_at)
       values ($1, $2, 'fingerprint', $3, 'buyer@example.com', 'confirmed', 100,
               now() + interval '1 minute', ${past}, ${past}, ${past})`,
      [ids.order, ids.key, ids.hold],
    );
    await sql(
      'orders',
      `insert into order_items (order_id, session_id, ticket_type_id, quantity, unit_price)
       values ($1, $2, $3, 2, 50)`,
      [ids.order, ids.session, ids.ticketType],
    );
    await sql(
      'orders',
      `insert into payments (order_id, amount, status, provider, provider_reference)
       values ($1, 100, 'succeeded', 'stub', 'stub_ref')`,
      [ids.order],
    );
    await outboxRow('orders', ids.orderConfirmed, 'order.confirmed', ids.order);
    await consumed('inventory', ids.holdCreated, 'hold.created');
    await consumed('inventory', ids.orderConfirmed, 'order.confirmed');
    await consumed('main', ids.orderConfirmed, 'order.confirmed');
    return ids;
  }

  async function outboxRow(
    database: DatabaseName,
    id: string,
    eventType: string,
    aggregateId: string,
    { published = true }: { published?: boolean } = {},
  ) {
    await sql(
      database,
      `insert into outbox (id, event_type, aggregate_id, payload, occurred_at, published_at)
       values ($1, $2, $3, '{}', now() - interval '10 minutes',
               ${published ? "now() - interval '10 minutes'" : 'null'})`,
      [id, eventType, aggregateId],
    );
  }

  const consumed = (database: DatabaseName, eventId: string, eventType: string) =>
    sql(
      database,
      `insert into consumed_events (event_id, event_type, consumed_at)
       values ($1, $2, now() - interval '9 minutes')`,
      [eventId, eventType],
    );

  /** Runs `plant` with a constraint or index of the schema out of the way, and puts it back. */
  async function without(
    database: DatabaseName,
    drop: string,
    restore: string,
    plant: () => Promise<void>,
  ) {
    await sql(database, drop);
    try {
      await plant();
      return await check();
    } finally {
      await truncateAll(db.urls[database]);
      await sql(database, restore);
    }
  }

  it('reports nothing for a consistent sale', async () => {
    await plantSale();
    expect((await check()).violations).toEqual([]);
  });

  it('I1: counters that differ from the holds', async () => {
    const { item } = await plantSale();
    // Still adds up to the total: only the holds disagree.
    await sql(
      'inventory',
      'update inventory_items set held_quantity = 1, available_quantity = 7 where id = $1',
      [item],
    );
    expect((await check()).violations).toEqual([violation('I1', { item })]);
  });

  it('I1: counters that do not add up to the total, and a negative available', async () => {
    const report = await without(
      'inventory',
      `alter table inventory_items drop constraint inventory_items_conservation,
                                    drop constraint inventory_items_available_non_negative`,
      `alter table inventory_items
         add constraint inventory_items_conservation
           check (available_quantity + held_quantity + committed_quantity = total_quantity),
         add constraint inventory_items_available_non_negative check (available_quantity >= 0)`,
      async () => {
        const { item } = await plantSale();
        await sql('inventory', 'update inventory_items set available_quantity = -1 where id = $1', [
          item,
        ]);
      },
    );
    const messages = report.violations.map((v) => `${v.invariant} ${v.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^I1 .*≠ total 10/),
      expect.stringMatching(/^I1 .*available -1 < 0/),
    ]);
  });

  it('I2: more seats committed than the item has', async () => {
    const { item, session, ticketType } = await plantSale();
    for (let i = 0; i < 3; i += 1) {
      await sql(
        'inventory',
        `insert into inventory_holds (hold_id, item_id, session_id, ticket_type_id, quantity, status, expires_at)
         values ($1, $2, $3, $4, 3, 'committed', now())`,
        [randomUUID(), item, session, ticketType],
      );
    }
    const { violations } = await check();
    expect(violations).toContainEqual(violation('I2', { item }));
    expect(violations.find((v) => v.invariant === 'I2')?.message).toMatch(/11 committed of 10/);
  });

  it('I3: a confirmed order whose hold inventory released', async () => {
    const { item, hold, order } = await plantSale();
    await sql('inventory', `update inventory_holds set status = 'released' where hold_id = $1`, [
      hold,
    ]);
    await sql(
      'inventory',
      'update inventory_items set committed_quantity = 0, available_quantity = 10 where id = $1',
      [item],
    );
    expect((await check()).violations).toEqual([violation('I3', { order, hold })]);
  });

  it('I3: seats still committed for a cancelled order, and a cancelled order keeping its payment', async () => {
    const { hold, order } = await plantSale();
    await sql(
      'orders',
      `update orders set status = 'cancelled', cancel_reason = 'refunded_by_admin',
                         cancelled_at = now() - interval '5 minutes' where id = $1`,
      [order],
    );
    const cancelledEvent = randomUUID();
    await outboxRow('orders', cancelledEvent, 'order.cancelled', order);
    await consumed('inventory', cancelledEvent, 'order.cancelled');
    await consumed('main', cancelledEvent, 'order.cancelled');
    const { violations } = await check();
    expect(violations).toHaveLength(2);
    expect(violations).toContainEqual(violation('I3', { hold, order }));
    expect(violations).toContainEqual(violation('I3', { order, payment: expect.any(String) }));
  });

  it('I3: a confirmed order without a succeeded payment', async () => {
    const { order } = await plantSale();
    await sql('orders', `update payments set status = 'failed' where order_id = $1`, [order]);
    const { violations } = await check();
    expect(violations).toEqual([violation('I3', { order })]);
    expect(violations[0]?.message).toMatch(/no succeeded payment/);
  });

  it('I4: one Idempotency-Key with two orders', async () => {
    const [index] = await sql(
      'orders',
      `select indexdef from pg_indexes where indexname = 'orders_idempotency_key_key'`,
    );
    let key = '';
    let orders: string[] = [];
    const report = await without(
      'orders',
      'drop index orders_idempotency_key_key',
      String(index?.indexdef),
      async () => {
        const sale = await plantSale();
        key = sale.key;
        const second = randomUUID();
        await sql(
          'orders',
          `insert into orders (id, idempotency_key, request_fingerprint, hold_id, customer_email,
                               status, cancel_reason, total_amount, payment_deadline, cancelled_at)
           values ($1, $2, 'other body', $3, 'buyer@example.com', 'cancelled', 'customer', 10,
                   now(), now() - interval '5 minutes')`,
          [second, key, randomUUID()],
        );
        await outboxRow('orders', randomUUID(), 'order.cancelled', second);
        orders = [sale.order, second];
      },
    );
    const reused = report.violations.filter((v) => v.invariant === 'I4');
    expect(reused).toEqual([violation('I4', { key, orders: orders.join(',') })]);
  });

  it('I4: one hold with two live orders', async () => {
    const [index] = await sql(
      'orders',
      `select indexdef from pg_indexes where indexname = 'orders_live_hold_id_key'`,
    );
    let hold = '';
    const report = await without(
      'orders',
      'drop index orders_live_hold_id_key',
      String(index?.indexdef),
      async () => {
        const sale = await plantSale();
        hold = sale.hold;
        await sql(
          'orders',
          `insert into orders (id, idempotency_key, request_fingerprint, hold_id, customer_email,
                               total_amount, payment_deadline)
           values ($1, $2, 'fingerprint', $3, 'buyer@example.com', 100, now() + interval '1 minute')`,
          [randomUUID(), randomUUID(), hold],
        );
      },
    );
    expect(report.violations).toContainEqual(violation('I4', { hold }));
    expect(report.violations.map((v) => v.message)).toContainEqual(
      expect.stringMatching(/has 2 live orders/),
    );
  });

  it('I4: an order created under another key than its hold was checked out with', async () => {
    const { hold, order, key } = await plantSale();
    await sql('main', `update holds set checkout_key = 'another-key' where id = $1`, [hold]);
    expect((await check()).violations).toEqual([violation('I4', { order, hold, key })]);
  });

  it('I5: a change without its event in the outbox', async () => {
    const { order, orderConfirmed } = await plantSale();
    await sql('orders', 'delete from outbox where id = $1', [orderConfirmed]);
    expect((await check()).violations).toEqual([violation('I5', { order })]);
  });

  it('I5: an outbox row left unpublished (a fresh one is only in flight)', async () => {
    const { hold } = await plantSale();
    const stuck = randomUUID();
    await outboxRow('main', stuck, 'hold.released', hold, { published: false });
    await sql(
      'main',
      `insert into outbox (id, event_type, aggregate_id, payload) values ($1, 'hold.expired', $2, '{}')`,
      [randomUUID(), hold],
    );
    const report = await check();
    expect(report.violations).toEqual([violation('I5', { event: stuck, database: 'main' })]);
    expect(report.backlog).toEqual({ main: 2, inventory: 0, orders: 0 });
  });

  it('I5: a published event a consumer never applied', async () => {
    const { hold, holdCreated, orderConfirmed, order } = await plantSale();
    await sql('inventory', 'delete from consumed_events where event_id = $1', [holdCreated]);
    await sql('main', 'delete from consumed_events where event_id = $1', [orderConfirmed]);
    const { violations } = await check();
    expect(violations).toHaveLength(2);
    expect(violations).toContainEqual(
      violation('I5', { event: holdCreated, aggregate: hold, consumer: 'inventory' }),
    );
    expect(violations).toContainEqual(
      violation('I5', { event: orderConfirmed, aggregate: order, consumer: 'notifications' }),
    );
  });

  it('the CLI lists the violations with their ids and exits 1, or 0 when all hold', async () => {
    const { hold } = await plantSale();
    expect(await runCli(db.urls)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/I1–I5 hold: no violation/),
    });
    await sql('inventory', `update inventory_holds set status = 'released' where hold_id = $1`, [
      hold,
    ]);
    const failing = await runCli(db.urls);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(new RegExp(`^I3 .*hold=${hold}`, 'm'));
    expect(failing.stdout).toMatch(/^\d+ violations? of I1–I5$/m);
  });
});

describe('check:invariants against a platform that ran real purchases', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({
      suite: 'check-invariants',
      databaseSuffix: 'invariant_platform',
      holdTtlSeconds: 5,
      with: ['notifications', 'mailSink'],
    });
  });
  afterAll(() => platform?.stop());

  it('finds no violation once the events of purchases, cancellations, releases, expiry, a refund and a compensation have drained', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 20 });
    const bought = await api.buy(item, 2);
    await api.buy(item, 1);

    const cancelled = field(
      expectStatus(
        await api.checkout(field(expectStatus(await api.hold(item, 1), 201, 'hold'), 'hold_id')),
        201,
        'checkout',
      ),
      'order_id',
    );
    expectStatus(await api.cancel(cancelled), 200, 'cancel');
    const released = field(expectStatus(await api.hold(item, 2), 201, 'hold'), 'hold_id');
    expectStatus(await api.releaseHold(released), 200, 'release');
    const expiring = field(expectStatus(await api.hold(item, 1), 201, 'hold'), 'hold_id');
    expectStatus(
      await request(platform.urls.web, 'POST', `/api/admin/orders/${bought.orderId}/refund`, {
        headers: { authorization: `Bearer ${platform.adminToken}` },
      }),
      200,
      'admin refund',
    );

    // A compensation: inventory gives the seat away behind the order's back (purchase-flow.test.ts).
    const lastSeat = await api.createItem({ quantity: 1 });
    const first = field(expectStatus(await api.hold(lastSeat, 1), 201, 'hold'), 'hold_id');
    const compensated = field(expectStatus(await api.checkout(first), 201, 'checkout'), 'order_id');
    expectStatus(
      await request(platform.urls.inventory, 'POST', '/inventory/release', {
        body: { hold_id: first },
      }),
      200,
      'inventory release',
    );
    expectStatus(await api.hold(lastSeat, 1, 'other@example.com'), 201, 'hold of the last seat');
    expectStatus(await api.confirm(compensated), 200, 'confirm');

    await waitFor(async () => (await api.getHold(expiring)).body.status === 'expired', {
      timeoutMs: 15_000,
      message: 'the unpaid hold to expire',
    });
    await waitFor(async () => (await api.getOrder(compensated)).body.status === 'cancelled', {
      timeoutMs: 15_000,
      message: 'the order to be compensated',
    });
    await expectSettled(platform, api, [item, lastSeat]);

    // The notifications consumer's queue is not among those expectSettled drains: wait for it too.
    let report: InvariantReport | undefined;
    await waitFor(
      async () => {
        report = await checkInvariants(platform.db, { settleMs: 0 });
        return (
          report.violations.length === 0 && Object.values(report.backlog).every((n) => n === 0)
        );
      },
      { timeoutMs: 20_000, message: 'no violation' },
    ).catch(() => undefined);
    expect(report ? formatReport(report) : 'no report').toBe('I1–I5 hold: no violation');

    // What the run did is in there to be checked.
    const [counts] = await platform.db.query<{ confirmed: number; cancelled: number }>(
      'orders',
      `select count(*) filter (where status = 'confirmed')::int as confirmed,
              count(*) filter (where status = 'cancelled')::int as cancelled from orders`,
    );
    expect(counts).toEqual({ confirmed: 1, cancelled: 3 });
  });
});

const cliPath = fileURLToPath(new URL('../src/check-invariants-cli.ts', import.meta.url));

/** `npm run check:invariants` as a process on the given databases. */
function runCli(urls: Record<DatabaseName, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, '--settle-seconds', '60'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL_MAIN: urls.main,
        DATABASE_URL_INVENTORY: urls.inventory,
        DATABASE_URL_ORDERS: urls.orders,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
