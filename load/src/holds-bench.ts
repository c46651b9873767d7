import { processCpuMs } from '@ticketing/bench/cpu';
import { pgbenchTps, prepareHotRow } from '@ticketing/bench/pgbench';
import { expectSettled, outboxBacklog } from '@ticketing/e2e/invariants';
import { type Platform, type ProcessName, processNames, startPlatform } from '@ticketing/e2e/platform';
import autocannon from 'autocannon';

import { infrastructureCpuMs } from './infrastructure-cpu';

export interface HoldsBenchOptions {
  /** Length of the measured rush. */
  seconds: number;
  connections: number;
  seats: number;
  /** Seconds of pgbench per client count (2, 8, 32). */
  pgbenchSeconds: number;
  pgbenchUrl: string;
  /** Extra variables per process, e.g. `{ web: { NODE_CPU_PROF_DIR: dir } }` to profile one. */
  env?: Partial<Record<ProcessName, Record<string, string>>>;
}

export interface HoldsBenchResult {
  connections: number;
  seconds: number;
  holdsPerSecond: number;
  placed: number;
  /** Answers other than 201. */
  refused: number;
  /** Connection errors and timeouts: requests without an answer. */
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  pgbench: { clients: number; tps: number }[];
  pgbenchBest: number;
  ratio: number;
  /** CPU ms per placed hold, per process and in all. */
  cpuPerHoldMs: Record<string, number>;
  cpuPerHoldTotalMs: number;
  /** Every outbox published, queues empty and I1–I3 intact once the events drained. */
  settled: boolean;
}

/**
 * `POST /api/holds` on one hot ticket type with the whole platform running (relays publish and the
 * inventory consumer applies every `hold.created`), side by side with PostgreSQL's own ceiling for
 * the same hot row (pgbench at 2, 8 and 32 clients) in the same run, and the CPU every process —
 * the six of the platform plus PostgreSQL, Redis and RabbitMQ — spent per hold, from /proc.
 */
export async function runHoldsBench(options: HoldsBenchOptions): Promise<HoldsBenchResult> {
  const pool = { DB_POOL_SIZE: '10' };
  const platform = await startPlatform({
    suite: 'bench-holds',
    holdTtlSeconds: 3_600,
    env: {
      ...options.env,
      web: { ...pool, LOG_LEVEL: 'warn', ...options.env?.web },
      inventory: { ...pool, ...options.env?.inventory },
    },
  });
  try {
    const item = await platform.api.createItem({ quantity: options.seats });
    await prepareHotRow(options.pgbenchUrl);
    const pgbench = [];
    for (const clients of [2, 8, 32]) {
      pgbench.push({ clients, tps: await pgbenchTps(options.pgbenchUrl, clients, options.pgbenchSeconds) });
    }
    const pgbenchBest = Math.max(...pgbench.map((run) => run.tps));

    const body = JSON.stringify({
      session_id: item.sessionId,
      ticket_type_id: item.ticketTypeId,
      quantity: 1,
      customer_email: 'bench@example.com',
    });
    // Warm-up: JIT, pools and keep-alive connections, outside the measured window.
    await hammer(platform.urls.web, body, Math.min(50, options.connections), 2);

    const before = cpuSnapshot(platform);
    const rush = await hammer(platform.urls.web, body, options.connections, options.seconds);
    const after = cpuSnapshot(platform);

    const placed = rush.placed;
    const cpuPerHoldMs: Record<string, number> = {};
    for (const [name, ms] of after) {
      const spent = ms - (before.get(name) ?? ms);
      if (placed > 0 && Number.isFinite(spent)) cpuPerHoldMs[name] = spent / placed;
    }
    // Requests the load generator gave up on at the end of the rush may still be placing holds.
    await untilNoPendingHolds(platform, 60_000);
    let settled = true;
    try {
      await expectSettled(platform, platform.api, [item], 120_000);
    } catch (error) {
      settled = false;
      console.error(error instanceof Error ? error.message : error);
    }
    const backlog = await outboxBacklog(platform);
    if (backlog.total !== 0) {
      settled = false;
      console.error(`outbox rows still unpublished after settling: ${JSON.stringify(backlog)}`);
    }

    const holdsPerSecond = placed / options.seconds;
    return {
      connections: options.connections,
      seconds: options.seconds,
      holdsPerSecond,
      placed,
      refused: rush.refused,
      errors: rush.errors,
      p50: rush.p50,
      p95: rush.p95,
      p99: rush.p99,
      pgbench,
      pgbenchBest,
      ratio: holdsPerSecond / pgbenchBest,
      cpuPerHoldMs,
      cpuPerHoldTotalMs: Object.values(cpuPerHoldMs).reduce((sum, ms) => sum + ms, 0),
      settled,
    };
  } finally {
    await platform.stop();
  }
}

async function untilNoPendingHolds(platform: Platform, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let quietReads = 0;
  while (Date.now() < deadline && quietReads < 3) {
    const [row] = await platform.db.query<{ n: string }>(
      'main',
      `select count(*) as n from holds where status = 'pending'`,
    );
    quietReads = Number(row?.n ?? 0) === 0 ? quietReads + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function cpuSnapshot(platform: Platform): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const name of processNames as readonly ProcessName[]) {
    snapshot.set(name, processCpuMs(platform.processes[name].pid));
  }
  for (const [server, ms] of infrastructureCpuMs()) snapshot.set(server, ms);
  return snapshot;
}

interface Rush {
  placed: number;
  refused: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

async function hammer(webUrl: string, body: string, connections: number, seconds: number) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${webUrl}/api/holds`,
        connections,
        duration: seconds,
        timeout: 15,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      latencies.push(responseTime),
    );
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const rush: Rush = {
    placed: result['2xx'],
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
  return rush;
}
