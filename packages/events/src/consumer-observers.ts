import type { ConsumeOutcome } from './consumer';

export type ConsumerObserver = (queue: string, outcome: ConsumeOutcome) => void;

const observers = new Set<ConsumerObserver>();

/**
 * Sees every settled message of every consumer of this process, beside each consumer's own
 * `onOutcome`: how the process runtime counts retries and dead letters into its metrics without
 * each app passing a hook. Returns the removal.
 */
export function addConsumerObserver(observer: ConsumerObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notifyConsumerObservers(queue: string, outcome: ConsumeOutcome): void {
  for (const observer of observers) observer(queue, outcome);
}
