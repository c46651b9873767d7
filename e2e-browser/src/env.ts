import type { DatabaseName } from '@ticketing/e2e/databases';
import type { Platform } from '@ticketing/e2e/platform';

/**
 * The only place the browser suite reads the environment: what the global setup hands its test
 * workers (Playwright starts the workers after it, with its environment), and the suite's switches.
 */
const RUN_VARIABLE = 'E2E_BROWSER_RUN';

/** What the global setup started, as the tests need it. */
export interface RunInfo {
  urls: {
    web: string;
    /** A second web (same databases) whose holds live `shortHoldTtlSeconds` only. */
    shortTtlWeb: string;
    inventory: string;
    orders: string;
    /** The SMTP sink's HTTP API, when the sink runs. */
    mailSink?: string;
  };
  shortHoldTtlSeconds: number;
  databases: Record<DatabaseName, string>;
  adminToken: string;
  admin: { email: string; password: string };
  /** Optional processes that were not started because their entry file does not exist yet. */
  missing: string[];
  /** The run's RabbitMQ exchange and queue prefix (tests that plant messages). */
  events: Platform['names'];
}

export function publishRunInfo(info: RunInfo): void {
  process.env[RUN_VARIABLE] = JSON.stringify(info);
}

export function readRunInfo(): RunInfo {
  const raw = process.env[RUN_VARIABLE];
  if (!raw) throw new Error(`${RUN_VARIABLE} is not set: run the suite through playwright test`);
  return JSON.parse(raw) as RunInfo;
}

export const suiteEnv = {
  /** `DOCS_SCREENSHOTS=1` also writes the README's screenshots to docs/screenshots/. */
  docsScreenshots: process.env.DOCS_SCREENSHOTS === '1',
  /** The browser suite's own Redis logical database (e2e uses 5). */
  redisUrl: process.env.E2E_BROWSER_REDIS_URL ?? 'redis://127.0.0.1:6379/6',
  /** `E2E_BROWSER_BUILD=always` rebuilds the web even when the build looks fresh. */
  alwaysBuild: process.env.E2E_BROWSER_BUILD === 'always',
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  /** The broker the platform uses (tests that plant messages connect to it directly). */
  rabbitmqUrl: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};
