import { Queue, type RedisOptions } from 'bullmq';
import { z } from 'zod';
import type { Logger } from '@ticketing/log/logger';
import { currentRequestId } from '@ticketing/log/request-context';
import { createMicroBatcher } from '../batching/micro-batcher';

/** The BullMQ queue of delayed hold-expiry jobs, one per hold (job id = hold id). */
export const HOLD_EXPIRY_QUEUE = 'hold-expiry';

export const holdExpiryJob = z.object({
  hold_id: z.uuid(),
  /** The request that placed the hold: the expiry's logs and its `hold.expired` carry it too. */
  request_id: z.string().max(128).optional(),
});
export type HoldExpiryJob = z.infer<typeof holdExpiryJob>;

/**
 * Connection options for BullMQ, which opens its own ioredis connections (it pins its own ioredis
 * version). `failFast` is for the request path: while Redis is down a command fails at once instead
 * of queueing until Redis returns.
 */
export function bullConnection(url: string, { failFast = false } = {}): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    connectTimeout: 2_000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}

export interface HoldExpiryScheduler {
  /**
   * Schedules the hold's expiry job at `expiresAt`. Never throws and never holds up the request:
   * a job that could not be added is the sweep's to catch.
   */
  schedule(holdId: string, expiresAt: Date): void;
  close(): Promise<void>;
}

/** How long an add may take before the request path stops waiting for Redis. */
const ADD_TIMEOUT_MS = 1_000;

export function createHoldExpiryScheduler(options: {
  redisUrl: string;
  logger: Logger;
  prefix?: string;
}): HoldExpiryScheduler {
  const queue = new Queue<HoldExpiryJob, unknown, 'expire'>(HOLD_EXPIRY_QUEUE, {
    connection: bullConnection(options.redisUrl, { failFast: true }),
    prefix: options.prefix,
  });
  // Connection errors are retried by ioredis; a lost job is the sweep's.
  queue.on('error', () => {});

  // Holds placed together are scheduled together: one addBulk (one Redis round trip) per batch.
  const add = createMicroBatcher<ScheduledExpiry, true>(
    async (expiries) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('adding the jobs timed out')), ADD_TIMEOUT_MS);
      });
      try {
        await Promise.race([queue.addBulk(expiries.map(jobOf)), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return expiries.map(() => true as const);
    },
    { maxBatch: 500, inFlight: 2 },
  );

  return {
    schedule(holdId, expiresAt) {
      add({ holdId, expiresAt, requestId: currentRequestId() }).catch((error: unknown) =>
        options.logger.warn(
          { err: error, hold_id: holdId },
          'could not schedule the hold expiry job; the sweep will expire the hold',
        ),
      );
    },
    close: () => queue.close(),
  };
}

interface ScheduledExpiry {
  holdId: string;
  expiresAt: Date;
  requestId: string | undefined;
}

function jobOf({ holdId, expiresAt, requestId }: ScheduledExpiry) {
  return {
    name: 'expire' as const,
    data: { hold_id: holdId, request_id: requestId },
    opts: {
      // The job id dedupes: scheduling a hold twice leaves one job.
      jobId: holdId,
      delay: Math.max(0, expiresAt.getTime() - Date.now()),
      attempts: 8,
      backoff: { type: 'exponential' as const, delay: 500 },
      removeOnComplete: true,
      removeOnFail: 1_000,
    },
  };
}
