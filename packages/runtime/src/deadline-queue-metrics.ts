import { readQueueDepths } from '@ticketing/jobs/queue-depth';

import type { Metrics } from './metrics';

/**
 * `deadline_queue_jobs{queue, state}`: waiting, delayed and active jobs of every deadline queue
 * the process opened (hold-expiry, order-expiry), counted in Redis when Prometheus scrapes.
 */
export function registerDeadlineQueueMetrics(metrics: Metrics): void {
  metrics.gauge(
    'deadline_queue_jobs',
    'BullMQ jobs of the deadline queues by state (waiting, delayed, active), read at scrape time',
    ['queue', 'state'],
    async (set) => {
      for (const depth of await readQueueDepths()) {
        set({ queue: depth.queue, state: 'waiting' }, depth.waiting);
        set({ queue: depth.queue, state: 'delayed' }, depth.delayed);
        set({ queue: depth.queue, state: 'active' }, depth.active);
      }
    },
  );
}
