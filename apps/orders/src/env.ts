import { databaseUrls, infrastructure, poolSize, port, runtime } from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

/** `1000,5000` → [1000, 5000]: delays before the 2nd and 3rd attempt of a failed event. */
const retryDelays = z
  .string()
  .default('1000,5000')
  .transform((value) => value.split(',').map((part) => Number(part.trim())))
  .pipe(z.array(z.number().int().min(1).max(3_600_000)).min(1).max(10));

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
  RABBITMQ_URL: infrastructure.RABBITMQ_URL,
  EVENTS_EXCHANGE: z
    .string()
    .regex(/^[\w.:-]{1,200}$/)
    .default('ticketing.events'),
  /** Prefixed as-is to every consumer queue name (`e2e123.` → `e2e123.orders.events`). */
  EVENTS_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.:-]{0,100}$/)
    .default(''),
  EVENTS_RETRY_DELAYS_MS: retryDelays,
  /** Safety-net poll of the outbox relay; the NOTIFY nudge is what makes publishing prompt. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
};

export type OrdersEnv = ReturnType<typeof loadEnv>;

export const loadEnv = () => exitOnEnvError(() => parseEnv(shape, process.env));
