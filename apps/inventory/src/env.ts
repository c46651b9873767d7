import { databaseUrls, poolSize, port, runtime } from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

const shape = {
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

export type InventoryEnv = ReturnType<typeof loadEnv>;

export const loadEnv = () => exitOnEnvError(() => parseEnv(shape, process.env));
