import { databaseUrls, infrastructure, poolSize, port, runtime } from '@ticketing/env/common';
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

/** `1000,5000` → [1000, 5000]: delays before the 2nd and 3rd attempt of a failed event. */
const retryDelays = z
  .string()
  .default('1000,5000')
  .transform((value) => value.split(',').map((part) => Number(part.trim())))
  .pipe(z.array(z.number().int().min(1).max(3_600_000)).min(1).max(10));

/** The event wiring every process that touches RabbitMQ reads (names shared with web and e2e). */
const eventsShape = {
  RABBITMQ_URL: infrastructure.RABBITMQ_URL,
  EVENTS_EXCHANGE: z
    .string()
    .regex(/^[\w.:-]{1,200}$/)
    .default('ticketing.events'),
  /** Prefixed as-is to every consumer queue name (`e2e123.` → `e2e123.inventory.events`). */
  EVENTS_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.:-]{0,100}$/)
    .default(''),
  EVENTS_RETRY_DELAYS_MS: retryDelays,
  /** Safety-net poll of the outbox relay; the NOTIFY nudge is what makes publishing prompt. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
};

/** The inventory consumer (consumer.ts): events in, its own outbox out. */
const consumerShape = {
  ...runtime,
  ...eventsShape,
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
