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
import { EnvError, exitOnEnvError, parseEnv } from '@ticketing/env/load-env';
import { loadLocalEnvFile } from '@ticketing/runtime/env';
import { z } from 'zod';

/**
 * Defaults of the secrets, so that a test or a first checkout runs without setup; a production
 * start refuses them (`assertProductionSecrets`). `npm run dev`/`npm start` generate random ones
 * into `.env.local` first (tooling/scripts/ensure-dev-secrets.mjs).
 */
export const devSecrets = {
  ADMIN_PASSWORD: 'admin-password',
  ADMIN_API_TOKEN: 'dev-admin-token',
  NEXTAUTH_SECRET: 'dev-nextauth-secret-change-me',
  TICKET_SIGNING_SECRET: 'dev-ticket-signing-secret',
} as const;

export type SecretName = keyof typeof devSecrets;

/** Values that are known to everyone who read this repository: the defaults and the old compose ones. */
const knownSecretValues: ReadonlySet<string> = new Set([
  ...Object.values(devSecrets),
  'change-me-please',
  'change-me-admin-token',
  'change-me-nextauth-secret',
]);

/**
 * In production (NODE_ENV=production in `source`) every secret of `names` must be set, to a value
 * of its own: a missing one or a known development value throws an EnvError naming it, which the
 * process turns into one line and exit 1.
 */
export function assertProductionSecrets(
  source: Record<string, string | undefined>,
  names: readonly SecretName[],
): void {
  if (source.NODE_ENV !== 'production') return;
  for (const name of names) {
    const value = source[name];
    if (!value) throw new EnvError(name, 'required in production (README, Configuration)');
    if (knownSecretValues.has(value)) {
      throw new EnvError(name, 'is a development default; set a secret of its own in production');
    }
  }
}

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
  /**
   * `Strict-Transport-Security: max-age=…` on answers served over TLS (here or at the proxy, which
   * says so in `x-forwarded-proto`); 0: never. Only once the site is HTTPS for good.
   */
  HSTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(63_072_000).default(0),
  /** The event bus page reads the consumer queues (same broker and prefix as the consumers). */
  RABBITMQ_URL: eventWiring.RABBITMQ_URL,
  EVENTS_QUEUE_PREFIX: eventWiring.EVENTS_QUEUE_PREFIX,
  /** Signs the ticket codes in the QR codes: a code cannot be made from an order id alone. */
  TICKET_SIGNING_SECRET: z.string().min(16).default(devSecrets.TICKET_SIGNING_SECRET),
  DB_POOL_SIZE: poolSize(10),
  /**
   * Holds and checkouts one client address may start per minute (429 `rate_limited` past it). An
   * address can be a whole office or a carrier's NAT, so these leave room for a few buyers at once.
   */
  HOLD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  CHECKOUT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Proxies in front of the web that append to X-Forwarded-For; 0: the socket's address is the client's. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Seats one e-mail address may hold of one session at once (409 `buyer_limit_reached` past it). */
  MAX_SEATS_PER_BUYER_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(10),
  ...runtime,
};

/** The web's secrets (the server and the seed). */
export const webSecrets: readonly SecretName[] = [
  'ADMIN_PASSWORD',
  'ADMIN_API_TOKEN',
  'NEXTAUTH_SECRET',
  'TICKET_SIGNING_SECRET',
];

export type WebEnv = z.infer<z.ZodObject<typeof webEnvShape>>;

let loaded: WebEnv | undefined;

/**
 * The web's configuration, parsed once per process (after `.env.local`); a bad value, or in
 * production a missing or development secret, stops the process with one line naming the
 * variable. next-auth reads NEXTAUTH_URL itself, so the default is written back.
 */
export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  if (loaded && source === process.env) return loaded;
  if (source === process.env) loadLocalEnvFile();
  const env = exitOnEnvError(() => {
    assertProductionSecrets(source, webSecrets);
    return parseEnv(webEnvShape, source);
  });
  if (source === process.env) {
    process.env.NEXTAUTH_URL ??= env.NEXTAUTH_URL;
    loaded = env;
  }
  return env;
}
