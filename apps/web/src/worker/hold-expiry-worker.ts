import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import { type ExpiryDependencies, expireHold } from '../server/holds/expire-holds';
import {
  bullConnection,
  HOLD_EXPIRY_QUEUE,
  type HoldExpiryJob,
  holdExpiryJob,
} from '../server/holds/hold-expiry-queue';

/** Processes one hold's deadline job: expires the hold if nobody checked it out in time. */
export function holdExpiryProcessor(deps: ExpiryDependencies, logger: Logger) {
  return async (job: Job<HoldExpiryJob>) => {
    const parsed = holdExpiryJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid hold expiry job ${job.id ?? ''}`);
    const { hold_id: holdId, request_id: requestId } = parsed.data;
    return withRequestId(requestId, async () => {
      const outcome = await expireHold(deps, holdId);
      // A job may fire a moment before the database clock reaches the deadline, and a converted
      // hold waits out its grace period: both are retried with backoff (the sweep backs this up).
      if (outcome === 'not_due') throw new Error(`hold ${holdId} is not due yet`);
      if (outcome === 'expired') logger.info({ hold_id: holdId }, 'hold expired at its deadline');
      return outcome;
    });
  };
}

export function startHoldExpiryWorker(options: {
  deps: ExpiryDependencies;
  redisUrl: string;
  logger: Logger;
  prefix?: string;
  concurrency?: number;
}): Worker<HoldExpiryJob> {
  const worker = new Worker<HoldExpiryJob>(
    HOLD_EXPIRY_QUEUE,
    holdExpiryProcessor(options.deps, options.logger),
    {
      connection: bullConnection(options.redisUrl),
      prefix: options.prefix,
      concurrency: options.concurrency ?? 5,
    },
  );
  worker.on('failed', (job, error) =>
    options.logger.debug({ err: error, job_id: job?.id }, 'hold expiry job failed; retrying'),
  );
  worker.on('error', (error) => options.logger.error({ err: error }, 'hold expiry worker error'));
  return worker;
}
