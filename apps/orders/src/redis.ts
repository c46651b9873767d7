import type { RedisOptions } from 'bullmq';

/**
 * Connection options for BullMQ, which opens its own ioredis connections from them (it pins its
 * own ioredis version, so sharing an instance of ours is not type-safe). `failFast` is for the
 * request path: commands fail at once while Redis is down instead of waiting for it to return.
 */
export function redisConnection(url: string, { failFast = false } = {}): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    enableOfflineQueue: !failFast,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}
