import { createDeadlineQueue } from '@ticketing/jobs/deadline-queue';
import type { Logger } from '@ticketing/log/logger';
import { z } from 'zod';

/** The BullMQ queue of delayed payment-deadline jobs, one per order (job id = order id). */
export const EXPIRY_QUEUE = 'order-expiry';

export const expiryJobData = z.object({ order_id: z.uuid() });
export type ExpiryJobData = z.infer<typeof expiryJobData>;

export interface ExpiryQueueOptions {
  redisUrl: string;
  log: Logger;
  prefix?: string;
}

/**
 * Order expiry as a deadline queue (packages/jobs/src/deadline-queue.ts); the service schedules on
 * it and the worker runs it, so both build it here.
 */
export function orderExpiryQueue(options: ExpiryQueueOptions) {
  return createDeadlineQueue({
    name: EXPIRY_QUEUE,
    jobSchema: expiryJobData,
    jobId: (job) => job.order_id,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    logger: options.log,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
  });
}

export interface ExpiryScheduler {
  /**
   * Schedules the order's expiry at its deadline. Never throws and waits at most about a second
   * for Redis: what is missed is the sweep's.
   */
  schedule(orderId: string, deadline: Date): Promise<void>;
  /** Resolves when Redis answers (readiness). */
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The request path's side of the expiry queue. The create procedure awaits `schedule`: one order
 * is created per checkout (not the hot path of an on-sale), so when the 201 leaves, the job is in
 * Redis or the bounded wait has passed and the sweep owns the order; the wait never exceeds the
 * timeout even while Redis is down.
 */
export function createExpiryScheduler(options: ExpiryQueueOptions): ExpiryScheduler {
  const scheduler = orderExpiryQueue(options).createScheduler();
  return {
    async schedule(orderId, deadline) {
      await scheduler.schedule({ order_id: orderId }, deadline);
    },
    ping: () => scheduler.ping(),
    close: () => scheduler.close(),
  };
}
