import type { Executor } from '@ticketing/db/client';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';
import type { OutboxTable } from '@ticketing/events/outbox-writer';

import type { Metrics } from './metrics';

/** Seconds from a row's commit to its broker confirm: milliseconds normally, minutes in an outage. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The outbox a process relays: `outbox_unpublished_rows` and `outbox_oldest_unpublished_seconds`
 * read at scrape time by `readOutboxBacklog`, the same function the admin event-bus page calls
 * (one number in both places), and `outbox_publish_lag_seconds` of every published row. Returns
 * the relay's `onPublished`.
 */
export function registerOutboxMetrics(
  metrics: Metrics,
  db: Executor,
  outbox: OutboxTable,
): (occurredAt: readonly Date[]) => void {
  // Each process relays one outbox: the `process` label tells them apart.
  const none = {};
  // One query per scrape for both gauges.
  let reading: Promise<Awaited<ReturnType<typeof readOutboxBacklog>>> | undefined;
  const backlog = () => {
    reading ??= readOutboxBacklog(db, outbox).finally(() => {
      setTimeout(() => (reading = undefined), 100).unref();
    });
    return reading;
  };
  metrics.gauge(
    'outbox_unpublished_rows',
    'Outbox rows not yet published (the relay backlog)',
    [],
    async (set) => set(none, (await backlog()).unpublished),
  );
  metrics.gauge(
    'outbox_oldest_unpublished_seconds',
    'Age of the oldest unpublished outbox row; 0 when everything is published',
    [],
    async (set) => set(none, (await backlog()).oldest_age_seconds ?? 0),
  );
  const lag = metrics.histogram(
    'outbox_publish_lag_seconds',
    'Seconds from an outbox row being written to its publish being confirmed',
    [],
    LAG_BUCKETS,
  );
  return (occurredAt) => {
    const now = Date.now();
    for (const at of occurredAt) lag.observe(none, Math.max(0, (now - at.getTime()) / 1000));
  };
}
