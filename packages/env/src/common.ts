import { z } from 'zod';

/** Variables and defaults shared by several processes; defaults work against loopback services. */

const url = (fallback: string) => z.url().default(fallback);

export const databaseUrls = {
  DATABASE_URL_MAIN: url('postgres://postgres@127.0.0.1:5432/ticketing_main'),
  DATABASE_URL_INVENTORY: url('postgres://postgres@127.0.0.1:5432/ticketing_inventory'),
  DATABASE_URL_ORDERS: url('postgres://postgres@127.0.0.1:5432/ticketing_orders'),
};

export const infrastructure = {
  REDIS_URL: url('redis://127.0.0.1:6379'),
  RABBITMQ_URL: url('amqp://guest:guest@127.0.0.1:5672'),
};

export const serviceUrls = {
  INVENTORY_URL: url('http://127.0.0.1:8001'),
  ORDERS_URL: url('http://127.0.0.1:8002'),
};

/** A whole number of milliseconds between `min` and `max`, `fallback` when unset. */
export const milliseconds = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** What every process reads (`@ticketing/runtime/define-process` needs LOG_LEVEL and the timeout). */
export const runtime = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The one deadline of a shutdown: past it the process exits 1 (unacked work is redone). */
  SHUTDOWN_TIMEOUT_MS: milliseconds(10_000, 0, 60_000),
};

export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * Lifetime of a hold, and the payment deadline of an order created without one. Short values are
 * for tests (the expiry worker must see it pass).
 */
export const holdLifetime = {
  HOLD_TTL_SECONDS: z.coerce.number().int().min(2).max(86_400).default(600),
};

/** Pool sizes are set on purpose: PostgreSQL allows 100 connections across every process. */
export const poolSize = (fallback: number) =>
  z.coerce.number().int().min(1).max(50).default(fallback);

/** `1000,5000` → [1000, 5000]: delays before the 2nd and 3rd attempt of a failed event. */
const retryDelays = z
  .string()
  .default('1000,5000')
  .transform((value) => value.split(',').map((part) => Number(part.trim())))
  .pipe(z.array(z.number().int().min(1).max(3_600_000)).min(1).max(10));

/**
 * The event wiring of every process that touches RabbitMQ. A queue prefix and an exchange of
 * their own let a test run or a second deployment share one broker without crossing streams.
 */
export const eventWiring = {
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
  OUTBOX_POLL_MS: milliseconds(1_000, 10, 60_000),
};

/** `EVENTS_PREFETCH` of a consumer: events handled at once, each holding a database connection. */
export const eventsPrefetch = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

type EventWiringEnv = z.infer<z.ZodObject<typeof eventWiring>> & { EVENTS_PREFETCH?: number };

/** The event wiring as one value, handed whole to publishers, relays and consumers. */
export interface EventSettings {
  url: string;
  exchange: string;
  /** Prefixed as-is to every consumer queue name. */
  queuePrefix: string;
  retryDelaysMs: readonly number[];
  outboxPollMs: number;
  /** Events in hand at once; absent for a process that only publishes (the consumer's default). */
  prefetch?: number;
}

export function eventSettingsOf(env: EventWiringEnv): EventSettings {
  return {
    url: env.RABBITMQ_URL,
    exchange: env.EVENTS_EXCHANGE,
    queuePrefix: env.EVENTS_QUEUE_PREFIX,
    retryDelaysMs: env.EVENTS_RETRY_DELAYS_MS,
    outboxPollMs: env.OUTBOX_POLL_MS,
    prefetch: env.EVENTS_PREFETCH,
  };
}

/**
 * Retention of published outbox rows and consumed_events (`@ticketing/events/retention`). The
 * window is at least a day: consumed_events must outlive every redelivery of an event, a DLQ
 * replay included (see retention.ts).
 */
export const retention = {
  RETENTION_WINDOW_HOURS: z.coerce.number().int().min(24).max(24 * 366).default(168),
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1_000),
};
