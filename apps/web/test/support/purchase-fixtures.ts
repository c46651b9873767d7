import { randomUUID } from 'node:crypto';

import type { Executor } from '@ticketing/db/client';
import { holds } from '@ticketing/db/main/holds';
import { outbox } from '@ticketing/db/main/outbox';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';

import { call, type JsonResponse } from './web-test-server';

export const BUYER = 'buyer@example.com';
export const DECLINED_CARD = '4000000000000002';

export interface OnSale {
  sessionId: string;
  ticketTypeId: string;
}

export type Body = Record<string, unknown>;
export const body = (response: JsonResponse) => response.body as Body;

/** The public purchase API of one test server, as a buyer calls it. */
export function buyer(baseUrl: string) {
  return {
    hold: (item: OnSale, quantity: number, headers: Record<string, string> = {}) =>
      call(baseUrl, 'POST', '/api/holds', {
        body: {
          session_id: item.sessionId,
          ticket_type_id: item.ticketTypeId,
          quantity,
          customer_email: BUYER,
        },
        headers,
      }),
    getHold: (id: string) => call(baseUrl, 'GET', `/api/holds/${id}`),
    release: (id: string) => call(baseUrl, 'DELETE', `/api/holds/${id}`),
    checkout: (
      holdId: string,
      /** `null` sends no Idempotency-Key header. */
      key: string | null = randomUUID(),
      fields: Body = { customer_email: BUYER, customer_name: 'Ada Buyer' },
    ) =>
      call(baseUrl, 'POST', '/api/checkout', {
        body: { hold_id: holdId, ...fields },
        headers: key === null ? {} : { 'idempotency-key': key },
      }),
    confirm: (orderId: string, cardNumber?: string) =>
      call(baseUrl, 'POST', `/api/orders/${orderId}/confirm`, {
        body: cardNumber ? { card_number: cardNumber } : {},
      }),
    cancel: (orderId: string) => call(baseUrl, 'POST', `/api/orders/${orderId}/cancel`),
    getOrder: (orderId: string) => call(baseUrl, 'GET', `/api/orders/${orderId}`),
  };
}

/** Inventory's own REST view of an item's counters (the run's inventory child process). */
export async function inventoryItem(item: OnSale): Promise<Body> {
  const response = await call(
    inject('inventoryUrl'),
    'GET',
    `/inventory/items/${item.sessionId}/${item.ticketTypeId}`,
  );
  return { status: response.status, ...body(response) };
}

export async function holdStatus(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await db.select({ status: holds.status }).from(holds).where(eq(holds.id, id));
  return row?.status;
}

/** The outbox rows about one aggregate, oldest first. */
export async function outboxOf(db: Executor, aggregateId: string) {
  return db
    .select({
      eventType: outbox.eventType,
      payload: outbox.payload,
      correlationId: outbox.correlationId,
      publishedAt: outbox.publishedAt,
    })
    .from(outbox)
    .where(eq(outbox.aggregateId, aggregateId))
    .orderBy(outbox.occurredAt);
}

/** Polls until `check` returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 10_000, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
