import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';

import { orderExpiryQueue } from './expiry-queue';
import { sweepOverdueOrders } from './expiry-sweep';
import { expiryProcessor } from './expiry-worker';

export interface ExpiryRuntime {
  /** Stops the sweep, lets running jobs finish, closes the worker and its Redis connections. */
  close(): Promise<void>;
  isRunning(): boolean;
}

/**
 * The worker process's work: the BullMQ consumer of deadline jobs plus the periodic sweep behind
 * it (once at start, then every `sweepIntervalMs`, never overlapping itself).
 */
export function startExpiry(options: {
  db: Database;
  redisUrl: string;
  log: Logger;
  sweepIntervalMs: number;
  prefix?: string;
}): ExpiryRuntime {
  const { db, log } = options;
  const queue = orderExpiryQueue(options);
  const worker = queue.startWorker({ process: expiryProcessor(db, log) });
  const sweep = queue.startSweep({
    sweep: () => sweepOverdueOrders(db, log),
    intervalMs: options.sweepIntervalMs,
  });
  return {
    isRunning: () => worker.isRunning(),
    async close() {
      await sweep.stop();
      await worker.close();
    },
  };
}
