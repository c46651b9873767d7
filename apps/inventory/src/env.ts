import {
  databaseUrls,
  eventSettingsOf,
  eventsPrefetch,
  eventWiring,
  poolSize,
  port,
  retention,
  runtime,
} from '@ticketing/env/common';
import { parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

/** The inventory service (main.ts). */
export const inventoryEnvShape = {
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
};

/** The inventory consumer (consumer.ts): events in, its own outbox out. */
export const consumerEnvShape = {
  ...runtime,
  ...eventWiring,
  /** /healthz and /readyz of the consumer process. */
  HEALTH_PORT: port(8011),
  DATABASE_URL_INVENTORY: databaseUrls.DATABASE_URL_INVENTORY,
  DB_POOL_SIZE: poolSize(5),
  /** Events handled at once; each holds a database connection while it runs. */
  EVENTS_PREFETCH: eventsPrefetch(10, 100),
  /** RETENTION_*: pruning of the consumer's published outbox rows and consumed_events. */
  ...retention,
};

export type InventoryEnv = z.infer<z.ZodObject<typeof inventoryEnvShape>>;
export type InventoryConsumerEnv = ReturnType<typeof parseConsumerEnv>;

/** The consumer's variables, with the event wiring as one value (`events`). */
export function parseConsumerEnv(source: Record<string, string | undefined>) {
  const env = parseEnv(consumerEnvShape, source);
  return { ...env, events: eventSettingsOf(env) };
}
