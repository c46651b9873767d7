import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import { expireDueOrders } from '../domain/expire-orders';

export interface ExpirySweep {
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, cancels unpaid orders past their deadline whose job was lost (Redis down
 * when the order was created, a job removed, a worker crash). Runs once at start, never overlaps.
 */
export function startExpirySweep(options: {
  db: Database;
  log: Logger;
  intervalMs: number;
}): ExpirySweep {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const sweep = async () => {
    try {
      const expired = await withRequestId(undefined, () => expireDueOrders(options.db));
      if (expired > 0)
        options.log.info({ expired }, 'sweep cancelled unpaid orders past their deadline');
    } catch (error) {
      options.log.error({ err: error }, 'expiry sweep failed; retrying at the next interval');
    }
  };
  const tick = () => {
    running = sweep().finally(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
