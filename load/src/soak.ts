import { setTimeout as sleep } from 'node:timers/promises';

import { processRssKiB } from '@ticketing/bench/memory';
import { expectSettled } from '@ticketing/e2e/invariants';
import { processNames, startPlatform } from '@ticketing/e2e/platform';

import { newStats, runBuyer } from './buyer';
import { OutcomeCounter } from './latency';

export interface SoakOptions {
  /** Length of the steady part, after the warm-up. */
  seconds: number;
  /** Load before the first sample: JIT, pools, caches and queues reach their working size. */
  warmupSeconds: number;
  /** Concurrent buyers, each a stream of purchases (a new e-mail each time). */
  clients: number;
  sampleEverySeconds: number;
}

export interface ProcessMemory {
  name: string;
  /** RSS in KiB at the first sample (after the warm-up) and at the last. */
  startKiB: number;
  endKiB: number;
  maxKiB: number;
}

export interface SoakResult {
  options: SoakOptions;
  processes: ProcessMemory[];
  /** Samples taken per process. */
  samples: number;
  /** Hold requests answered, and orders the buyers saw paid. */
  holds: number;
  confirmed: number;
  /** 5xx answers and requests without an answer. */
  errors: number;
  /** I1–I3 after the events drained, and committed seats = confirmed orders. */
  settled: boolean;
  settleError?: string;
}

/** What "flat" means here: no process ends more than this much above where it started. */
export const FLAT_GROWTH = 0.15;

export const growthOf = (memory: ProcessMemory) => memory.endKiB / memory.startKiB - 1;

/**
 * `npm run soak`: the whole platform under a steady load (buyers holding, checking out and paying
 * or cancelling, 1,000,000 seats so it never sells out) for a long run, with the RSS of every
 * process sampled from /proc: a leak shows as a process whose memory keeps growing.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const pool = { DB_POOL_SIZE: '10' };
  const platform = await startPlatform({
    suite: 'soak',
    env: { web: pool, inventory: pool, orders: pool },
  });
  try {
    const item = await platform.api.createItem({ quantity: 1_000_000 });
    const stats = newStats(new OutcomeCounter());
    const deadline = Date.now() + (options.warmupSeconds + options.seconds) * 1000;
    const buyers = Promise.all(
      Array.from({ length: options.clients }, () =>
        runBuyer({
          api: platform.api,
          item,
          deadline,
          confirmRatio: 0.9,
          stats,
          newBuyerEachPurchase: true,
          pauseAfterFailureMs: 200,
        }),
      ),
    );

    const series = new Map<string, number[]>(processNames.map((name) => [name, []]));
    const sample = () => {
      for (const name of processNames) {
        series.get(name)?.push(processRssKiB(platform.processes[name].pid));
      }
    };
    await sleep(options.warmupSeconds * 1000);
    sample();
    while (Date.now() < deadline) {
      await sleep(Math.min(options.sampleEverySeconds * 1000, Math.max(0, deadline - Date.now())));
      sample();
    }
    await buyers;

    let settleError: string | undefined;
    try {
      await expectSettled(platform, platform.api, [item], 60_000);
      const counters = (await platform.api.inventoryItem(item)).body;
      const committed = Number(counters.committed_quantity);
      if (committed !== stats.confirmedOrders.size) {
        settleError = `${committed} seats committed for ${stats.confirmedOrders.size} confirmed orders`;
      }
    } catch (error) {
      settleError = error instanceof Error ? error.message : String(error);
    }

    const processes = [...series].map(([name, values]) => ({
      name,
      startKiB: values[0] ?? NaN,
      endKiB: values.at(-1) ?? NaN,
      maxKiB: Math.max(...values),
    }));
    return {
      options,
      processes,
      samples: series.get(processNames[0])?.length ?? 0,
      holds: stats.latency.hold.count,
      confirmed: stats.confirmedOrders.size,
      errors: stats.outcomes.errors(),
      settled: settleError === undefined,
      settleError,
    };
  } finally {
    await platform.stop();
  }
}
