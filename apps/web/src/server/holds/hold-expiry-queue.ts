import { createDeadlineQueue } from '@ticketing/jobs/deadline-queue';
import type { Logger } from '@ticketing/log/logger';
import { currentRequestId } from '@ticketing/log/request-context';
import { z } from 'zod';

/** The BullMQ queue of delayed hold-expiry jobs, one per hold (job id = hold id). */
export const HOLD_EXPIRY_QUEUE = 'hold-expiry';

export const holdExpiryJob = z.object({
  hold_id: z.uuid(),
  /** The request that placed the hold: the expiry's logs and its `hold.expired` carry it too. */
  request_id: z.string().max(128).optional(),
});
export type HoldExpiryJob = z.infer<typeof holdExpiryJob>;

export interface HoldExpiryQueueOptions {
  redisUrl: string;
  logger: Logger;
  prefix?: string;
}

/**
 * Hold expiry as a deadline queue (packages/jobs/src/deadline-queue.ts); the web schedules on it
 * and the web worker runs it, so both build it here.
 */
export function holdExpiryQueue(options: HoldExpiryQueueOptions) {
  return createDeadlineQueue({
    name: HOLD_EXPIRY_QUEUE,
    jobSchema: holdExpiryJob,
    jobId: (job) => job.hold_id,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    logger: options.logger,
    // A job that comes a moment early is retried at once; a converted hold is retried through its
    // grace period, which 8 runs from 0.5 s apart (about a minute in all) outlast.
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
  });
}

export interface HoldExpiryScheduler {
  /**
   * Schedules the hold's expiry job at `expiresAt`. Never throws and never holds up the request:
   * a job that could not be added is the sweep's to catch.
   */
  schedule(holdId: string, expiresAt: Date): void;
  /** Resolves when the queue's Redis answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createHoldExpiryScheduler(options: HoldExpiryQueueOptions): HoldExpiryScheduler {
  const scheduler = holdExpiryQueue(options).createScheduler();
  return {
    schedule(holdId, expiresAt) {
      // Not awaited: the hold path is the on-sale hot path, and the add (batched with the holds
      // placed alongside) goes on while inventory reserves the seats instead of before it. A job
      // that did not make it is the sweep's; the scheduler has logged why.
      void scheduler.schedule({ hold_id: holdId, request_id: currentRequestId() }, expiresAt);
    },
    ping: () => scheduler.ping(),
    close: () => scheduler.close(),
  };
}
