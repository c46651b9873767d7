import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { expireOrder } from '../domain/expire-orders';
import { redisConnection } from '../redis';
import { EXPIRY_QUEUE, type ExpiryJobData, expiryJobData } from './expiry-queue';

/** Processes one deadline job: cancels the order if it is still unpaid. */
export function expiryProcessor(db: Database, log: Logger) {
  return async (job: Job<ExpiryJobData>) => {
    const parsed = expiryJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid expiry job ${job.id ?? ''}`);
    const orderId = parsed.data.order_id;
    return withRequestId(`order-expiry-${orderId}`, async () => {
      const outcome = await expireOrder(db, orderId);
      // A job may fire a little before the database clock reaches the deadline: retry shortly.
      if (outcome === 'not_due') throw new Error(`order ${orderId} is not due yet`);
      if (outcome === 'expired')
        log.info({ order_id: orderId }, 'unpaid order cancelled at its deadline');
      return outcome;
    });
  };
}

export function createExpiryWorker(options: {
  db: Database;
  redisUrl: string;
  log: Logger;
  prefix?: string;
  concurrency?: number;
}): Worker<ExpiryJobData> {
  const worker = new Worker<ExpiryJobData>(EXPIRY_QUEUE, expiryProcessor(options.db, options.log), {
    connection: redisConnection(options.redisUrl),
    prefix: options.prefix,
    concurrency: options.concurrency ?? 5,
  });
  worker.on('failed', (job, error) =>
    options.log.warn({ err: error, job_id: job?.id }, 'expiry job failed'),
  );
  worker.on('error', (error) => options.log.error({ err: error }, 'expiry worker error'));
  return worker;
}
