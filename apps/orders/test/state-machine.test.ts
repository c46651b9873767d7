import { randomUUID } from 'node:crypto';

import { AppError } from '@ticketing/trpc/errors';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compensateOrder } from '../src/domain/compensate-order';
import { expireOrder } from '../src/domain/expire-orders';
import { readOrder } from '../src/domain/order-views';
import type { PaymentProvider, RefundRequest } from '../src/payments/provider';
import { stubPaymentProvider } from '../src/payments/stub-provider';
import { createCaller } from '../src/router';
import { createInnerContext } from '../src/trpc';
import {
  dependencies,
  openTestDatabase,
  orderRequest,
  outboxOf,
  paymentsOf,
  type TestDatabase,
} from './support';

let database: TestDatabase;
let caller: ReturnType<typeof createCaller>;
const scheduled: string[] = [];
const refunds: RefundRequest[] = [];
const recordingProvider: PaymentProvider = {
  ...stubPaymentProvider,
  refund: async (request) => void refunds.push(request),
};

beforeAll(async () => {
  database = await openTestDatabase();
  caller = createCaller(
    createInnerContext(
      dependencies(database.db, {
        expiry: {
          schedule: async (orderId) => void scheduled.push(orderId),
          ping: async () => 'PONG',
          close: async () => {},
        },
      }),
    ),
  );
});
afterAll(() => database.close());

/** The code of the domain error a procedure ended with. */
async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    throw error;
  }
}

const future = () => new Date(Date.now() + 60_000).toISOString();
const past = () => new Date(Date.now() - 1_000).toISOString();

async function createOrder(paymentDeadline: string) {
  const order = await caller.create({
    ...orderRequest({ payment_deadline: paymentDeadline }),
    idempotency_key: randomUUID(),
  });
  return order.order_id;
}

/** Each starting state of the table, reached through the real transitions. */
const arrange = {
  pending: () => createOrder(future()),
  'pending past deadline': () => createOrder(past()),
  confirmed: async () => {
    const id = await createOrder(future());
    await caller.confirm({ id });
    return id;
  },
  'cancelled by customer': async () => {
    const id = await createOrder(future());
    await caller.cancel({ id });
    return id;
  },
  'cancelled at deadline': async () => {
    const id = await createOrder(past());
    await expireOrder(database.db, id);
    return id;
  },
  'cancelled by compensation': async () => {
    const id = await createOrder(future());
    await caller.confirm({ id });
    await database.db.transaction((tx) => compensateOrder(tx, id, 'inventory_unavailable'));
    return id;
  },
};
type Start = keyof typeof arrange;

const act = {
  confirm: (id: string) => outcomeOf(caller.confirm({ id })),
  cancel: (id: string) => outcomeOf(caller.cancel({ id })),
  expire: (id: string) => expireOrder(database.db, id),
  compensate: async (id: string) => {
    const result = await database.db.transaction((tx) =>
      compensateOrder(tx, id, 'inventory_unavailable', recordingProvider),
    );
    return result.compensated ? 'compensated' : 'unchanged';
  },
};
type Action = keyof typeof act;

type Ending = 'pending' | 'confirmed' | 'customer' | 'payment_timeout' | 'inventory_unavailable';
/** [what the action answers, the status (or cancel reason) after it, the event it adds]. */
type Expected = [string, Ending, 'order.confirmed' | 'order.cancelled' | null];

const table: Record<Start, Record<Action, Expected>> = {
  pending: {
    confirm: ['ok', 'confirmed', 'order.confirmed'],
    cancel: ['ok', 'customer', 'order.cancelled'],
    expire: ['not_due', 'pending', null],
    compensate: ['unchanged', 'pending', null],
  },
  'pending past deadline': {
    confirm: ['payment_deadline_passed', 'payment_timeout', 'order.cancelled'],
    cancel: ['ok', 'customer', 'order.cancelled'],
    expire: ['expired', 'payment_timeout', 'order.cancelled'],
    compensate: ['unchanged', 'pending', null],
  },
  confirmed: {
    confirm: ['ok', 'confirmed', null],
    cancel: ['order_not_pending', 'confirmed', null],
    expire: ['not_pending', 'confirmed', null],
    compensate: ['compensated', 'inventory_unavailable', 'order.cancelled'],
  },
  'cancelled by customer': {
    confirm: ['order_not_pending', 'customer', null],
    cancel: ['ok', 'customer', null],
    expire: ['not_pending', 'customer', null],
    compensate: ['unchanged', 'customer', null],
  },
  'cancelled at deadline': {
    confirm: ['payment_deadline_passed', 'payment_timeout', null],
    cancel: ['ok', 'payment_timeout', null],
    expire: ['not_pending', 'payment_timeout', null],
    compensate: ['unchanged', 'payment_timeout', null],
  },
  'cancelled by compensation': {
    confirm: ['order_not_pending', 'inventory_unavailable', null],
    cancel: ['ok', 'inventory_unavailable', null],
    expire: ['not_pending', 'inventory_unavailable', null],
    compensate: ['unchanged', 'inventory_unavailable', null],
  },
};

const cases = Object.entries(table).flatMap(([start, row]) =>
  Object.entries(row).map(
    ([action, expected]) => [start as Start, action as Action, expected] as const,
  ),
);

describe('every (status, action) pair', () => {
  it.each(cases)('%s + %s', async (start, action, [answer, ending, event]) => {
    const id = await arrange[start]();
    const eventsBefore = (await outboxOf(database.db, id)).map((row) => row.eventType);

    expect(await act[action](id)).toBe(answer);

    const order = await readOrder(database.db, id);
    expect(order.cancel_reason ?? order.status).toBe(ending);
    const eventsAfter = (await outboxOf(database.db, id)).map((row) => row.eventType);
    expect(eventsAfter).toEqual(event ? [...eventsBefore, event] : eventsBefore);
  });
});

describe('create through the router', () => {
  it('schedules the expiry job of a new order only, not of a replay', async () => {
    const body = { ...orderRequest(), idempotency_key: randomUUID() };
    const first = await caller.create(body);
    expect(await caller.create(body)).toEqual(first);
    expect(scheduled.filter((id) => id === first.order_id)).toHaveLength(1);
  });

  it('defaults the payment deadline to now + HOLD_TTL', async () => {
    const before = Date.now();
    const order = await caller.create({ ...orderRequest(), idempotency_key: randomUUID() });
    const deadline = Date.parse(order.payment_deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 600_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000);
  });
});

describe('compensateOrder', () => {
  it('cancels a confirmed order, refunds its payment and emits order.cancelled, once', async () => {
    const body = orderRequest();
    const { order_id: id } = await caller.create({ ...body, idempotency_key: randomUUID() });
    await caller.confirm({ id });
    refunds.length = 0;

    const compensate = () =>
      database.db.transaction((tx) =>
        compensateOrder(tx, id, 'inventory_unavailable', recordingProvider),
      );
    expect(await compensate()).toEqual({ order_id: id, status: 'cancelled', compensated: true });
    expect(await compensate()).toEqual({ order_id: id, status: 'cancelled', compensated: false });

    expect((await paymentsOf(database.db, id)).map((p) => p.status)).toEqual(['refunded']);
    expect(refunds).toEqual([
      {
        orderId: id,
        amount: '100.00',
        reference: expect.stringMatching(/^stub_/),
        idempotencyKey: `refund:${id}`,
      },
    ]);
    const events = await outboxOf(database.db, id);
    expect(events.map((event) => [event.eventType, event.payload])).toEqual([
      ['order.confirmed', expect.anything()],
      ['order.cancelled', { order_id: id, hold_id: body.hold_id, reason: 'inventory_unavailable' }],
    ]);
  });

  it("shares the caller's transaction: a rollback leaves the order confirmed", async () => {
    const { order_id: id } = await caller.create({
      ...orderRequest(),
      idempotency_key: randomUUID(),
    });
    await caller.confirm({ id });
    await expect(
      database.db.transaction(async (tx) => {
        await compensateOrder(tx, id, 'inventory_unavailable', recordingProvider);
        throw new Error('the consumer failed after compensating');
      }),
    ).rejects.toThrow('the consumer failed');
    expect((await readOrder(database.db, id)).status).toBe('confirmed');
    expect((await paymentsOf(database.db, id)).map((p) => p.status)).toEqual(['succeeded']);
    expect((await outboxOf(database.db, id)).map((event) => event.eventType)).toEqual([
      'order.confirmed',
    ]);
  });

  it('refuses an unknown order', async () => {
    await expect(
      database.db.transaction((tx) => compensateOrder(tx, randomUUID(), 'inventory_unavailable')),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
