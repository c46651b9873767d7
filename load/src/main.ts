import { setTimeout as sleep } from 'node:timers/promises';

import { expectSettled, invariantViolations } from '@ticketing/e2e/invariants';
import { type Platform, startPlatform } from '@ticketing/e2e/platform';

import { newStats, runBuyer } from './buyer';
import { loadOptions } from './env';
import { OutcomeCounter } from './latency';
import { formatReport } from './report';

/**
 * `npm run load`: starts the whole platform on databases, Redis db and RabbitMQ names of its own
 * (never the dev data), puts LOAD_SEATS seats on sale, lets LOAD_CLIENTS buyers race for them for
 * LOAD_DURATION_S seconds (optionally SIGKILLing one process halfway), waits for the events to
 * drain and checks I1–I3. Exits non-zero when an invariant fails.
 */
async function main() {
  const options = loadOptions();
  // The services under load get real pools; the e2e default (3) is sized for tests.
  const pool = { DB_POOL_SIZE: '10' };
  const platform: Platform = await startPlatform({
    suite: 'load',
    env: { web: pool, inventory: pool, orders: pool },
  });
  try {
    const item = await platform.api.createItem({ quantity: options.LOAD_SEATS });
    const stats = newStats(new OutcomeCounter());
    const started = Date.now();
    const deadline = started + options.LOAD_DURATION_S * 1000;

    const fault = injectFault(platform, options.LOAD_KILL, options.LOAD_DURATION_S * 500);
    await Promise.all(
      Array.from({ length: options.LOAD_CLIENTS }, () =>
        runBuyer({
          api: platform.api,
          item,
          deadline,
          confirmRatio: options.LOAD_CONFIRM_RATIO,
          stats,
        }),
      ),
    );
    await fault;
    const elapsedS = (Date.now() - started) / 1000;

    const checks: string[] = [];
    let failed = false;
    try {
      await expectSettled(platform, platform.api, [item], 60_000);
      checks.push('I1 conservation, I2 no oversell, I3 no seatless sale: hold (events drained)');
    } catch (error) {
      failed = true;
      checks.push(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
      checks.push(...(await invariantViolations(platform, platform.api, [item])));
    }
    const counters = (await platform.api.inventoryItem(item)).body;
    const committed = Number(counters.committed_quantity);
    checks.push(`inventory: ${JSON.stringify(counters)}`);
    if (committed !== stats.confirmedOrders.size) {
      failed = true;
      checks.push(
        `FAILED: ${committed} seats committed for ${stats.confirmedOrders.size} confirmed orders`,
      );
    } else {
      checks.push(
        `sold exactly: ${committed} committed = ${stats.confirmedOrders.size} confirmed orders`,
      );
    }

    console.log(formatReport(options, stats, elapsedS, checks));
    process.exitCode = failed ? 1 : 0;
  } finally {
    await platform.stop();
  }
}

/** SIGKILLs one process after `afterMs` and starts it again 2 s later (I7: nothing is lost). */
async function injectFault(platform: Platform, name: string, afterMs: number) {
  if (name === 'none' || !(name in platform.processes)) return;
  await sleep(afterMs);
  const target = platform.processes[name as keyof Platform['processes']];
  await target.kill();
  await sleep(2_000);
  await target.start();
}

await main();
