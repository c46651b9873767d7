import type { AddressInfo } from 'node:net';
import { type Redis } from 'ioredis';
import { createDatabase, type Database } from '@ticketing/db/client';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import { createLogger } from '@ticketing/log/logger';
import type { AdminAuthConfig } from '../../src/server/auth/admin-identity';
import { createCatalogCache } from '../../src/server/cache/catalog-cache';
import { createWebServer } from '../../src/server/http/create-web-server';
import { createOpenApiDocument } from '../../src/server/http/openapi-document';
import {
  createInventoryGateway,
  type InventoryGateway,
} from '../../src/server/inventory/inventory-gateway';
import { appRouter } from '../../src/server/router';
import { createCacheRedis } from '../../src/server/services';
import { createRequestContext, type WebDependencies } from '../../src/server/trpc';

/** This workspace's Redis logical database (the brief's allocation); FLUSHDB on it is fine. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

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
  /** Swaps the inventory seam (e.g. one that refuses a shrink) for the following requests. */
  setInventory(gateway: InventoryGateway): void;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The web server factory on an ephemeral port, without Next, on ticketing_main_test and Redis db 1. */
export async function startTestWeb(): Promise<TestWeb> {
  const databaseUrl = await prepareTestDatabase('main');
  const db = createDatabase({ url: databaseUrl, poolSize: 5, applicationName: 'web-test' });
  const redis = createCacheRedis(TEST_REDIS_URL);
  await waitForReady(redis);
  const logger = createLogger('web-test', 'silent');
  const defaultInventory = createInventoryGateway({ inventoryUrl: 'http://127.0.0.1:1' });
  const deps: WebDependencies = {
    db,
    logger,
    cache: createCatalogCache(redis, logger),
    inventory: defaultInventory,
  };
  const server = createWebServer({
    router: appRouter,
    createContext: ({ req }) => createRequestContext(deps, testAuth, req),
    readiness: { postgres: () => db.$client.query('select 1'), redis: () => redis.ping() },
    openApiDocument: createOpenApiDocument(appRouter),
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    db,
    redis,
    deps,
    setInventory(gateway) {
      deps.inventory = gateway;
    },
    async reset() {
      deps.inventory = defaultInventory;
      await truncateAll(databaseUrl);
      await redis.flushdb();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
