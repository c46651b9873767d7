import {
  databaseUrls,
  eventSettingsOf,
  eventWiring,
  holdLifetime,
  infrastructure,
  milliseconds,
  poolSize,
  port,
  retention,
  runtime,
} from '@ticketing/env/common';
import { parseEnv } from '@ticketing/env/load-env';

/** Configuration of both entry points of apps/orders: the service (main.ts) and the worker. */
export const ordersEnvShape = {
  ...runtime,
  PORT: port(8002),
  /** The worker's /healthz and /readyz. */
  HEALTH_PORT: port(8012),
  DATABASE_URL_ORDERS: databaseUrls.DATABASE_URL_ORDERS,
  REDIS_URL: infrastructure.REDIS_URL,
  DB_POOL_SIZE: poolSize(10),
  WORKER_DB_POOL_SIZE: poolSize(5),
  /** Payment deadline of an order created without one (the hold lifetime). */
  ...holdLifetime,
  /** How often the worker sweeps for unpaid orders a lost expiry job missed; at most a minute. */
  EXPIRY_SWEEP_INTERVAL_MS: milliseconds(30_000, 100, 60_000),

  // The event wiring of the worker (names shared with web, inventory and e2e).
  ...eventWiring,
  /** RETENTION_*: pruning of the worker's published outbox rows and consumed_events. */
  ...retention,
};

export type OrdersEnv = ReturnType<typeof parseOrdersEnv>;

/** The variables of apps/orders, with the event wiring as one value (`events`). */
export function parseOrdersEnv(source: Record<string, string | undefined>) {
  const env = parseEnv(ordersEnvShape, source);
  return { ...env, events: eventSettingsOf(env) };
}
