import {
  databaseUrls,
  eventWiring,
  infrastructure,
  poolSize,
  port,
  runtime,
} from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

/** Configuration of both entry points of apps/orders: the service (main.ts) and the worker. */
const shape = {
  ...runtime,
  PORT: port(8002),
  /** The worker's /healthz and /readyz. */
  HEALTH_PORT: port(8012),
  DATABASE_URL_ORDERS: databaseUrls.DATABASE_URL_ORDERS,
  REDIS_URL: infrastructure.REDIS_URL,
  DB_POOL_SIZE: poolSize(10),
  WORKER_DB_POOL_SIZE: poolSize(5),
  /** Payment deadline of an order created without one (the hold lifetime). */
  HOLD_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** How often the worker sweeps for unpaid orders a lost expiry job missed; at most a minute. */
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
  /** How long SIGTERM waits for in-flight work before closing connections. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),

  // The event wiring of the worker (names shared with web, inventory and e2e).
  ...eventWiring,
};

export type OrdersEnv = ReturnType<typeof loadEnv>;

export const loadEnv = () => exitOnEnvError(() => parseEnv(shape, process.env));
