import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { startExpirySweep } from './expiry-sweep';
import { createExpiryWorker } from './expiry-worker';

export interface ExpiryRuntime {
  /** Stops the sweep, lets running jobs finish, closes the worker and its Redis connections. */
  close(): Promise<void>;
  isRunning(): boolean;
}

/** The worker process's work: the BullMQ consumer of deadline jobs plus the periodic sweep. */
export function startExpiry(options: {
  db: Database;
  redisUrl: string;
  log: Logger;
  sweepIntervalMs: number;
  prefix?: string;
}): ExpiryRuntime {
  const worker = createExpiryWorker(options);
  const sweep = startExpirySweep({ ...options, intervalMs: options.sweepIntervalMs });
  return {
    isRunning: () => worker.isRunning(),
    async close() {
      await sweep.stop();
      await worker.close();
    },
  };
}
