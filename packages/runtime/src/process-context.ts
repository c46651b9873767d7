import type http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createDatabase, type Database, type DatabaseOptions } from '@ticketing/db/client';
import { addConsumerObserver } from '@ticketing/events/consumer-observers';
import type { Logger } from '@ticketing/log/logger';

import { consumerOutcomeMetrics } from './consumer-metrics';
import { registerDeadlineQueueMetrics } from './deadline-queue-metrics';
import { attachFrontMetrics } from './front-metrics';
import { startHealthServer } from './health-server';
import { createProcessMetrics, type ProcessMetrics, registerPoolMetrics } from './metrics';
import type { ReadinessCheck, ReadinessChecks } from './readiness';

export interface ProcessContextOptions {
  /** `inventory-consumer`: the pools' application name. */
  name: string;
  logger: Logger;
  /** The one deadline of `stop()`. */
  shutdownTimeoutMs?: number;
  /** The process's registry; one of its own (labelled with `name`) by default. */
  metrics?: ProcessMetrics;
}

export interface HealthOptions {
  /** false: `/healthz` answers 503 although the process is not stopping (a worker that died). */
  alive?: () => boolean;
  /** More fields of the `/healthz` body. */
  health?: () => Record<string, unknown>;
}

/**
 * What a process's `start` builds on: its logger, its pools, what to stop and in which order, its
 * readiness checks and its HTTP fronts. `stop()` runs the ordered shutdown:
 *
 *   1. stopping: every `/healthz` of the process answers 503 from now on;
 *   2. the API fronts (`serve`) stop accepting and finish the requests in flight;
 *   3. every `onStop`, last registered first (what was started last depends on what came before);
 *   4. the health fronts (`serveHealth`), which answered 503 meanwhile;
 *   5. the pools (`database`), last.
 *
 * A failing step is logged and the others still run; `stop()` then rejects. Past the timeout it
 * rejects too, after cutting the connections still open.
 */
export interface ProcessContext {
  readonly name: string;
  readonly logger: Logger;
  /**
   * The process's metrics, served at `/metrics` by every front `serve` and `serveHealth` start;
   * the pools of `database` are in it (`db_pool_connections`).
   */
  readonly metrics: ProcessMetrics;
  isStopping(): boolean;
  /** A PostgreSQL pool (`createDatabase`), ended at the very end of the shutdown. */
  database(
    options: Omit<DatabaseOptions, 'applicationName'> & { applicationName?: string },
  ): Database;
  /** Runs `stop` at shutdown; steps run in the reverse order of their registration. */
  onStop(name: string, stop: () => unknown): void;
  /** A check of `/readyz` on the health front. */
  readiness(name: string, check: ReadinessCheck): void;
  readonly checks: ReadinessChecks;
  /** Listens with an API front; resolves with the bound port once listening. */
  serve(server: http.Server, port: number): Promise<number>;
  /** Starts the `/healthz` + `/readyz` front of a worker (the `readiness` checks); resolves with its port. */
  serveHealth(port: number, options?: HealthOptions): Promise<number>;
  /** The ordered shutdown; the same promise however often it is called. */
  stop(): Promise<void>;
}

export class ShutdownTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`shutdown did not finish within ${timeoutMs} ms`);
    this.name = 'ShutdownTimeoutError';
  }
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export function createProcessContext(options: ProcessContextOptions): ProcessContext {
  const { name, logger } = options;
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const steps: { name: string; stop: () => unknown }[] = [];
  const pools: Database[] = [];
  const apiServers: http.Server[] = [];
  const healthFronts: { close(): Promise<void>; server: http.Server }[] = [];
  const checks: Record<string, ReadinessCheck> = {};
  let stopping: Promise<void> | undefined;
  const metrics = options.metrics ?? createProcessMetrics(name);
  // The consumers and deadline queues this process opens count into its metrics by themselves.
  const removeConsumerObserver = addConsumerObserver(consumerOutcomeMetrics(metrics));
  registerDeadlineQueueMetrics(metrics);
  registerPoolMetrics(metrics, () => {
    const names = pools.map(poolName);
    // Two pools on one database (a LISTEN pool beside the main one) stay apart.
    return pools.map((pool, index) => ({
      name:
        names.indexOf(names[index] ?? '') === index
          ? (names[index] ?? '')
          : `${names[index]}#${index}`,
      pool: pool.$client,
    }));
  });

  const stopInOrder = async () => {
    const failures: unknown[] = [];
    const run = async (step: string, stop: () => unknown) => {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
        logger.error({ err: error, step }, 'a shutdown step failed');
      }
    };
    await Promise.all(apiServers.map((server) => run('http server', () => drain(server))));
    for (const step of [...steps].reverse()) await run(step.name, step.stop);
    await Promise.all(healthFronts.map((front) => run('health server', () => front.close())));
    for (const pool of [...pools].reverse()) await run('database', () => pool.$client.end());
    removeConsumerObserver();
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} shutdown step(s) failed`);
    }
  };

  const context: ProcessContext = {
    name,
    logger,
    metrics,
    checks,
    isStopping: () => stopping !== undefined,
    database(database) {
      const db = createDatabase({ applicationName: name, ...database });
      pools.push(db);
      return db;
    },
    onStop(step, stop) {
      steps.push({ name: step, stop });
    },
    readiness(check, run) {
      checks[check] = run;
    },
    async serve(server, port) {
      attachFrontMetrics(server, metrics.front);
      await listen(server, port);
      apiServers.push(server);
      const bound = (server.address() as AddressInfo).port;
      // Tests and scripts start a service on port 0 and read the bound port from this line.
      logger.info({ port: bound }, 'listening');
      return bound;
    },
    async serveHealth(port, health = {}) {
      const front = await startHealthServer({
        port,
        alive: () => stopping === undefined && (health.alive?.() ?? true),
        health: health.health,
        readiness: checks,
        logger,
        metrics: metrics.front,
      });
      healthFronts.push(front);
      logger.info({ health_port: front.port }, 'health listening');
      return front.port;
    },
    stop() {
      stopping ??= (async () => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ShutdownTimeoutError(timeoutMs)), timeoutMs);
        });
        try {
          await Promise.race([stopInOrder(), deadline]);
          logger.info({ ms: Math.round(performance.now() - started) }, 'stopped');
        } catch (error) {
          if (error instanceof ShutdownTimeoutError) {
            logger.error({ timeout_ms: timeoutMs }, 'shutdown timed out');
            for (const server of [...apiServers, ...healthFronts.map((front) => front.server)]) {
              server.closeAllConnections();
            }
          }
          throw error;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
  return context;
}

/** The pool's database (`ticketing_inventory`), its label in `db_pool_connections`. */
function poolName(pool: Database): string {
  const { connectionString, database } = pool.$client.options;
  if (database) return database;
  try {
    return new URL(connectionString ?? '').pathname.slice(1) || 'default';
  } catch {
    return 'default';
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting and waits for the requests in flight; idle keep-alive connections close now. */
function drain(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
