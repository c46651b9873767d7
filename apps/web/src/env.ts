import { z } from 'zod';
import {
  databaseUrls,
  eventWiring,
  holdLifetime,
  infrastructure,
  milliseconds,
  poolSize,
  port,
  runtime,
  serviceUrls,
} from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';

/** Dev defaults of the secrets; a production start with any of them left in place logs a warning. */
export const devSecrets = {
  ADMIN_PASSWORD: 'admin-password',
  ADMIN_API_TOKEN: 'dev-admin-token',
  NEXTAUTH_SECRET: 'dev-nextauth-secret-change-me',
  TICKET_SIGNING_SECRET: 'dev-ticket-signing-secret',
} as const;

/** How the web (server and worker) calls inventory and orders: per-call timeouts, circuit breaker. */
export const serviceCallShape = {
  ...serviceUrls,
  /** A call to inventory that takes longer is abandoned and answered 503 `inventory_unavailable`. */
  INVENTORY_TIMEOUT_MS: milliseconds(1_500, 1, 60_000),
  /** Same for orders (503 `orders_unavailable`); a checkout that times out may still have created the order. */
  ORDERS_TIMEOUT_MS: milliseconds(3_000, 1, 60_000),
  /** How long an open circuit fails calls at once before letting a trial call through. */
  CIRCUIT_RESET_MS: milliseconds(5_000, 1, 60_000),
};

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const webEnvShape = {
  PORT: port(3000),
  DATABASE_URL_MAIN: databaseUrls.DATABASE_URL_MAIN,
  REDIS_URL: infrastructure.REDIS_URL,
  ...serviceCallShape,
  /** HOLD_TTL_SECONDS: the lifetime of a hold. */
  ...holdLifetime,
  /** `false` serves the API alone, without Next (end-to-end tests): other paths answer 404 JSON. */
  WEB_PAGES: booleanFlag(true),
  ADMIN_EMAIL: z.email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8).default(devSecrets.ADMIN_PASSWORD),
  ADMIN_API_TOKEN: z.string().min(12).default(devSecrets.ADMIN_API_TOKEN),
  NEXTAUTH_SECRET: z.string().min(16).default(devSecrets.NEXTAUTH_SECRET),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  /** Lifetime of an admin's sign-in; after it the session is refused (401, sign-in page). */
  ADMIN_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(28_800),
  /** The event bus page reads the consumer queues (same broker and prefix as the consumers). */
  RABBITMQ_URL: eventWiring.RABBITMQ_URL,
  EVENTS_QUEUE_PREFIX: eventWiring.EVENTS_QUEUE_PREFIX,
  /** Signs the ticket codes in the QR codes: a code cannot be made from an order id alone. */
  TICKET_SIGNING_SECRET: z.string().min(16).default(devSecrets.TICKET_SIGNING_SECRET),
  DB_POOL_SIZE: poolSize(10),
  ...runtime,
};

export type WebEnv = z.infer<z.ZodObject<typeof webEnvShape>>;

/** Variables of the web process that hold dev defaults although NODE_ENV is production. */
export function devSecretsInProduction(env: WebEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return Object.entries(devSecrets)
    .filter(([name, value]) => env[name as keyof typeof devSecrets] === value)
    .map(([name]) => name);
}

let loaded: WebEnv | undefined;

/**
 * The web's configuration, parsed once per process; a bad value stops the process with one line
 * naming the variable. next-auth reads NEXTAUTH_URL itself, so the default is written back.
 */
export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  if (loaded && source === process.env) return loaded;
  const env = exitOnEnvError(() => parseEnv(webEnvShape, source));
  if (source === process.env) {
    process.env.NEXTAUTH_URL ??= env.NEXTAUTH_URL;
    loaded = env;
  }
  return env;
}
