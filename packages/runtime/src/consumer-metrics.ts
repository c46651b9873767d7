import type { ConsumeOutcome } from '@ticketing/events/consumer';

import type { Metrics } from './metrics';

type Result = ConsumeOutcome['result'];

/**
 * `events_consumed_total{queue, result}` of every consumer of the process: applied, duplicate,
 * retry_scheduled (a retry) and dead_lettered (to the DLQ). The observer `addConsumerObserver`
 * takes; label sets are made once per queue, not per message.
 */
export function consumerOutcomeMetrics(
  metrics: Metrics,
): (queue: string, outcome: ConsumeOutcome) => void {
  const consumed = metrics.counter(
    'events_consumed_total',
    'Settled deliveries of a consumer queue by result (retry_scheduled: a retry, dead_lettered: to the DLQ)',
    ['queue', 'result'],
  );
  const byQueue = new Map<string, Record<Result, { queue: string; result: Result }>>();
  return (queue, outcome) => {
    let labels = byQueue.get(queue);
    if (!labels) {
      const of = (result: Result) => ({ queue, result });
      labels = {
        applied: of('applied'),
        duplicate: of('duplicate'),
        retry_scheduled: of('retry_scheduled'),
        dead_lettered: of('dead_lettered'),
      };
      // Every result present from the first message on, so rate() sees the first retry.
      for (const label of Object.values(labels)) consumed.inc(label, 0);
      byQueue.set(queue, labels);
    }
    consumed.inc(labels[outcome.result]);
  };
}
