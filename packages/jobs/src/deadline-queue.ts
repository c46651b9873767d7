import type { Logger } from '@ticketing/log/logger';
import {
  type BackoffOptions,
  type Job,
  Queue,
  type RedisClient,
  UnrecoverableError,
  Worker,
} from 'bullmq';
import { z } from 'zod';

import { createMicroBatcher } from './micro-batcher';
import { type PeriodicSweep, startPeriodicSweep } from './periodic-sweep';
import { trackQueueDepth } from './queue-depth';
import { bullConnection } from './redis-connection';

/**
 * One way to run "do X at time T" (a hold's expiry, an order's payment deadline): a BullMQ delayed
 * job per deadline, fired at the exact time, with a periodic sweep behind it that catches whatever
 * a job missed (Redis down when it was scheduled, a job lost, a worker crash). The job is the fast
 * path and the sweep the guarantee, so neither scheduling nor a job is ever allowed to fail a
 * request: the domain code a job runs must be idempotent and decide by a conditional write.
 *
 * The producer (`createScheduler`) and the consumer (`startWorker`, `startSweep`) usually live in
 * different processes; both build the queue from the same options, so they agree on the name, the
 * job schema and the key prefix.
 */
export interface DeadlineQueueOptions<Schema extends z.ZodType> {
  /** The BullMQ queue name. */
  name: string;
  /** Every job's data: checked when it is scheduled and again when it runs. */
  jobSchema: Schema;
  /** The job id. It dedupes: scheduling the same deadline twice leaves one job. */
  jobId(data: z.output<Schema>): string;
  redisUrl: string;
  /** BullMQ key prefix (tests use their own); default BullMQ's. */
  prefix?: string;
  logger: Logger;
  /** Runs of a job before it is given up (and left to the sweep); default 5. */
  attempts?: number;
  /** Wait between runs; default exponential from 1 s. */
  backoff?: BackoffOptions;
  /** The most `schedule` and `ping` wait for Redis; default 1 s. */
  timeoutMs?: number;
}

export interface DeadlineScheduler<Data> {
  /**
   * Adds the job that runs `data` at `at` (at once if `at` has passed). Concurrent calls go to
   * Redis together in one `addBulk`. Never throws and never waits more than `timeoutMs`: it
   * resolves `true` once Redis holds the job, `false` when the deadline is left to the sweep
   * (invalid data, Redis unreachable or slow). Awaiting it is the caller's choice.
   */
  schedule(data: Data, at: Date): Promise<boolean>;
  /** Resolves when Redis answers within `timeoutMs` (readiness); rejects otherwise. */
  ping(): Promise<void>;
  /** Waits for schedules in flight (each bounded by the timeout), then closes the queue. */
  close(): Promise<void>;
}

export interface DeadlineWorkerOptions<Data> {
  /**
   * A job's work, given the validated data; what it returns is the job's return value. Throw
   * `NotDueError` when the job came a moment before its deadline (another clock, a grace period):
   * it is retried with the backoff.
   */
  process(data: Data, job: Job): Promise<unknown>;
  /** Jobs run at once; default 5. */
  concurrency?: number;
}

export interface DeadlineSweepOptions {
  /** Handles every deadline that has passed without its job having done the work. */
  sweep: () => Promise<unknown>;
  intervalMs: number;
}

export interface DeadlineQueue<Schema extends z.ZodType> {
  /** The request path's side: fail-fast Redis, batched adds. */
  createScheduler(): DeadlineScheduler<z.input<Schema>>;
  /** The worker process's side: runs each job at its deadline. */
  startWorker(options: DeadlineWorkerOptions<z.output<Schema>>): Worker<z.output<Schema>>;
  /** The sweep behind the jobs: once at start, then every interval, never overlapping itself. */
  startSweep(options: DeadlineSweepOptions): PeriodicSweep;
}

/** Thrown by a job's `process` when its deadline has not quite come: retried, logged at debug. */
export class NotDueError extends Error {
  override name = 'NotDueError';
}

const DEFAULT_TIMEOUT_MS = 1_000;
/** Failed jobs kept for inspection (the newest ones). */
const KEEP_FAILED = 1_000;

export function createDeadlineQueue<Schema extends z.ZodType>(
  options: DeadlineQueueOptions<Schema>,
): DeadlineQueue<Schema> {
  const { name, logger } = options;
  return {
    createScheduler: () => createScheduler(options),

    startWorker({ process, concurrency = 5 }) {
      const worker = new Worker<z.output<Schema>, unknown, string>(
        name,
        async (job) => {
          const parsed = options.jobSchema.safeParse(job.data);
          // Retrying cannot make bad data good: straight to failed.
          if (!parsed.success) {
            throw new UnrecoverableError(
              `invalid ${name} job ${job.id ?? ''}: ${z.prettifyError(parsed.error)}`,
            );
          }
          return process(parsed.data, job);
        },
        {
          connection: bullConnection(options.redisUrl),
          prefix: options.prefix,
          concurrency,
        },
      );
      worker.on('failed', (job, error) => {
        const fields = { err: error, queue: name, job_id: job?.id, attempts: job?.attemptsMade };
        if (error instanceof NotDueError) logger.debug(fields, `${name} job not due yet; retrying`);
        else logger.warn(fields, `${name} job failed`);
      });
      worker.on('error', (error) =>
        logger.error({ err: error, queue: name }, `${name} worker error`),
      );
      // The worker's process reports the queue's depth (queue-depth.ts) through a fail-fast queue.
      const counted = new Queue(name, {
        connection: bullConnection(options.redisUrl, { failFast: true }),
        prefix: options.prefix,
      });
      counted.on('error', () => {});
      const untrack = trackQueueDepth(name, counted);
      worker.once('closed', () => {
        untrack();
        void counted.close().catch(() => {});
      });
      return worker;
    },

    startSweep: ({ sweep, intervalMs }) => startPeriodicSweep({ sweep, intervalMs, logger, name }),
  };
}

interface PlannedJob<Data> {
  jobId: string;
  data: Data;
  at: Date;
}

function createScheduler<Schema extends z.ZodType>(
  options: DeadlineQueueOptions<Schema>,
): DeadlineScheduler<z.input<Schema>> {
  const { name, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The data type is checked by `jobSchema`; BullMQ only carries it.
  const queue = new Queue<unknown, unknown, string>(name, {
    connection: bullConnection(options.redisUrl, { failFast: true }),
    prefix: options.prefix,
  });
  // Connection errors are retried by ioredis and reported by `ping`; a missed job is the sweep's.
  queue.on('error', () => {});
  const untrack = trackQueueDepth(name, queue);

  // While Redis is unreachable a request must not wait for it: a client that never connected is
  // waited for once (start-up), after which calls skip it until it connects; a connected client
  // that lost Redis fails at once (no offline queue).
  let client: RedisClient | undefined;
  let gaveUpWaiting = false;
  queue.client.then(
    (connected) => (client = connected),
    () => {},
  );
  const readyClient = async (within: number): Promise<RedisClient> => {
    if (!client && !gaveUpWaiting) {
      await withTimeout(queue.client, within, 'connecting to Redis').catch(() => {
        gaveUpWaiting = true;
      });
    }
    if (client?.status !== 'ready')
      throw new Error(`Redis is ${client?.status ?? 'not connected'}`);
    return client;
  };

  const add = createMicroBatcher<PlannedJob<z.output<Schema>>, true>(
    async (jobs) => {
      const started = Date.now();
      try {
        await readyClient(timeoutMs);
        await withTimeout(
          queue.addBulk(jobs.map((job) => bulkJobOf(job, options))),
          timeoutMs - (Date.now() - started),
          'adding the jobs',
        );
        return jobs.map(() => true as const);
      } catch (error) {
        logger.warn(
          { err: error, queue: name, job_ids: jobs.map((job) => job.jobId) },
          `could not schedule ${name} jobs; the sweep will catch their deadlines`,
        );
        // One answer per job instead of a throw: a throw would make the batcher retry each job on
        // its own, multiplying the wait on a Redis that is already failing.
        const failure = error instanceof Error ? error : new Error(String(error));
        return jobs.map(() => failure);
      }
    },
    { maxBatch: 500, inFlight: 2 },
  );

  const inFlight = new Set<Promise<boolean>>();
  return {
    schedule(data, at) {
      const parsed = options.jobSchema.safeParse(data);
      if (!parsed.success) {
        logger.error(
          { queue: name, issues: parsed.error.issues },
          `refused to schedule an invalid ${name} job`,
        );
        return Promise.resolve(false);
      }
      const scheduled = add({ jobId: options.jobId(parsed.data), data: parsed.data, at }).then(
        () => true,
        () => false,
      );
      inFlight.add(scheduled);
      void scheduled.finally(() => inFlight.delete(scheduled));
      return scheduled;
    },
    async ping() {
      const started = Date.now();
      const connected = await readyClient(timeoutMs);
      await withTimeout(connected.info(), timeoutMs - (Date.now() - started), 'pinging Redis');
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      untrack();
      await queue.close();
    },
  };
}

function bulkJobOf<Data>(
  job: PlannedJob<Data>,
  options: Pick<DeadlineQueueOptions<z.ZodType>, 'name' | 'attempts' | 'backoff'>,
) {
  return {
    name: options.name,
    data: job.data,
    opts: {
      jobId: job.jobId,
      delay: Math.max(0, job.at.getTime() - Date.now()),
      attempts: options.attempts ?? 5,
      backoff: options.backoff ?? { type: 'exponential' as const, delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: KEEP_FAILED,
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
