import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { holdFileLock } from '@ticketing/e2e/file-lock';
import {
  type OptionalProcessName,
  optionalProcessNames,
  startPlatform,
} from '@ticketing/e2e/platform';

import { publishRunInfo, suiteEnv } from './env';
import { ensureWebBuild,WEB_BUILD_LOCK } from './web-build';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = path.join(repoRoot, 'e2e-browser', 'test-results');

/** Long enough to reach the checkout page on a busy machine, short enough to wait out in a test. */
const SHORT_HOLD_TTL_SECONDS = 8;

const optionalEntries: Record<OptionalProcessName, string> = {
  notifications: 'apps/web/src/notifications.ts',
  mailSink: 'apps/web/src/dev/mail-sink.ts',
};

const log = (message: string) => process.stdout.write(`[browser setup] ${message}\n`);

/**
 * One platform for the whole run, as `npm start` runs it: the production build of the web
 * (NODE_ENV=production, pages on) with its worker, inventory, orders, their workers, the
 * notifications consumer and the SMTP sink, on databases (`*_browser_test`), a Redis db and
 * RabbitMQ names of its own; plus a second web whose holds expire within seconds. Returns the
 * teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  fs.mkdirSync(resultsDir, { recursive: true });
  log(
    await ensureWebBuild(repoRoot, {
      always: suiteEnv.alwaysBuild,
      logFile: path.join(resultsDir, 'web-build.log'),
    }),
  );
  // A `next build` replaces .next under a running server: keep builds out until the run ends.
  const buildGuard = await holdFileLock(WEB_BUILD_LOCK, 'shared');

  const missing = optionalProcessNames.filter(
    (name) => !fs.existsSync(path.join(repoRoot, optionalEntries[name])),
  );
  if (missing.length > 0) {
    log(
      `not started (entry file missing): ${missing.map((name) => optionalEntries[name]).join(', ')}`,
    );
  }
  const started = Date.now();
  try {
    const platform = await startPlatform({
      suite: 'browser',
      pages: true,
      nodeEnv: 'production',
      databaseSuffix: 'browser',
      redisUrl: suiteEnv.redisUrl,
      with: optionalProcessNames.filter((name) => !missing.includes(name)),
    });
    try {
      const shortTtlWeb = await platform.addInstance('web', {
        HOLD_TTL_SECONDS: String(SHORT_HOLD_TTL_SECONDS),
      });
      publishRunInfo({
        urls: { ...platform.urls, shortTtlWeb: new URL(shortTtlWeb.spec.readyUrl).origin },
        shortHoldTtlSeconds: SHORT_HOLD_TTL_SECONDS,
        databases: platform.db.urls,
        adminToken: platform.adminToken,
        admin: platform.admin,
        missing: missing.map((name) => optionalEntries[name]),
        events: platform.names,
      });
    } catch (error) {
      await platform.stop();
      throw error;
    }
    log(
      `platform up in ${Math.round((Date.now() - started) / 1000)} s; logs in ${platform.logDir}`,
    );
    return async () => {
      await platform.stop();
      await buildGuard.release();
    };
  } catch (error) {
    await buildGuard.release();
    throw error;
  }
}
