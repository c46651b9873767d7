import type { Logger } from '@ticketing/log/logger';
import { Queue, type RedisClient } from 'bullmq';
import { z } from 'zod';
import { redisConnection } from '../redis';

/** The BullMQ queue of delayed payment-deadline jobs, one per order. */
export const EXPIRY_QUEUE = 'order-expiry';

export const expiryJobData = z.object({ order_id: z.uuid() });
export type ExpiryJobData = z.infer<typeof expiryJobData>;

export interface ExpiryScheduler {
  /** Schedules the order's expiry at its deadline. Never throws: the sweep catches what is missed. */
  schedule(orderId: string, deadline: Date): Promise<void>;
  /** Resolves when Redis answers (readiness). */
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

/** How long a request waits for Redis before leaving the order to the sweep. */
const SCHEDULE_TIMEOUT_MS = 1_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), SCHEDULE_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The request path's side of the expiry queue. While Redis is unreachable a request must not wait
 * for it: a disconnected client fails at once, and a client that never connected is waited for
 * once (start-up), after which requests skip it until it connects.
 */
export function createExpiryScheduler(options: {
  redisUrl: string;
  log: Logger;
  prefix?: string;
}): ExpiryScheduler {
  const queue = new Queue<ExpiryJobData, unknown, 'expire'>(EXPIRY_QUEUE, {
    connection: redisConnection(options.redisUrl),
    prefix: options.prefix,
  });
  // Connection errors are retried by ioredis and reported by /readyz.
  queue.on('error', () => {});

  let client: RedisClient | undefined;
  let gaveUpWaiting = false;
  queue.client.then(
    (connected) => (client = connected),
    () => {},
  );
  const connectedClient = async () => {
    if (!client && !gaveUpWaiting) {
      await withTimeout(queue.client, 'connecting to Redis').catch(() => (gaveUpWaiting = true));
    }
    if (client?.status !== 'ready')
      throw new Error(`Redis is ${client?.status ?? 'not connected'}`);
    return client;
  };

  return {
    async schedule(orderId, deadline) {
      try {
        await connectedClient();
        await withTimeout(
          queue.add(
            'expire',
            { order_id: orderId },
            {
              // The job id dedupes: scheduling an order twice leaves one job.
              jobId: orderId,
              delay: Math.max(0, deadline.getTime() - Date.now()),
              attempts: 5,
              backoff: { type: 'exponential', delay: 1_000 },
              removeOnComplete: true,
              removeOnFail: 1_000,
            },
          ),
          'adding the expiry job',
        );
      } catch (error) {
        options.log.warn(
          { err: error, order_id: orderId },
          'could not schedule the expiry job; the periodic sweep will expire the order',
        );
      }
    },
    ping: async () => (await connectedClient()).info(),
    close: () => queue.close(),
  };
}
