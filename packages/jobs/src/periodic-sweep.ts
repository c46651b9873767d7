import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';

export interface PeriodicSweep {
  /**
   * Runs a sweep now, after the one in progress if any (a call while one is already waiting to
   * start joins it); resolves when that sweep is done. After `stop()` it runs nothing.
   */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export interface PeriodicSweepOptions {
  /** One sweep. A throw is logged and the next interval tries again. */
  sweep: () => Promise<unknown>;
  intervalMs: number;
  logger: Logger;
  /** Names the sweep in its logs. */
  name: string;
}

/**
 * Runs `sweep` once at start and then `intervalMs` after each one ends, so sweeps never overlap
 * however long one takes; `runNow()` (tests, operators) queues behind the one in progress instead
 * of running beside it.
 */
export function startPeriodicSweep(options: PeriodicSweepOptions): PeriodicSweep {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const sweepOnce = async () => {
    queued = undefined;
    if (stopped) return;
    try {
      // A fresh request id: the timer would otherwise inherit the context of whoever started it.
      await withRequestId(undefined, options.sweep);
    } catch (error) {
      options.logger.warn(
        { err: error, sweep: options.name },
        `${options.name} sweep failed; retrying at the next interval`,
      );
    }
  };
  const scheduleNext = () => {
    clearTimeout(timer);
    if (!stopped && !queued) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  const tick = (): Promise<void> => {
    if (queued) return queued;
    clearTimeout(timer);
    const next = running.then(sweepOnce).finally(scheduleNext);
    queued = next;
    running = next;
    return next;
  };
  // The first sweep starts now, not on a later tick, so a stop() right after start waits for it.
  running = sweepOnce().finally(scheduleNext);

  return {
    runNow: () => (stopped ? Promise.resolve() : tick()),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
