import { databaseUrls, eventWiring, poolSize, port, runtime } from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

/** The inventory service (main.ts). */
const serviceShape = {
  ...runtime,
  PORT: port(8001),
  DATABASE_URL_INVENTORY: databaseUrls.DATABASE_URL_INVENTORY,
  DB_POOL_SIZE: poolSize(10),
  /** Most holds of one item applied in one transaction (see hold-coalescer.ts). */
  HOLD_BATCH_MAX: z.coerce.number().int().min(1).max(2_000).default(500),
  /** Transactions of one item in flight at once (see hold-coalescer.ts). */
  HOLD_IN_FLIGHT: z.coerce.number().int().min(1).max(8).default(1),
  /** `off` gives every hold its own transaction (benchmark comparison only). */
  HOLD_COALESCING: z.enum(['on', 'off']).default('on'),
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
};

/** The inventory consumer (consumer.ts): events in, its own outbox out. */
const consumerShape = {
  ...runtime,
  ...eventWiring,
  /** /healthz and /readyz of the consumer process. */
  HEALTH_PORT: port(8011),
  DATABASE_URL_INVENTORY: databaseUrls.DATABASE_URL_INVENTORY,
  DB_POOL_SIZE: poolSize(5),
  /** Events handled at once; each holds a database connection while it runs. */
  EVENTS_PREFETCH: z.coerce.number().int().min(1).max(100).default(10),
  SHUTDOWN_TIMEOUT_MS: serviceShape.SHUTDOWN_TIMEOUT_MS,
};

export type InventoryEnv = ReturnType<typeof loadEnv>;
export type InventoryConsumerEnv = ReturnType<typeof loadConsumerEnv>;

export const loadEnv = () => exitOnEnvError(() => parseEnv(serviceShape, process.env));
export const loadConsumerEnv = () => exitOnEnvError(() => parseEnv(consumerShape, process.env));
