import { type PeriodicSweep, startPeriodicSweep } from '@ticketing/jobs/periodic-sweep';
import type { Logger } from '@ticketing/log/logger';

import { type ExpiryDependencies, sweepDueHolds } from '../server/holds/expire-holds';
import { HOLD_EXPIRY_QUEUE } from '../server/holds/hold-expiry-queue';

export type HoldSweep = PeriodicSweep;

/**
 * Every `intervalMs`, expires what the delayed jobs missed (Redis down when the hold was placed, a
 * job lost, a worker crash), including converted holds whose order never came. Runs once at
 * start, never overlaps itself (packages/jobs/src/periodic-sweep.ts).
 */
export function startHoldSweep(options: {
  deps: ExpiryDependencies;
  logger: Logger;
  intervalMs: number;
}): HoldSweep {
  return startPeriodicSweep({
    name: HOLD_EXPIRY_QUEUE,
    intervalMs: options.intervalMs,
    logger: options.logger,
    sweep: async () => {
      const result = await sweepDueHolds(options.deps);
      if (result.expired > 0)
        options.logger.info(result, 'sweep expired holds past their deadline');
    },
  });
}
