import type { RedisOptions } from 'bullmq';

/**
 * Connection options for BullMQ, which opens its own ioredis connections from them (it pins its own
 * ioredis version, so handing it an instance of ours is not type-safe).
 *
 * - Workers (the default) wait for Redis: no limit on retries per command and an offline queue, so
 *   an outage only pauses them (BullMQ requires `maxRetriesPerRequest: null` for blocking reads).
 * - `failFast` is for a queue on the request path: while Redis is down a command fails at once
 *   instead of queueing until Redis returns, and a request never waits on it.
 */
export function bullConnection(url: string, { failFast = false } = {}): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    connectTimeout: 2_000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}
