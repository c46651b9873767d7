import { z } from 'zod';
import {
  databaseUrls,
  infrastructure,
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
} as const;

export const webEnvShape = {
  PORT: port(3000),
  DATABASE_URL_MAIN: databaseUrls.DATABASE_URL_MAIN,
  REDIS_URL: infrastructure.REDIS_URL,
  ...serviceUrls,
  HOLD_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
  ADMIN_EMAIL: z.email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8).default(devSecrets.ADMIN_PASSWORD),
  ADMIN_API_TOKEN: z.string().min(12).default(devSecrets.ADMIN_API_TOKEN),
  NEXTAUTH_SECRET: z.string().min(16).default(devSecrets.NEXTAUTH_SECRET),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
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
