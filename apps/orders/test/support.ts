import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { createDatabase, type Database } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/orders/outbox';
import { payments } from '@ticketing/db/orders/payments';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import { createLogger } from '@ticketing/log/logger';
import type { CreateOrderInput } from '@ticketing/trpc/orders/contract';
import { asc, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';

import { createExpiryScheduler, type ExpiryScheduler } from '../src/expiry/expiry-queue';
import { stubPaymentProvider } from '../src/payments/stub-provider';
import { createOrdersServer } from '../src/server';
import type { OrdersDependencies } from '../src/trpc';

/** This workspace's own Redis logical database (see the brief); FLUSHDB on it is ours to do. */
export const REDIS_URL = 'redis://127.0.0.1:6379/3';
/** Redis that is not there: nothing listens on port 1. */
export const DEAD_REDIS_URL = 'redis://127.0.0.1:1/3';

export const silentLog = createLogger('orders-test', 'silent');

export async function flushRedis() {
  const redis = new Redis(REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

export interface TestDatabase {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function openTestDatabase(poolSize = 6): Promise<TestDatabase> {
  const url = await prepareTestDatabase('orders');
  await truncateAll(url);
  const db = createDatabase({ url, poolSize, applicationName: 'orders-test' });
  return { url, db, close: () => db.$client.end() };
}

export function dependencies(
  db: Database,
  overrides: Partial<OrdersDependencies> = {},
): OrdersDependencies {
  return {
    db,
    payments: stubPaymentProvider,
    expiry: overrides.expiry ?? noExpiryJobs,
    holdTtlSeconds: 600,
    logger: silentLog,
    ...overrides,
  };
}

/** For tests that drive expiry themselves. */
export const noExpiryJobs: ExpiryScheduler = {
  schedule: async () => {},
  ping: async () => 'PONG',
  close: async () => {},
};

export interface TestService {
  baseUrl: string;
  expiry: ExpiryScheduler;
  close(): Promise<void>;
}

/** The orders service on an ephemeral port, with a real expiry queue on `redisUrl`. */
export async function startService(
  db: Database,
  { redisUrl = REDIS_URL }: { redisUrl?: string } = {},
): Promise<TestService> {
  const expiry = createExpiryScheduler({ redisUrl, log: silentLog });
  const server = createOrdersServer(dependencies(db, { expiry }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    expiry,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await expiry.close();
    },
  };
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export function orderLine(overrides: Partial<CreateOrderInput['items'][number]> = {}) {
  return {
    session_id: randomUUID(),
    ticket_type_id: randomUUID(),
    quantity: 2,
    unit_price: '50.00',
    ...overrides,
  };
}

/** A valid create body (without the key): one line of 2 × 50.00. */
export function orderRequest(overrides: Partial<CreateOrderInput> = {}) {
  return {
    customer_email: 'ada@example.com',
    hold_id: randomUUID(),
    items: [orderLine()],
    ...overrides,
  };
}

/** The outbox rows of one order, oldest first. */
export function outboxOf(db: Database, orderId: string) {
  return db
    .select({
      eventType: outbox.eventType,
      payload: outbox.payload,
      idempotencyKey: outbox.idempotencyKey,
      correlationId: outbox.correlationId,
    })
    .from(outbox)
    .where(eq(outbox.aggregateId, orderId))
    .orderBy(asc(outbox.occurredAt));
}

export function paymentsOf(db: Database, orderId: string) {
  return db
    .select({
      status: payments.status,
      amount: payments.amount,
      failureReason: payments.failureReason,
    })
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(payments.createdAt));
}

/** Polls `check` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether an open transaction holds the order's row (a probe that skips a locked row). */
export async function rowLocked(database: TestDatabase, orderId: string): Promise<boolean> {
  const { rows } = await database.db.$client.query(
    'select id from orders where id = $1 for update skip locked',
    [orderId],
  );
  return rows.length === 0;
}

/**
 * Makes the first commit that marks the order's payment refunded fail, as a crash between the
 * refund and the commit would: a deferred trigger, checked at commit time, after everything the
 * transaction did. A sequence counts the commits, since it does not roll back with them.
 */
export async function failFirstCommitOfRefund(database: TestDatabase, orderId: string) {
  const name = `test_fail_refund_${orderId.replaceAll('-', '')}`;
  const client = database.db.$client;
  await client.query(`create sequence ${name}`);
  await client.query(`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if new.order_id = '${orderId}' and new.status = 'refunded' and nextval('${name}') = 1 then
        raise exception 'simulated crash before the refund commits';
      end if;
      return new;
    end $$`);
  await client.query(`
    create constraint trigger ${name} after update on payments
    deferrable initially deferred for each row execute function ${name}()`);
  return {
    fired: async () => {
      const { rows } = await client.query(`select 1 from ${name} where is_called`);
      return rows.length > 0;
    },
    remove: async () => {
      await client.query(`drop trigger if exists ${name} on payments`);
      await client.query(`drop function if exists ${name}()`);
      await client.query(`drop sequence if exists ${name}`);
    },
  };
}
