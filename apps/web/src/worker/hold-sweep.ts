import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import { type ExpiryDependencies, sweepDueHolds } from '../server/holds/expire-holds';

export interface HoldSweep {
  /** Runs a sweep now (after the one in progress, if any); resolves when it is done. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, expires what the delayed jobs missed (Redis down when the hold was placed, a
 * job lost, a worker crash), including converted holds whose order never came. Runs once at
 * start, never overlaps itself.
 */
export function startHoldSweep(options: {
  deps: ExpiryDependencies;
  logger: Logger;
  intervalMs: number;
}): HoldSweep {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const sweep = async () => {
    try {
      const result = await withRequestId(undefined, () => sweepDueHolds(options.deps));
      if (result.expired > 0)
        options.logger.info(result, 'sweep expired holds past their deadline');
    } catch (error) {
      options.logger.warn({ err: error }, 'hold sweep failed; retrying at the next interval');
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(tick, options.intervalMs);
  };
  const tick = () => {
    clearTimeout(timer);
    running = running.then(sweep).finally(schedule);
    return running;
  };
  void tick();

  return {
    runNow: () => tick(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
