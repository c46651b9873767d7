import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import type { Item } from '@ticketing/e2e/api';
import {
  type AnyProcessName,
  type Platform,
  processNames,
  startPlatform,
} from '@ticketing/e2e/platform';

import { newStats, runBuyer, type RunStats } from './buyer';
import { compensated, type CompensationRound, compensationRound } from './compensation-round';
import { type AnswerCounts, countAnswer, emptyCounts } from './fault-windows';
import {
  expectedWork,
  installEvidence,
  instanceTag,
  readEvidence,
  removeEvidence,
  type WorkRow,
} from './instance-evidence';
import { OutcomeCounter } from './latency';
import { type SettleReport, waitUntilSeatsBack, waitUntilSettled } from './settle';

export interface ScaleOutOptions {
  /** Instances of every process (2). */
  instances: number;
  seconds: number;
  clients: number;
  seats: number;
  confirmRatio: number;
  holdTtlSeconds: number;
  /** Compensation rounds at least (compensation-round.ts); more until both instances did that work. */
  minCompensations: number;
  maxCompensations: number;
  suite?: string;
}

/** One instance's share of one kind of work, and whether the check wants it above zero. */
export interface InstanceWork {
  process: AnyProcessName;
  instance: string;
  database: WorkRow['database'];
  kind: WorkRow['kind'];
  rows: number;
}

export interface ScaleOutResult {
  options: ScaleOutOptions;
  elapsedS: number;
  requests: number;
  answers: AnswerCounts;
  stats: RunStats;
  /** Every expected kind of work of every instance (zero when it did none). */
  work: InstanceWork[];
  /** Instances that did none of some work they exist for. */
  idle: InstanceWork[];
  /** HAProxy's own counters per server. */
  balancer: ServerStats[];
  /** Consumers of each of the run's queues (rabbitmqctl), seen during the load. */
  consumers: Record<string, number>;
  compensations: { rounds: number; compensated: number };
  settle: SettleReport;
  seatsBack: Awaited<ReturnType<typeof waitUntilSeatsBack>>;
  item: { total: number; available: number; held: number; committed: number };
  confirmedOrders: number;
}

type ServerStats = Awaited<ReturnType<NonNullable<Platform['balancer']>['servers']>>[number];

const processesWithNotifications: AnyProcessName[] = [...processNames, 'notifications'];

/**
 * `npm run scale-out`: every process twice at once (the notifications consumer too), web,
 * inventory and orders behind HAProxy, under the buyers of `npm run load` on a catalog that never
 * sells out, plus compensation rounds so that inventory's relay and the orders worker's consumer
 * carry traffic too. Afterwards the invariants must hold once drained, and every instance must
 * have done its share of every kind of work it exists for, by PostgreSQL's account of which
 * instance's session wrote what (instance-evidence.ts); HAProxy's and RabbitMQ's counts go with it.
 */
export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const pool = { DB_POOL_SIZE: '5' };
  // Every buyer is the harness's one address: the web's per-address limits would stop the run.
  const unlimited = {
    HOLD_RATE_LIMIT_PER_MINUTE: '1000000',
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const platform = await startPlatform({
    suite: options.suite ?? 'scale-out',
    databaseSuffix: 'scaleout',
    instances: options.instances,
    holdTtlSeconds: options.holdTtlSeconds,
    with: ['notifications', 'mailSink'],
    env: { web: { ...pool, ...unlimited }, inventory: pool, orders: pool },
    instanceEnv: (instance) => instanceTag(instance),
    beforeStart: installEvidence,
  });
  try {
    const item = await platform.api.createItem({ quantity: options.seats });
    const stats = newStats(new OutcomeCounter());
    const answers = emptyCounts();
    let requests = 0;
    const started = Date.now();
    const deadline = started + options.seconds * 1000;
    const buyers = Promise.all(
      Array.from({ length: options.clients }, () =>
        runBuyer({
          api: platform.api,
          item,
          deadline,
          confirmRatio: options.confirmRatio,
          stats,
          newBuyerEachPurchase: true,
          observe: (sample) => {
            requests += 1;
            countAnswer(answers, sample);
          },
        }),
      ),
    );
    const rounds: CompensationRound[] = [];
    const compensating = (async () => {
      while (rounds.length < options.maxCompensations) {
        rounds.push(await compensationRound(platform.api, platform.urls.inventory));
        const enough = rounds.length >= options.minCompensations;
        if (enough && (Date.now() > deadline || (await compensationWorkSeen(platform)))) break;
      }
    })();
    const consumers = await sleep(Math.min(2_000, options.seconds * 500)).then(() =>
      queueConsumers(platform),
    );
    await Promise.all([buyers, compensating]);
    const elapsedS = (Date.now() - started) / 1000;

    let done = 0;
    const pending = new Set(rounds);
    const until = Date.now() + 60_000;
    while (pending.size > 0 && Date.now() < until) {
      for (const round of [...pending]) {
        if (await compensated(platform.api, round)) {
          pending.delete(round);
          done += 1;
        }
      }
      if (pending.size > 0) await sleep(250);
    }
    const items: Item[] = [item, ...rounds.map((round) => round.item)];
    const settle = await waitUntilSettled(platform, items, 300_000);
    const seatsBack = await waitUntilSeatsBack(
      platform,
      items,
      options.holdTtlSeconds * 1000 + 60_000,
    );
    const body = (await platform.api.inventoryItem(item)).body;
    const [confirmed] = await platform.db.query<{ n: string }>(
      'orders',
      `select count(*) as n from orders where status = 'confirmed'`,
    );
    const work = instanceWork(platform, await readEvidence(platform.db));
    return {
      options,
      elapsedS,
      requests,
      answers,
      stats,
      work,
      idle: work.filter((entry) => entry.rows === 0),
      balancer: (await platform.balancer?.servers()) ?? [],
      consumers,
      compensations: { rounds: rounds.length, compensated: done },
      settle,
      seatsBack,
      item: {
        total: Number(body.total_quantity),
        available: Number(body.available_quantity),
        held: Number(body.held_quantity),
        committed: Number(body.committed_quantity),
      },
      confirmedOrders: Number(confirmed?.n ?? 0),
    };
  } finally {
    // The next run installs them afresh; nothing else uses these databases.
    await removeEvidence(platform.db).catch(() => {});
    await platform.stop();
  }
}

function instanceWork(platform: Platform, rows: readonly WorkRow[]): InstanceWork[] {
  return processesWithNotifications.flatMap((process) =>
    platform.instancesOf(process).flatMap((instance) =>
      (expectedWork[process] ?? []).map(({ database, kind }) => ({
        process,
        instance: instance.name,
        database,
        kind,
        rows: rows
          .filter(
            (row) =>
              row.database === database && row.kind === kind && row.instance === instance.name,
          )
          .reduce((sum, row) => sum + row.rows, 0),
      })),
    ),
  );
}

/** Both instances of inventory's relay and of the orders worker's consumer have done some. */
async function compensationWorkSeen(platform: Platform): Promise<boolean> {
  const rows = await readEvidence(platform.db);
  const did = (instance: string, database: WorkRow['database'], kind: WorkRow['kind']) =>
    rows.some(
      (row) =>
        row.instance === instance && row.database === database && row.kind === kind && row.rows > 0,
    );
  return (
    platform
      .instancesOf('inventoryConsumer')
      .every((instance) => did(instance.name, 'inventory', 'outbox rows published')) &&
    platform
      .instancesOf('ordersWorker')
      .every((instance) => did(instance.name, 'orders', 'events consumed'))
  );
}

const execFileAsync = promisify(execFile);

/** `rabbitmqctl list_queues name consumers` for the run's three consumer queues. */
async function queueConsumers(platform: Platform): Promise<Record<string, number>> {
  const wanted = new Set(Object.values(platform.queues).map((names) => names.queue));
  try {
    const { stdout } = await execFileAsync(
      'rabbitmqctl',
      ['list_queues', '-q', 'name', 'consumers'],
      {
        timeout: 30_000,
      },
    );
    const counts: Record<string, number> = {};
    for (const line of stdout.split('\n')) {
      const [name = '', consumers = ''] = line.trim().split(/\s+/);
      if (wanted.has(name)) counts[name] = Number(consumers);
    }
    return counts;
  } catch (error) {
    return {
      [`rabbitmqctl failed: ${error instanceof Error ? error.message : String(error)}`]: -1,
    };
  }
}
