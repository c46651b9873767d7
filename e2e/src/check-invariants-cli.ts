import { parseArgs } from 'node:util';

import { exitOnEnvError } from '@ticketing/env/load-env';

import { checkInvariants, formatReport } from './check-invariants';
import { openDatabases } from './databases';
import { invariantCheckEnv } from './env';

/**
 * `npm run check:invariants [-- --settle-seconds N]`: I1–I5 over the three databases of a running
 * platform (DATABASE_URL_MAIN / _INVENTORY / _ORDERS, the dev databases by default). Prints every
 * violation with the ids involved; exits 1 if there is any, 2 when the check itself fails.
 */
const { values } = parseArgs({
  options: { 'settle-seconds': { type: 'string', default: '60' } },
});
const settleSeconds = Number(values['settle-seconds']);
if (!Number.isFinite(settleSeconds) || settleSeconds < 0) {
  process.stderr.write(`--settle-seconds must be a number of seconds ≥ 0\n`);
  process.exit(2);
}
const env = exitOnEnvError(invariantCheckEnv);
const urls = {
  main: env.DATABASE_URL_MAIN,
  inventory: env.DATABASE_URL_INVENTORY,
  orders: env.DATABASE_URL_ORDERS,
};
// Where, without credentials.
const where = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
};
process.stdout.write(
  `checking ${Object.values(urls).map(where).join(', ')} (changes younger than ${settleSeconds} s may still be in flight)\n`,
);

const db = openDatabases(urls);
try {
  const report = await checkInvariants(db, {
    settleMs: settleSeconds * 1_000,
    retentionMs: env.RETENTION_WINDOW_HOURS * 3_600_000,
  });
  process.stdout.write(`${formatReport(report)}\n`);
  process.exitCode = report.violations.length > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(
    `check:invariants failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
} finally {
  await db.close();
}
