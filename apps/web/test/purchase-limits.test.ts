import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import type { Socket } from 'node:net';

import { holds } from '@ticketing/db/main/holds';
import { parseEnv } from '@ticketing/env/load-env';
import { createLogger } from '@ticketing/log/logger';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { webEnvShape } from '../src/env';
import { addressOf } from '../src/server/auth/client-address';
import {
  createPurchaseRateLimiter,
  purchaseLimitsOf,
} from '../src/server/limits/purchase-rate-limiter';
import { createCacheRedis } from '../src/server/services';
import { createEventWithSession } from './support/catalog-fixtures';
import type { OnSale } from './support/purchase-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

const logger = createLogger('purchase-limits-test', 'silent');

let web: TestWeb;
beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

async function onSale(): Promise<OnSale> {
  const { session, standard } = await createEventWithSession(web.db);
  return { sessionId: session.id, ticketTypeId: standard.id };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A JSON POST from a chosen local address (the loopback has all of 127.0.0.0/8). */
function post(
  path: string,
  payload: unknown,
  { from = '127.0.0.1', headers = {} }: { from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(path, web.baseUrl);
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}

const holdBody = (item: OnSale, quantity = 1, email = 'ada@example.com') => ({
  session_id: item.sessionId,
  ticket_type_id: item.ticketTypeId,
  quantity,
  customer_email: email,
});

const limited = (holdsPerMinute: number, checkoutsPerMinute = 1_000) =>
  web.use({
    purchaseLimiter: createPurchaseRateLimiter(
      web.redis,
      { holdsPerMinute, checkoutsPerMinute },
      logger,
      `purchase-test-${randomUUID().slice(0, 8)}`,
    ),
  });

describe('rate limit of hold and checkout creation per client address', () => {
  it('answers 429 rate_limited with Retry-After after N holds from one address; another address is unaffected', async () => {
    const item = await onSale();
    limited(3);
    for (let n = 0; n < 3; n += 1) {
      expect((await post('/api/holds', holdBody(item), { from: '127.0.0.1' })).status).toBe(201);
    }
    const refused = await post('/api/holds', holdBody(item), { from: '127.0.0.1' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.retry_after_seconds).toBe(retryAfter);

    expect((await post('/api/holds', holdBody(item), { from: '127.0.0.2' })).status).toBe(201);
  });

  it('is not dodged with a made-up X-Forwarded-For or client-address header (no trusted proxy)', async () => {
    const item = await onSale();
    limited(2);
    const spoofed = (n: number) => ({
      'x-forwarded-for': `10.0.0.${n}`,
      'x-ticketing-client-address': `10.1.0.${n}`,
    });
    expect((await post('/api/holds', holdBody(item), { headers: spoofed(1) })).status).toBe(201);
    expect((await post('/api/holds', holdBody(item), { headers: spoofed(2) })).status).toBe(201);
    expect((await post('/api/holds', holdBody(item), { headers: spoofed(3) })).status).toBe(429);
  });

  it('limits the tRPC procedures too: holds.create and orders.checkout answer 429 with Retry-After', async () => {
    const item = await onSale();
    limited(1, 1);
    const first = await post('/api/trpc/holds.create', holdBody(item), { from: '127.0.0.3' });
    expect(first.status).toBe(200);
    const second = await post('/api/trpc/holds.create', holdBody(item), { from: '127.0.0.3' });
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(second.body.error).toMatchObject({ error: 'rate_limited' });

    const holdId = String((first.body.result as { data: { hold_id: string } }).data.hold_id);
    const checkout = (key: string) =>
      post(
        '/api/checkout',
        { hold_id: holdId, customer_email: 'ada@example.com', customer_name: 'Ada' },
        { from: '127.0.0.3', headers: { 'idempotency-key': key } },
      );
    expect((await checkout(randomUUID())).status).toBe(201);
    const again = await checkout(randomUUID());
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBeDefined();
  });

  it('takes its limits from HOLD_/CHECKOUT_RATE_LIMIT_PER_MINUTE, and a raised limit lets more through', async () => {
    const defaults = purchaseLimitsOf(parseEnv(webEnvShape, {}));
    expect(defaults).toEqual({ holdsPerMinute: 30, checkoutsPerMinute: 20 });
    const raised = purchaseLimitsOf(
      parseEnv(webEnvShape, {
        HOLD_RATE_LIMIT_PER_MINUTE: '40',
        CHECKOUT_RATE_LIMIT_PER_MINUTE: '25',
      }),
    );
    expect(raised).toEqual({ holdsPerMinute: 40, checkoutsPerMinute: 25 });
    web.use({
      purchaseLimiter: createPurchaseRateLimiter(web.redis, defaults, logger, `d-${randomUUID()}`),
    });
    // Each run at a session of its own (60 seats): only the limit can refuse.
    const statuses = async (from: string, count: number) => {
      const item = await onSale();
      const seen: number[] = [];
      for (let n = 0; n < count; n += 1) {
        seen.push(
          (await post('/api/holds', holdBody(item, 1, `b${n}@example.com`), { from })).status,
        );
      }
      return seen;
    };
    const atDefault = await statuses('127.0.0.4', 31);
    expect(atDefault.filter((status) => status === 201)).toHaveLength(30);
    expect(atDefault.at(-1)).toBe(429);
    web.use({
      purchaseLimiter: createPurchaseRateLimiter(web.redis, raised, logger, `r-${randomUUID()}`),
    });
    expect((await statuses('127.0.0.5', 31)).every((status) => status === 201)).toBe(true);
  });

  it('fails open when Redis is unreachable: the hold is placed', async () => {
    const item = await onSale();
    const deadRedis = createCacheRedis('redis://127.0.0.1:1/0');
    deadRedis.on('error', () => undefined);
    try {
      web.use({
        purchaseLimiter: createPurchaseRateLimiter(
          deadRedis,
          { holdsPerMinute: 1, checkoutsPerMinute: 1 },
          logger,
        ),
      });
      expect((await post('/api/holds', holdBody(item))).status).toBe(201);
      expect((await post('/api/holds', holdBody(item))).status).toBe(201);
    } finally {
      deadRedis.disconnect();
    }
  });

  it('reads X-Forwarded-For only behind TRUSTED_PROXY_HOPS proxies, from the right', () => {
    const request = (forwarded?: string) =>
      ({
        socket: { remoteAddress: '10.9.9.9' } as Socket,
        headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
      }) as IncomingMessage;
    expect(addressOf(request('1.1.1.1'), 0)).toBe('10.9.9.9');
    expect(addressOf(request('6.6.6.6, 1.1.1.1'), 1)).toBe('1.1.1.1');
    expect(addressOf(request('6.6.6.6, 1.1.1.1, 10.0.0.2'), 2)).toBe('1.1.1.1');
    expect(addressOf(request(), 1)).toBe('10.9.9.9');
    expect(parseEnv(webEnvShape, {}).TRUSTED_PROXY_HOPS).toBe(0);
  });
});

describe('per-buyer cap of seats of one session (MAX_SEATS_PER_BUYER_PER_SESSION)', () => {
  const liveSeats = async (item: OnSale, email: string) => {
    const [row] = await web.db
      .select({ seats: sql<number>`coalesce(sum(${holds.quantity}), 0)::int` })
      .from(holds)
      .where(
        and(
          eq(holds.sessionId, item.sessionId),
          sql`lower(${holds.customerEmail}) = ${email.toLowerCase()}`,
          inArray(holds.status, ['pending', 'active']),
        ),
      );
    return row?.seats ?? 0;
  };

  it('defaults to 10', () => {
    expect(parseEnv(webEnvShape, {}).MAX_SEATS_PER_BUYER_PER_SESSION).toBe(10);
  });

  it('refuses the hold that would pass the cap with 409 buyer_limit_reached, limit and held; others are unaffected', async () => {
    const item = await onSale();
    web.use({ maxSeatsPerBuyer: 10 });
    expect((await post('/api/holds', holdBody(item, 6, 'ada@example.com'))).status).toBe(201);
    expect((await post('/api/holds', holdBody(item, 4, 'ADA@example.com'))).status).toBe(201);
    const refused = await post('/api/holds', holdBody(item, 1, 'Ada@Example.com'));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'buyer_limit_reached', limit: 10, held: 10 });
    expect(await liveSeats(item, 'ada@example.com')).toBe(10);
    // Another buyer, and the same buyer at another session, hold as before.
    expect((await post('/api/holds', holdBody(item, 10, 'bob@example.com'))).status).toBe(201);
    const other = await onSale();
    expect((await post('/api/holds', holdBody(other, 2, 'ada@example.com'))).status).toBe(201);
  });

  it('counts only live holds: a released hold gives its seats back', async () => {
    const item = await onSale();
    web.use({ maxSeatsPerBuyer: 5 });
    const first = await post('/api/holds', holdBody(item, 5));
    expect(first.status).toBe(201);
    expect((await post('/api/holds', holdBody(item, 1))).status).toBe(409);
    await web.db
      .update(holds)
      .set({ status: 'released' })
      .where(eq(holds.id, String(first.body.hold_id)));
    expect((await post('/api/holds', holdBody(item, 3))).status).toBe(201);
  });

  it('never lets concurrent holds of one e-mail pass the cap, and answers the other buyers of the same batches', async () => {
    const item = await onSale();
    web.use({ maxSeatsPerBuyer: 10 });
    const answers = await Promise.all([
      ...Array.from({ length: 25 }, () =>
        post('/api/holds', holdBody(item, 1, 'rush@example.com')),
      ),
      ...Array.from({ length: 15 }, (_, n) =>
        post('/api/holds', holdBody(item, 2, `other-${n}@example.com`)),
      ),
    ]);
    const rush = answers.slice(0, 25).map((answer) => answer.status);
    const others = answers.slice(25).map((answer) => answer.status);
    expect(rush.filter((status) => status === 201)).toHaveLength(10);
    expect(rush.filter((status) => status === 409)).toHaveLength(15);
    expect(
      answers
        .slice(0, 25)
        .filter((answer) => answer.status === 409)
        .every((answer) => answer.body.error === 'buyer_limit_reached'),
    ).toBe(true);
    expect(others.every((status) => status === 201)).toBe(true);
    expect(await liveSeats(item, 'rush@example.com')).toBe(10);
  });
});
