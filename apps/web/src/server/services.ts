import { createLogger } from '@ticketing/log/logger';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import type { ReadinessChecks } from '@ticketing/runtime/readiness';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';

import { loadWebEnv, type WebEnv } from '../env';
import { createEventBusAdmin } from './admin/event-bus';
import { registerEventBusMetrics } from './admin/event-bus-metrics';
import type { AdminAuthConfig } from './auth/admin-identity';
import { createCatalogCache } from './cache/catalog-cache';
import { createHoldExpiryScheduler } from './holds/hold-expiry-queue';
import { createInventoryGateway } from './inventory/inventory-gateway';
import { createPurchaseRateLimiter, purchaseLimitsOf } from './limits/purchase-rate-limiter';
import { createOrdersGateway } from './orders/orders-gateway';
import { registerCircuitMetrics } from './remote/circuit-metrics';
import type { WebDependencies } from './trpc';

export interface WebServices extends WebDependencies {
  env: WebEnv;
  redis: Redis;
  auth: AdminAuthConfig;
  readiness: ReadinessChecks;
}

/**
 * Redis for the cache must fail fast: with no offline queue and one retry, a read during an outage
 * errors at once and the catalog is served from PostgreSQL instead of hanging.
 */
export function createCacheRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/**
 * Everything the web's procedures use, opened in `context`: its pool, and what it stops at
 * shutdown (the service clients, the hold-expiry queue, the event bus admin, Redis).
 */
export function createWebServices(env: WebEnv, context: ProcessContext): WebServices {
  const { logger } = context;
  const db = context.database({ url: env.DATABASE_URL_MAIN, poolSize: env.DB_POOL_SIZE });
  const redis = createCacheRedis(env.REDIS_URL);
  context.onStop('redis', () => redis.disconnect());
  let redisDown = false;
  redis.on('error', (error: Error) => {
    if (!redisDown)
      logger.warn({ err: error }, 'redis unreachable; catalog served from PostgreSQL');
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis reachable again');
    redisDown = false;
  });
  const inventory = createInventoryGateway({
    inventoryUrl: env.INVENTORY_URL,
    timeoutMs: env.INVENTORY_TIMEOUT_MS,
    resetTimeoutMs: env.CIRCUIT_RESET_MS,
    logger,
  });
  const orders = createOrdersGateway({
    ordersUrl: env.ORDERS_URL,
    timeoutMs: env.ORDERS_TIMEOUT_MS,
    resetTimeoutMs: env.CIRCUIT_RESET_MS,
    logger,
  });
  registerCircuitMetrics(context.metrics, { inventory: inventory.client, orders });
  const holdExpiry = createHoldExpiryScheduler({ redisUrl: env.REDIS_URL, logger });
  const eventBus = createEventBusAdmin({
    rabbitmqUrl: env.RABBITMQ_URL,
    queuePrefix: env.EVENTS_QUEUE_PREFIX,
    logger,
  });
  registerEventBusMetrics(context.metrics, eventBus);
  // Stopped last-registered first: event bus, expiry queue, clients, then Redis.
  context.onStop('inventory and orders clients', () => {
    inventory.client.shutdown();
    orders.shutdown();
  });
  context.onStop('hold expiry queue', () => holdExpiry.close());
  context.onStop('event bus admin', () => eventBus.close());
  return {
    env,
    logger,
    db,
    redis,
    cache: createCatalogCache(redis, logger),
    inventory,
    orders,
    holdExpiry,
    eventBus,
    holdTtlSeconds: env.HOLD_TTL_SECONDS,
    purchaseLimiter: createPurchaseRateLimiter(redis, purchaseLimitsOf(env), logger),
    maxSeatsPerBuyer: env.MAX_SEATS_PER_BUYER_PER_SESSION,
    ticketSigningSecret: env.TICKET_SIGNING_SECRET,
    auth: {
      adminApiToken: env.ADMIN_API_TOKEN,
      nextAuthSecret: env.NEXTAUTH_SECRET,
      secureCookie: env.NEXTAUTH_URL.startsWith('https://'),
    },
    readiness: {
      postgres: () => db.execute(sql`select 1`),
      redis: () => redis.ping(),
    },
  };
}

const SERVICES = Symbol.for('@ticketing/web/services');
type ServicesHolder = { [SERVICES]?: WebServices };

/**
 * The process-wide services. The custom server and Next's bundles (pages, next-auth) run in one
 * process but load separate copies of this module, so the instance lives on globalThis: one
 * PostgreSQL pool and one Redis connection per process, created on first use.
 */
export function getWebServices(): WebServices {
  const holder = globalThis as ServicesHolder;
  if (!holder[SERVICES]) {
    const env = loadWebEnv();
    const logger = createLogger('web', env.LOG_LEVEL);
    holder[SERVICES] = createWebServices(env, createProcessContext({ name: 'web', logger }));
  }
  return holder[SERVICES];
}

/** The custom server's services, in its process context; Next's bundles then get these. */
export function openWebServices(env: WebEnv, context: ProcessContext): WebServices {
  const holder = globalThis as ServicesHolder;
  holder[SERVICES] = createWebServices(env, context);
  return holder[SERVICES];
}
