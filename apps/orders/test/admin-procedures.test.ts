import { randomUUID } from 'node:crypto';

import { auditLog } from '@ticketing/db/orders/audit-log';
import { outbox } from '@ticketing/db/orders/outbox';
import { AppError } from '@ticketing/trpc/errors';
import { TRPCError } from '@trpc/server';
import { asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PaymentProvider, RefundRequest } from '../src/payments/provider';
import { stubPaymentProvider } from '../src/payments/stub-provider';
import { createCaller } from '../src/router';
import { createInnerContext } from '../src/trpc';
import {
  dependencies,
  failFirstCommitOfRefund,
  openTestDatabase,
  orderLine,
  orderRequest,
  outboxOf,
  paymentsOf,
  rowLocked,
  type TestDatabase,
} from './support';

let database: TestDatabase;
let caller: ReturnType<typeof createCaller>;
const refunds: RefundRequest[] = [];
/** Runs inside each refund call, to look at the database while the provider is being asked. */
let duringRefund: ((request: RefundRequest) => Promise<void>) | undefined;
const recordingProvider: PaymentProvider = {
  ...stubPaymentProvider,
  refund: async (request) => {
    refunds.push(request);
    await duringRefund?.(request);
  },
};

beforeAll(async () => {
  database = await openTestDatabase();
  caller = createCaller(
    createInnerContext(dependencies(database.db, { payments: recordingProvider })),
  );
});
afterAll(() => database.close());

/** The audit rows of one order, oldest first. */
const auditOf = (orderId: string) =>
  database.db
    .select({
      actor: auditLog.actor,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      change: auditLog.change,
      clientAddress: auditLog.clientAddress,
    })
    .from(auditLog)
    .where(eq(auditLog.targetId, orderId))
    .orderBy(asc(auditLog.at));

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    throw error;
  }
}

async function placeOrder(
  overrides: Parameters<typeof orderRequest>[0] = {},
  status: 'pending' | 'confirmed' | 'cancelled' = 'pending',
) {
  const order = await caller.create({ ...orderRequest(overrides), idempotency_key: randomUUID() });
  if (status === 'confirmed') await caller.confirm({ id: order.order_id });
  if (status === 'cancelled') await caller.cancel({ id: order.order_id });
  return order.order_id;
}

describe('list', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const session = randomUUID();
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      ids.push(await placeOrder({ items: [orderLine({ session_id: session })] }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.list({ session_ids: [session], limit: 3, cursor });
      seen.push(...page.results.map((order) => order.order_id));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by status, session, ticket type and creation time, combined', async () => {
    const session = randomUUID();
    const ticketType = randomUUID();
    const line = { session_id: session, ticket_type_id: ticketType };
    const confirmed = await placeOrder({ items: [orderLine(line)] }, 'confirmed');
    const cancelled = await placeOrder({ items: [orderLine(line)] }, 'cancelled');
    const otherType = await placeOrder({ items: [orderLine({ session_id: session })] });
    const ids = async (input: Parameters<typeof caller.list>[0]) =>
      (await caller.list(input)).results.map((order) => order.order_id);

    expect(await ids({ session_ids: [session] })).toEqual([otherType, cancelled, confirmed]);
    expect(await ids({ session_ids: [session], status: 'confirmed' })).toEqual([confirmed]);
    expect(await ids({ ticket_type_ids: [ticketType] })).toEqual([cancelled, confirmed]);
    expect(await ids({ ticket_type_ids: [ticketType], status: 'cancelled' })).toEqual([cancelled]);
    const [cancelledRow] = (
      await caller.list({ ticket_type_ids: [ticketType], status: 'cancelled' })
    ).results;
    expect(cancelledRow).toMatchObject({ cancel_reason: 'customer', total: '100.00' });
    expect(cancelledRow?.items).toEqual([
      { session_id: session, ticket_type_id: ticketType, quantity: 2, unit_price: '50.00' },
    ]);
    expect(
      await ids({ session_ids: [session], from: new Date(Date.now() + 60_000).toISOString() }),
    ).toEqual([]);
    expect(
      await ids({ session_ids: [session], to: new Date(Date.now() - 3_600_000).toISOString() }),
    ).toEqual([]);
  });

  it('finds by e-mail prefix (any case) and by order-number prefix, treating wildcards as text', async () => {
    const session = randomUUID();
    const tag = randomUUID().slice(0, 8);
    const mine = await placeOrder({
      customer_email: `Grace.${tag}@Example.com`,
      items: [orderLine({ session_id: session })],
    });
    await placeOrder({
      customer_email: `other.${tag}@example.com`,
      items: [orderLine({ session_id: session })],
    });
    const ids = async (q: string) =>
      (await caller.list({ q, session_ids: [session] })).results.map((order) => order.order_id);

    expect(await ids(`grace.${tag}`)).toEqual([mine]);
    expect(await ids(`GRACE.${tag}@EXAMPLE.COM`)).toEqual([mine]);
    expect(await ids(mine.slice(0, 13).toUpperCase())).toEqual([mine]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_race')).toEqual([]);
    expect(await ids("' or 1=1 --")).toEqual([]);
    // A search without any other filter reaches the order too.
    expect((await caller.list({ q: mine })).results.map((order) => order.order_id)).toEqual([mine]);
  });

  it('sorts by total or by date, either way, paging without gaps or repeats', async () => {
    const session = randomUUID();
    const prices = ['30.00', '10.50', '99.99', '10.50', '45.00'];
    const placed: { id: string; total: number }[] = [];
    for (const unit_price of prices) {
      const id = await placeOrder({ items: [orderLine({ session_id: session, unit_price })] });
      placed.push({ id, total: Number(unit_price) * 2 });
    }
    const walk = async (sort: 'total_asc' | 'total_desc' | 'created_asc') => {
      const seen: { order_id: string; total: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await caller.list({ session_ids: [session], sort, limit: 2, cursor });
        seen.push(...page.results);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const ascending = await walk('total_asc');
    expect(ascending.map((order) => order.total)).toEqual([
      '21.00',
      '21.00',
      '60.00',
      '90.00',
      '199.98',
    ]);
    expect(new Set(ascending.map((order) => order.order_id)).size).toBe(5);
    const descending = await walk('total_desc');
    expect(descending.map((order) => order.order_id)).toEqual(
      ascending.map((order) => order.order_id).reverse(),
    );
    expect((await walk('created_asc')).map((order) => order.order_id)).toEqual(
      placed.map((order) => order.id),
    );
    // A cursor made for one order is refused by another.
    const first = await caller.list({ session_ids: [session], sort: 'total_asc', limit: 2 });
    expect(
      await codeOf(
        caller.list({
          session_ids: [session],
          sort: 'created_desc',
          cursor: first.next_cursor ?? '',
        }),
      ),
    ).toBe('validation_error');
  });

  it('refuses a cursor it did not make (400)', async () => {
    expect(await codeOf(caller.list({ cursor: 'not-a-cursor' }))).toBe('validation_error');
  });
});

describe('refund', () => {
  it('refunds a confirmed order once: payment refunded, order cancelled, one order.cancelled', async () => {
    const id = await placeOrder({}, 'confirmed');
    refunds.length = 0;
    const answer = { order_id: id, status: 'cancelled', refund_status: 'refunded' };

    expect(await caller.refund({ id })).toEqual(answer);
    expect(await caller.refund({ id })).toEqual(answer);

    const order = await caller.get({ id });
    expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'refunded_by_admin' });
    expect((await paymentsOf(database.db, id)).map((payment) => payment.status)).toEqual([
      'refunded',
    ]);
    const events = (await outboxOf(database.db, id)).map((row) => row.eventType);
    expect(events).toEqual(['order.confirmed', 'order.cancelled']);
    const cancelled = (await outboxOf(database.db, id))[1];
    expect(cancelled?.payload).toMatchObject({ order_id: id, reason: 'refunded_by_admin' });
    expect(refunds).toEqual([
      {
        orderId: id,
        amount: '100.00',
        reference: expect.any(String),
        idempotencyKey: `refund:${id}`,
      },
    ]);
  });

  it('asks the provider outside any transaction; a commit that fails after the refund and its retry make one refund, by key', async () => {
    const id = await placeOrder({}, 'confirmed');
    refunds.length = 0;
    const lockedDuringRefund: boolean[] = [];
    duringRefund = async (request) => {
      if (request.orderId === id) lockedDuringRefund.push(await rowLocked(database, id));
    };
    const crash = await failFirstCommitOfRefund(database, id);
    try {
      // The first attempt asks the provider, then its commit fails: nothing is recorded.
      await expect(caller.refund({ id })).rejects.toThrow();
      expect(await crash.fired()).toBe(true);
      expect((await caller.get({ id })).status).toBe('confirmed');
      expect((await paymentsOf(database.db, id)).map((payment) => payment.status)).toEqual([
        'succeeded',
      ]);
      // The audit entry went with the rolled-back transaction.
      expect(await auditOf(id)).toEqual([]);
      // The retry asks again under the same key (the same refund at the provider) and records it.
      expect(await caller.refund({ id, actor: 'ada@example.com' })).toEqual({
        order_id: id,
        status: 'cancelled',
        refund_status: 'refunded',
      });
    } finally {
      duringRefund = undefined;
      await crash.remove();
    }
    // No transaction held the order while the provider was asked: no rollback can reach it.
    expect(lockedDuringRefund).toEqual([false, false]);
    expect(new Set(refunds.map((request) => request.idempotencyKey))).toEqual(
      new Set([`refund:${id}`]),
    );
    expect((await paymentsOf(database.db, id)).map((payment) => payment.status)).toEqual([
      'refunded',
    ]);
    expect((await outboxOf(database.db, id)).map((row) => row.eventType)).toEqual([
      'order.confirmed',
      'order.cancelled',
    ]);
    expect((await auditOf(id)).map((row) => row.action)).toEqual(['order.refund']);
  });

  it('writes one audit entry with the admin and the address the web passed, never for a repeat', async () => {
    const id = await placeOrder({}, 'confirmed');
    const who = { actor: 'grace@example.com', client_address: '203.0.113.9' };
    await caller.refund({ id, ...who });
    await caller.refund({ id, ...who });
    expect(await auditOf(id)).toEqual([
      {
        actor: 'grace@example.com',
        action: 'order.refund',
        targetType: 'order',
        targetId: id,
        change: {
          from: 'confirmed',
          to: 'cancelled',
          reason: 'refunded_by_admin',
          amount: '100.00',
        },
        clientAddress: '203.0.113.9',
      },
    ]);
    // A caller that names nobody (an older web) still refunds; the entry says so.
    const other = await placeOrder({}, 'confirmed');
    await caller.refund({ id: other });
    expect(await auditOf(other)).toMatchObject([{ actor: 'unknown', clientAddress: 'unknown' }]);
    // A refused refund records nothing.
    const pending = await placeOrder();
    expect(await codeOf(caller.refund({ id: pending, ...who }))).toBe('order_not_confirmed');
    expect(await auditOf(pending)).toEqual([]);
  });

  it('audits an admin cancel, not a buyer cancel', async () => {
    const byAdmin = await placeOrder();
    await caller.cancel({ id: byAdmin, actor: 'grace@example.com', client_address: '::1' });
    await caller.cancel({ id: byAdmin, actor: 'grace@example.com', client_address: '::1' });
    expect(await auditOf(byAdmin)).toMatchObject([
      { actor: 'grace@example.com', action: 'order.cancel', clientAddress: '::1' },
    ]);
    const byBuyer = await placeOrder({}, 'cancelled');
    expect(await auditOf(byBuyer)).toEqual([]);
  });

  it('two refunds racing: both answer the same, the order changes once', async () => {
    const id = await placeOrder({}, 'confirmed');
    const answers = await Promise.all([
      caller.refund({ id }),
      caller.refund({ id }),
      caller.refund({ id }),
    ]);
    for (const answer of answers) {
      expect(answer).toEqual({ order_id: id, status: 'cancelled', refund_status: 'refunded' });
    }
    const events = (await outboxOf(database.db, id)).map((row) => row.eventType);
    expect(events.filter((type) => type === 'order.cancelled')).toHaveLength(1);
    const history = await caller.history({ id });
    expect(history.history.map((row) => row.status)).toEqual(['pending', 'confirmed', 'cancelled']);
  });

  it('refuses an order that is not confirmed (409 order_not_confirmed), and 404 for an unknown one', async () => {
    const pending = await placeOrder();
    const cancelled = await placeOrder({}, 'cancelled');
    expect(await codeOf(caller.refund({ id: pending }))).toBe('order_not_confirmed');
    expect(await codeOf(caller.refund({ id: cancelled }))).toBe('order_not_confirmed');
    expect(await codeOf(caller.refund({ id: randomUUID() }))).toBe('not_found');
    expect(await codeOf(caller.refund({ id: 'nope' }))).toBe('not_found');
    expect((await caller.get({ id: pending })).status).toBe('pending');
    expect((await outboxOf(database.db, pending)).length).toBe(0);
  });
});

describe('auditLog', () => {
  it('lists newest first, filters by action, actor prefix and time, and pages by position', async () => {
    const tag = randomUUID().slice(0, 8);
    const ada = `ada.${tag}@example.com`;
    const refunded: string[] = [];
    for (let index = 0; index < 3; index++) {
      const id = await placeOrder({}, 'confirmed');
      await caller.refund({ id, actor: ada, client_address: '198.51.100.4' });
      refunded.push(id);
    }
    const cancelled = await placeOrder();
    await caller.cancel({ id: cancelled, actor: `bob.${tag}@example.com` });

    const ids = async (input: Parameters<typeof caller.auditLog>[0]) =>
      (await caller.auditLog(input)).results.map((entry) => entry.target_id);

    expect(await ids({ actor: `ADA.${tag}` })).toEqual([...refunded].reverse());
    expect(await ids({ actor: `bob.${tag}` })).toEqual([cancelled]);
    expect(await ids({ actor: `ada.${tag}`, actions: ['order.cancel'] })).toEqual([]);
    expect(await ids({ actor: `ada.${tag}`, actions: ['order.cancel', 'order.refund'] })).toEqual(
      [...refunded].reverse(),
    );
    // Wildcards in the prefix match themselves.
    expect(await ids({ actor: `%${tag}` })).toEqual([]);
    expect(
      await ids({ actor: `ada.${tag}`, from: new Date(Date.now() + 60_000).toISOString() }),
    ).toEqual([]);
    expect(
      await ids({ actor: `ada.${tag}`, to: new Date(Date.now() - 3_600_000).toISOString() }),
    ).toEqual([]);

    const first = await caller.auditLog({ actor: `ada.${tag}`, limit: 2 });
    expect(first.has_more).toBe(true);
    expect(first.results[0]).toMatchObject({
      actor: ada,
      action: 'order.refund',
      target_type: 'order',
      client_address: '198.51.100.4',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
    });
    const last = first.results.at(-1);
    if (!last) throw new Error('empty page');
    const second = await caller.auditLog({
      actor: `ada.${tag}`,
      limit: 2,
      before: { at: last.at, id: last.id },
    });
    expect(second.has_more).toBe(false);
    expect([...first.results, ...second.results].map((entry) => entry.target_id)).toEqual(
      [...refunded].reverse(),
    );
  });

  it('refuses a position it did not write (400)', async () => {
    for (const at of ['2026-01-01T00:00:00Z', '2026-02-31T00:00:00.000000Z', 'yesterday']) {
      await expect(caller.auditLog({ before: { at, id: randomUUID() } }), at).rejects.toMatchObject(
        { code: 'BAD_REQUEST' },
      );
    }
  });
});

describe('history', () => {
  it('lists statuses with times and reasons, the payment and the outbox events', async () => {
    const id = await placeOrder({}, 'confirmed');
    await caller.refund({ id });

    const view = await caller.history({ id });
    expect(view.order).toMatchObject({
      order_id: id,
      status: 'cancelled',
      cancel_reason: 'refunded_by_admin',
    });
    expect(view.history.map(({ status, reason }) => ({ status, reason }))).toEqual([
      { status: 'pending', reason: null },
      { status: 'confirmed', reason: null },
      { status: 'cancelled', reason: 'refunded_by_admin' },
    ]);
    const times = view.history.map((row) => Date.parse(row.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(view.payment).toMatchObject({ status: 'refunded', amount: '100.00', provider: 'stub' });
    expect(view.events.map((event) => [event.event_type, event.published_at])).toEqual([
      ['order.confirmed', null],
      ['order.cancelled', null],
    ]);
  });

  it('keeps a declined attempt beside the payment that succeeded', async () => {
    const id = await placeOrder();
    expect(await codeOf(caller.confirm({ id, card_number: '4000000000000002' }))).toBe(
      'payment_declined',
    );
    await caller.confirm({ id });
    const view = await caller.history({ id });
    expect(view.payments.map((payment) => payment.status)).toEqual(['failed', 'succeeded']);
    expect(view.payment?.status).toBe('succeeded');
    expect(await codeOf(caller.history({ id: randomUUID() }))).toBe('not_found');
  });
});

describe('stats', () => {
  const range = () => ({
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 86_400_000).toISOString(),
  });

  it('counts confirmed sales per day, takes refunds off again, and counts orders by status', async () => {
    const session = randomUUID();
    const line = (quantity: number, price: string) =>
      orderLine({ session_id: session, quantity, unit_price: price });
    const first = await placeOrder({ items: [line(2, '19.99')] }, 'confirmed');
    await placeOrder(
      { items: [line(3, '0.10'), { ...line(1, '5.00'), ticket_type_id: randomUUID() }] },
      'confirmed',
    );
    await placeOrder({ items: [line(4, '10.00')] });
    await placeOrder({ items: [line(1, '10.00')] }, 'cancelled');

    const before = await caller.stats({ ...range(), session_ids: [session] });
    const today = new Date().toISOString().slice(0, 10);
    expect(before.per_day).toEqual([{ day: today, tickets: 6, revenue: '45.28' }]);
    expect(before).toMatchObject({
      tickets_sold: 6,
      revenue: '45.28',
      orders_today: 4,
      confirmed: 2,
    });
    expect(before.by_status).toEqual([
      { status: 'pending', count: 1 },
      { status: 'confirmed', count: 2 },
      { status: 'cancelled', count: 1 },
    ]);

    await caller.refund({ id: first });
    const after = await caller.stats({ ...range(), session_ids: [session] });
    expect(after.per_day).toEqual([{ day: today, tickets: 4, revenue: '5.30' }]);
    expect(after).toMatchObject({ tickets_sold: 4, confirmed: 1 });

    // Unfiltered, the figures include this session's sales among all the others.
    const all = await caller.stats(range());
    expect(all.tickets_sold).toBeGreaterThanOrEqual(4);
    // A range that ends before today has nothing of it.
    const yesterday = await caller.stats({
      from: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      to: `${today}T00:00:00.000Z`,
      session_ids: [session],
    });
    expect(yesterday).toMatchObject({
      per_day: [],
      tickets_sold: 0,
      revenue: '0.00',
      confirmed: 0,
    });
  });

  it('refuses a range that ends before it starts', async () => {
    const { from, to } = range();
    expect(await codeOf(caller.stats({ from: to, to: from }))).toBe('validation_error');
  });
});

describe('outboxBacklog', () => {
  it('counts the unpublished rows and the age of the oldest', async () => {
    await database.db
      .update(outbox)
      .set({ publishedAt: new Date() })
      .where(isNull(outbox.publishedAt));
    expect(await caller.outboxBacklog()).toEqual({ unpublished: 0, oldest_age_seconds: null });
    await placeOrder({}, 'confirmed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const backlog = await caller.outboxBacklog();
    expect(backlog.unpublished).toBe(1);
    expect(backlog.oldest_age_seconds).toBeGreaterThan(0.04);
    expect(backlog.oldest_age_seconds).toBeLessThan(60);
  });
});
