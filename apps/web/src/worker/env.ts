import {
  databaseUrls,
  eventSettingsOf,
  eventWiring,
  infrastructure,
  milliseconds,
  poolSize,
  port,
  retention,
  runtime,
} from '@ticketing/env/common';
import { parseEnv } from '@ticketing/env/load-env';

import { serviceCallShape } from '../env';

/** Configuration of the web worker (`src/worker.ts`); the names are shared with the other workers. */
export const workerEnvShape = {
  ...runtime,
  /** `/healthz` of the worker. */
  HEALTH_PORT: port(3001),
  DATABASE_URL_MAIN: databaseUrls.DATABASE_URL_MAIN,
  DB_POOL_SIZE: poolSize(4),
  REDIS_URL: infrastructure.REDIS_URL,
  /** RABBITMQ_URL, EVENTS_* (the web worker publishes only: no queue of its own) and OUTBOX_POLL_MS. */
  ...eventWiring,
  ...serviceCallShape,
  /** How often the sweep looks for holds a lost expiry job missed (at most a minute). */
  HOLD_SWEEP_INTERVAL_MS: milliseconds(60_000, 50, 60_000),
  /** How long past its deadline a converted hold without a known order waits before orders is asked. */
  ORDERLESS_HOLD_GRACE_MS: milliseconds(5_000, 0, 600_000),
  /** RETENTION_*: pruning of ticketing_main's published outbox rows and consumed_events. */
  ...retention,
};

export type WorkerEnv = ReturnType<typeof parseWorkerEnv>;

/** The worker's variables, with the event wiring as one value (`events`). */
export function parseWorkerEnv(source: Record<string, string | undefined>) {
  const env = parseEnv(workerEnvShape, source);
  return { ...env, events: eventSettingsOf(env) };
}
