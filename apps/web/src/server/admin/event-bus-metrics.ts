import type { Metrics } from '@ticketing/runtime/metrics';

import type { EventBusAdmin } from './event-bus';

/**
 * `event_queue_messages{consumer, kind}` (kind: ready, dead_letter) and `event_queue_consumers`
 * of every consumer queue, read at scrape time by `EventBusAdmin.queues()`: the call the admin
 * event-bus page makes, so the page and /metrics show the same dead letters. A broker that does not
 * answer leaves both empty for that scrape.
 */
export function registerEventBusMetrics(
  metrics: Metrics,
  eventBus: Pick<EventBusAdmin, 'queues'>,
): void {
  let reading: ReturnType<EventBusAdmin['queues']> | undefined;
  // One broker round trip serves both gauges of a scrape.
  const queues = () => {
    reading ??= eventBus.queues().finally(() => {
      setTimeout(() => (reading = undefined), 100).unref();
    });
    return reading;
  };
  metrics.gauge(
    'event_queue_messages',
    'Messages in each consumer queue (ready) and its dead-letter queue, as the admin event-bus page shows them',
    ['consumer', 'kind'],
    async (set) => {
      for (const state of await queues()) {
        if (!state.exists) continue;
        set({ consumer: state.consumer, kind: 'ready' }, state.depth);
        set({ consumer: state.consumer, kind: 'dead_letter' }, state.deadLetters);
      }
    },
  );
  metrics.gauge(
    'event_queue_consumers',
    'Consumers attached to each consumer queue; 0 means nothing drains it',
    ['consumer'],
    async (set) => {
      for (const state of await queues()) {
        if (state.exists) set({ consumer: state.consumer }, state.consumers);
      }
    },
  );
}
