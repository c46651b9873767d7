import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { createDatabase, type Database } from '@ticketing/db/client';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import { createLogger } from '@ticketing/log/logger';
import { type Redis } from 'ioredis';
import { inject } from 'vitest';

import type { AdminAuthConfig } from '../../src/server/auth/admin-identity';
import { createCatalogCache } from '../../src/server/cache/catalog-cache';
import { createHoldExpiryScheduler } from '../../src/server/holds/hold-expiry-queue';
import { createWebServer } from '../../src/server/http/create-web-server';
import { createOpenApiDocument } from '../../src/server/http/openapi-document';
import {
  type CatalogInventory,
  createInventoryGateway,
  type InventoryGateway,
} from '../../src/server/inventory/inventory-gateway';
import { createPurchaseRateLimiter } from '../../src/server/limits/purchase-rate-limiter';
import { createOrdersGateway, type OrdersGateway } from '../../src/server/orders/orders-gateway';
import { appRouter, createCaller } from '../../src/server/router';
import { createCacheRedis } from '../../src/server/services';
import {
  createInnerContext,
  createRequestContext,
  type WebDependencies,
} from '../../src/server/trpc';
import { TEST_REDIS_URL } from './test-resources';

export { TEST_REDIS_URL };

const inventories = new Map<string, InventoryGateway>();

/** A gateway to the inventory child process of this run (availability never cached). */
export function testInventory(inventoryUrl = inject('inventoryUrl')): InventoryGateway {
  let gateway = inventories.get(inventoryUrl);
  if (!gateway) {
    gateway = createInventoryGateway({
      inventoryUrl,
      availabilityFreshForMs: 0,
      resetTimeoutMs: 500,
    });
    inventories.set(inventoryUrl, gateway);
  }
  return gateway;
}

/** A gateway to the orders child process of this run. */
export const testOrders = (ordersUrl = inject('ordersUrl'), timeoutMs = 3_000): OrdersGateway =>
  createOrdersGateway({ ordersUrl, timeoutMs, resetTimeoutMs: 500 });

export const testAuth: AdminAuthConfig = {
  adminApiToken: 'test-admin-api-token',
  nextAuthSecret: 'test-nextauth-secret-0123456789',
  secureCookie: false,
};

export const adminHeaders = { authorization: `Bearer ${testAuth.adminApiToken}` };

export interface TestWeb {
  baseUrl: string;
  databaseUrl: string;
  db: Database;
  redis: Redis;
  deps: WebDependencies;
  /** BullMQ prefix of this server's hold-expiry jobs (a worker under test must use it too). */
  queuePrefix: string;
  /** Swaps the catalog's inventory seam (e.g. one that refuses a shrink) for the following requests. */
  setInventory(gateway: CatalogInventory): void;
  /** Swaps dependencies (a gateway to a stopped service, a short hold TTL) until `reset`. */
  use(changes: Partial<WebDependencies>): void;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The web server factory on an ephemeral port, without Next, on ticketing_main_test and Redis db 1,
 * talking to the inventory and orders child processes of the run (global-setup.ts).
 */
export async function startTestWeb(): Promise<TestWeb> {
  const databaseUrl = await prepareTestDatabase('main');
  const db = createDatabase({ url: databaseUrl, poolSize: 5, applicationName: 'web-test' });
  const redis = createCacheRedis(TEST_REDIS_URL);
  await waitForReady(redis);
  const logger = createLogger('web-test', 'silent');
  const queuePrefix = `web-test-${randomUUID().slice(0, 8)}`;
  const holdExpiry = createHoldExpiryScheduler({
    redisUrl: TEST_REDIS_URL,
    logger,
    prefix: queuePrefix,
  });
  const defaults: WebDependencies = {
    db,
    logger,
    cache: createCatalogCache(redis, logger),
    inventory: testInventory(),
    orders: testOrders(),
    holdExpiry,
    holdTtlSeconds: 600,
    // The suites place many holds from 127.0.0.1 and one e-mail: raised as a deployment would raise
    // them (the limits' own tests lower them with `use`); the limiter still counts every request.
    purchaseLimiter: createPurchaseRateLimiter(
      redis,
      { holdsPerMinute: 1_000_000, checkoutsPerMinute: 1_000_000 },
      logger,
    ),
    maxSeatsPerBuyer: 100_000,
    ticketSigningSecret: 'test-ticket-signing-secret',
  };
  const deps: WebDependencies = { ...defaults };
  const server = createWebServer({
    router: appRouter,
    createContext: ({ req }) => createRequestContext(deps, testAuth, req),
    readiness: { postgres: () => db.$client.query('select 1'), redis: () => redis.ping() },
    openApiDocument: createOpenApiDocument(appRouter),
    logger,
    eventList: {
      cache: deps.cache,
      list: (page) => createCaller(createInnerContext(deps)).events.list(page),
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    db,
    redis,
    deps,
    queuePrefix,
    setInventory(gateway) {
      deps.inventory = {
        ...defaults.inventory,
        syncTicketTypeInventory: (item) => gateway.syncTicketTypeInventory(item),
        getAvailability: (types) => gateway.getAvailability(types),
      };
    },
    use(changes) {
      Object.assign(deps, changes);
    },
    async reset() {
      Object.assign(deps, defaults);
      await truncateAll(databaseUrl);
      await redis.flushdb();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await holdExpiry.close();
      redis.disconnect();
      await db.$client.end();
    },
  };
}

export function waitForReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    redis.once('ready', () => resolve());
    setTimeout(() => reject(new Error('redis not ready')), 5_000).unref();
  });
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One HTTP request with a JSON body; the answer's body parsed when there is one. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: response.headers,
  };
}
