import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';

import { expireDueOrders } from '../domain/expire-orders';

/**
 * One sweep: cancels unpaid orders past their deadline whose job was lost (Redis down when the
 * order was created, a job removed, a worker crash). run-expiry.ts runs it periodically.
 */
export async function sweepOverdueOrders(db: Database, log: Logger): Promise<void> {
  const expired = await expireDueOrders(db);
  if (expired > 0) log.info({ expired }, 'sweep cancelled unpaid orders past their deadline');
}
