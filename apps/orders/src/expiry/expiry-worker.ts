import type { Database } from '@ticketing/db/client';
import { NotDueError } from '@ticketing/jobs/deadline-queue';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';

import { expireOrder } from '../domain/expire-orders';
import type { ExpiryJobData } from './expiry-queue';

/** One order's deadline job: cancels the order if it is still unpaid. */
export function expiryProcessor(db: Database, log: Logger) {
  return ({ order_id: orderId }: ExpiryJobData) =>
    withRequestId(`order-expiry-${orderId}`, async () => {
      const outcome = await expireOrder(db, orderId);
      // A job may fire a little before the database clock reaches the deadline: retry shortly.
      if (outcome === 'not_due') throw new NotDueError(`order ${orderId} is not due yet`);
      if (outcome === 'expired')
        log.info({ order_id: orderId }, 'unpaid order cancelled at its deadline');
      return outcome;
    });
}
