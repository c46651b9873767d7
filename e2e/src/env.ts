import { databaseUrls, retention } from '@ticketing/env/common';
import { parseEnv } from '@ticketing/env/load-env';

/**
 * The only place the harness reads the environment: where the shared infrastructure runs, and the
 * few variables a spawned process inherits. Everything else a child gets is set explicitly, so a
 * developer's DATABASE_URL_* or PORT can never leak into the suite.
 */
export const infrastructureUrls = {
  rabbitmq: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  /** This suite's Redis logical database (the brief's allocation); FLUSHDB on it is fine. */
  redis: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
};

/** Child processes log at this level; `E2E_LOG_LEVEL=debug` for a hard case. */
export const childLogLevel = process.env.E2E_LOG_LEVEL ?? 'info';

const inherited = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TEST_DATABASE_SERVER'];

export function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * What `npm run check:invariants` reads: the three databases (DATABASE_URL_*, by default the dev
 * databases, with the defaults every process uses) and RETENTION_WINDOW_HOURS.
 */
export function invariantCheckEnv() {
  return parseEnv(
    { ...databaseUrls, RETENTION_WINDOW_HOURS: retention.RETENTION_WINDOW_HOURS },
    process.env,
  );
}
