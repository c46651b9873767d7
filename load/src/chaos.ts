import { setTimeout as sleep } from 'node:timers/promises';

import { type Platform, startPlatform } from '@ticketing/e2e/platform';

import { newStats, type RequestSample, runBuyer, type RunStats } from './buyer';
import { chaosSchedule, type PlannedFault } from './chaos-schedule';
import {
  affectedSteps,
  type AnswerCounts,
  type FaultRecord,
  type FaultSummary,
  type FaultTarget,
  summarizeFaults,
} from './fault-windows';
import { OutcomeCounter } from './latency';
import { type SettleReport, waitUntilSeatsBack, waitUntilSettled } from './settle';

export interface ChaosOptions {
  /** Seconds of load at least; the run goes on until the last fault is over plus `tailS`. */
  durationS: number;
  /** Kills of each process (the schedule of chaos-schedule.ts), unless `faults` is given. */
  rounds: number;
  /** Exactly these faults instead of the schedule (the smoke test's one kill). */
  faults?: readonly PlannedFault[];
  clients: number;
  /** Seconds between a SIGKILL and the restart. */
  downS: number;
  /** Seconds RabbitMQ stays stopped. */
  brokerDownS: number;
  /** Steady load before the first fault and after the last one. */
  warmupS: number;
  tailS: number;
  holdTtlSeconds: number;
  /** Seats on sale: enough that the run never sells out (holds go on through every fault). */
  seats: number;
  confirmRatio: number;
  /** e2e/.logs/<suite>/ */
  suite?: string;
}

export interface ChaosResult {
  options: ChaosOptions;
  startedAt: number;
  /** Buyers stopped. */
  loadEndedAt: number;
  faults: FaultSummary[];
  /** Answers of the requests that overlapped no fault. */
  outside: AnswerCounts;
  stats: RunStats;
  requests: number;
  settle: SettleReport;
  seatsBack: Awaited<ReturnType<typeof waitUntilSeatsBack>>;
  /** Inventory's counters of the item at the end. */
  item: { total: number; available: number; held: number; committed: number };
  /** Confirmed orders in the orders database at the end. */
  confirmedOrders: number;
  /** Faults whose process did not come back, or whose work did not catch up, with why. */
  problems: string[];
}

/** Longest a fault may take to be over (process ready, first success, backlog drained). */
const RECOVERY_TIMEOUT_MS = 90_000;
/** Steady load between one fault's end and the next kill, so no request overlaps two. */
const MIN_GAP_MS = 2_000;
/** How long a relay or consumer that works again may take to work off what piled up. */
const CATCH_UP_WAIT_MS = 30_000;

/**
 * `npm run chaos` (docs/architecture.md §3 I7): buyers hold → check out → pay (or cancel) without
 * pause on a catalog that never sells out, while one process after the other (the six of the
 * platform and the notifications consumer) is SIGKILLed and started again a little later, several
 * times each, and RabbitMQ is stopped once (the platform's broker proxy refuses and drops every
 * connection, as a stopped broker does to its clients, while the shared broker keeps serving
 * everyone else). Each fault waits for the previous one to be over. After the load: the outboxes
 * must drain, the queues and DLQs empty, I1–I5 hold, and every unpaid hold give its seats back (I6).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const pool = { DB_POOL_SIZE: '10' };
  // Every buyer is the harness's one address: the web's per-address limits would stop the run.
  const unlimited = {
    HOLD_RATE_LIMIT_PER_MINUTE: '1000000',
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const platform = await startPlatform({
    suite: options.suite ?? 'chaos',
    databaseSuffix: 'chaos',
    holdTtlSeconds: options.holdTtlSeconds,
    // Production's retries (EVENTS_RETRY_DELAYS_MS's default), not the e2e suites' quick ones: an
    // event that meets a dependency killed for a few seconds must wait for it, not dead-letter.
    retryDelaysMs: [1_000, 5_000],
    // Every consumer of §4 runs: I5 wants each event consumed by each queue bound to it. Its
    // default two e-mails at a time fall behind this many confirms, so it gets ten.
    with: ['notifications', 'mailSink'],
    env: {
      web: { ...pool, ...unlimited },
      inventory: pool,
      orders: pool,
      notifications: { EVENTS_PREFETCH: '10', DB_POOL_SIZE: '10' },
    },
  });
  try {
    const item = await platform.api.createItem({ quantity: options.seats });
    const samples: RequestSample[] = [];
    const stats = newStats(new OutcomeCounter());
    const stopBuyers = new AbortController();
    const startedAt = Date.now();
    const buyers = Promise.all(
      Array.from({ length: options.clients }, () =>
        runBuyer({
          api: platform.api,
          item,
          deadline: Number.POSITIVE_INFINITY,
          confirmRatio: options.confirmRatio,
          stats,
          observe: (sample) => samples.push(sample),
          pauseAfterFailureMs: 250,
          signal: stopBuyers.signal,
          newBuyerEachPurchase: true,
        }),
      ),
    );

    const planned = options.faults ?? chaosSchedule(options.rounds);
    const records: FaultRecord[] = [];
    const problems: string[] = [];
    try {
      await sleep(options.warmupS * 1000);
      // Evenly spread over the duration, but never before the previous fault is over.
      const span = Math.max(0, options.durationS - options.warmupS - options.tailS);
      const spacingMs = (span * 1000) / Math.max(1, planned.length);
      let previousOver = 0;
      for (const [index, fault] of planned.entries()) {
        const due = Math.max(
          startedAt + options.warmupS * 1000 + index * spacingMs,
          previousOver + MIN_GAP_MS,
        );
        if (Date.now() < due) await sleep(due - Date.now());
        const record = await injectFault(platform, fault, options);
        const over = await waitUntilOver(platform, record, samples);
        if (over.problem) problems.push(`${fault.target} #${fault.round}: ${over.problem}`);
        previousOver = over.at;
        const { queuedBefore: _, ...kept } = record;
        records.push(kept);
        log(
          `${fault.target} #${fault.round}: down ${seconds(record.readyAt - record.startedAt)} s, ` +
            `over after ${seconds(over.at - record.startedAt)} s`,
        );
      }
      const end = Math.max(startedAt + options.durationS * 1000, Date.now() + options.tailS * 1000);
      await sleep(Math.max(0, end - Date.now()));
    } finally {
      stopBuyers.abort();
      await buyers;
    }
    const loadEndedAt = Date.now();
    log(
      `load over after ${seconds(loadEndedAt - startedAt)} s, ${samples.length} requests; settling`,
    );

    const settle = await waitUntilSettled(platform, [item], 300_000);
    const seatsBack = await waitUntilSeatsBack(
      platform,
      [item],
      options.holdTtlSeconds * 1000 + 60_000,
    );
    const body = (await platform.api.inventoryItem(item)).body;
    const [confirmed] = await platform.db.query<{ n: string }>(
      'orders',
      `select count(*) as n from orders where status = 'confirmed'`,
    );
    const { faults, outside } = summarizeFaults(records, samples);
    return {
      options,
      startedAt,
      loadEndedAt,
      faults,
      outside,
      stats,
      requests: samples.length,
      settle,
      seatsBack,
      item: {
        total: Number(body.total_quantity),
        available: Number(body.available_quantity),
        held: Number(body.held_quantity),
        committed: Number(body.committed_quantity),
      },
      confirmedOrders: Number(confirmed?.n ?? 0),
      problems,
    };
  } finally {
    await platform.stop();
  }
}

type Consumer = 'inventory' | 'orders' | 'notifications';
type DatabaseName = 'main' | 'inventory' | 'orders';

/** What a relay's or consumer's fault leaves behind: its outboxes and its queue. */
const backlogOf: Record<
  Exclude<FaultTarget, 'web' | 'inventory' | 'orders'>,
  {
    outboxes: DatabaseName[];
    queues: Consumer[];
    /** Where its first work after the restart shows (the orders worker's consumer has no traffic). */
    work: { database: DatabaseName; kind: 'published' | 'consumed' };
  }
> = {
  webWorker: { outboxes: ['main'], queues: [], work: { database: 'main', kind: 'published' } },
  inventoryConsumer: {
    outboxes: ['inventory'],
    queues: ['inventory'],
    work: { database: 'inventory', kind: 'consumed' },
  },
  ordersWorker: {
    outboxes: ['orders'],
    queues: ['orders'],
    work: { database: 'orders', kind: 'published' },
  },
  notifications: {
    outboxes: [],
    queues: ['notifications'],
    work: { database: 'main', kind: 'consumed' },
  },
  rabbitmq: {
    outboxes: ['main', 'inventory', 'orders'],
    queues: ['inventory', 'orders', 'notifications'],
    work: { database: 'inventory', kind: 'consumed' },
  },
};

const queueDepth = (platform: Platform, consumer: Consumer) =>
  platform.broker.messageCount(platform.queues[consumer].queue);

async function queueDepths(platform: Platform): Promise<Record<Consumer, number>> {
  return {
    inventory: await queueDepth(platform, 'inventory'),
    orders: await queueDepth(platform, 'orders'),
    notifications: await queueDepth(platform, 'notifications'),
  };
}

async function injectFault(
  platform: Platform,
  fault: PlannedFault,
  options: Pick<ChaosOptions, 'downS' | 'brokerDownS'>,
): Promise<FaultRecord & { queuedBefore: Record<Consumer, number> }> {
  const queuedBefore = await queueDepths(platform);
  if (fault.target === 'rabbitmq') {
    const startedAt = Date.now();
    await platform.brokerProxy.cut();
    await sleep(options.brokerDownS * 1000);
    const restartedAt = Date.now();
    await platform.brokerProxy.restore();
    return { ...fault, startedAt, restartedAt, readyAt: Date.now(), queuedBefore };
  }
  const child =
    fault.target === 'notifications'
      ? platform.optionalProcesses.notifications
      : platform.processes[fault.target];
  if (!child) throw new Error(`${fault.target} is not running`);
  const startedAt = Date.now();
  await child.kill();
  await sleep(options.downS * 1000);
  const restartedAt = Date.now();
  await child.start();
  return { ...fault, startedAt, restartedAt, readyAt: Date.now(), queuedBefore };
}

/**
 * A fault is over once the process is ready and, for a process that answers requests, one of its
 * requests left after the kill and succeeded. For a relay or consumer (and RabbitMQ): once it did
 * its first work again (`resumedAt`: an outbox row published, an event consumed after the
 * restart) and what piled up meanwhile is done (`caughtUpAt`: every row of its outboxes written
 * before it was back is published, and its queue is no deeper than just before the fault). A
 * consumer that cannot catch up under this load within CATCH_UP_WAIT_MS is left `behindBy` its
 * extra messages (the drain after the load proves nothing is lost); one that never resumes is a
 * problem.
 */
async function waitUntilOver(
  platform: Platform,
  record: FaultRecord & { queuedBefore: Record<Consumer, number> },
  samples: readonly RequestSample[],
): Promise<{ at: number; problem?: string }> {
  const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
  const steps = affectedSteps[record.target];
  if (record.target === 'web' || record.target === 'inventory' || record.target === 'orders') {
    for (;;) {
      // Samples are in the order they came back: the ones that left after the kill are at the end.
      let firstSuccess: number | undefined;
      for (let index = samples.length - 1; index >= 0; index -= 1) {
        const sample = samples[index];
        if (!sample || sample.endedAt < record.startedAt) break;
        const ok = sample.status === 200 || sample.status === 201;
        if (ok && steps.includes(sample.step) && sample.startedAt >= record.startedAt) {
          firstSuccess = sample.endedAt;
        }
      }
      if (firstSuccess !== undefined) return { at: Math.max(firstSuccess, record.readyAt) };
      if (Date.now() > deadline) return { at: Date.now(), problem: 'no successful request' };
      await sleep(100);
    }
  }
  const { outboxes, queues, work } = backlogOf[record.target];
  const since = new Date(record.readyAt).toISOString();
  const resumed = async () => {
    const [row] = await platform.db.query<{ at: Date | null }>(
      work.database,
      work.kind === 'published'
        ? 'select min(published_at) as at from outbox where published_at >= $1'
        : 'select min(consumed_at) as at from consumed_events where consumed_at >= $1',
      [since],
    );
    return row?.at ? row.at.getTime() : undefined;
  };
  let behindBy = 0;
  const caughtUp = async () => {
    for (const database of outboxes) {
      const [row] = await platform.db.query<{ n: string }>(
        database,
        'select count(*) as n from outbox where published_at is null and occurred_at <= $1',
        [since],
      );
      if (Number(row?.n ?? 0) > 0) return false;
    }
    behindBy = 0;
    for (const consumer of queues) {
      behindBy += Math.max(
        0,
        (await queueDepth(platform, consumer)) - record.queuedBefore[consumer],
      );
    }
    return behindBy === 0;
  };
  const catchUpUntil = record.readyAt + CATCH_UP_WAIT_MS;
  for (;;) {
    record.resumedAt ??= await resumed();
    if (record.resumedAt !== undefined && (await caughtUp())) {
      record.caughtUpAt = Date.now();
      return { at: record.caughtUpAt };
    }
    if (record.resumedAt !== undefined && Date.now() > catchUpUntil) {
      record.behindBy = behindBy;
      return { at: Math.max(record.resumedAt, record.readyAt) };
    }
    if (Date.now() > deadline) return { at: Date.now(), problem: 'no work done after the restart' };
    await sleep(200);
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

function log(line: string) {
  process.stderr.write(`chaos: ${line}\n`);
}
