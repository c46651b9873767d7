import { NotDueError } from '@ticketing/jobs/deadline-queue';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import type { Worker } from 'bullmq';

import { expireHold,type ExpiryDependencies } from '../server/holds/expire-holds';
import { type HoldExpiryJob, holdExpiryQueue } from '../server/holds/hold-expiry-queue';

/** One hold's deadline job: expires the hold if nobody checked it out in time. */
export function holdExpiryProcessor(deps: ExpiryDependencies, logger: Logger) {
  return ({ hold_id: holdId, request_id: requestId }: HoldExpiryJob) =>
    withRequestId(requestId, async () => {
      const outcome = await expireHold(deps, holdId);
      // A job may fire a moment before the database clock reaches the deadline, and a converted
      // hold waits out its grace period: both are retried with backoff (the sweep backs this up).
      if (outcome === 'not_due') throw new NotDueError(`hold ${holdId} is not due yet`);
      if (outcome === 'expired') logger.info({ hold_id: holdId }, 'hold expired at its deadline');
      return outcome;
    });
}

export function startHoldExpiryWorker(options: {
  deps: ExpiryDependencies;
  redisUrl: string;
  logger: Logger;
  prefix?: string;
  concurrency?: number;
}): Worker<HoldExpiryJob> {
  return holdExpiryQueue(options).startWorker({
    process: holdExpiryProcessor(options.deps, options.logger),
    concurrency: options.concurrency,
  });
}
