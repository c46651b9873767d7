import type { Logger } from '@ticketing/log/logger';
import type { Redis } from 'ioredis';

export const CATALOG_TTL_SECONDS = 300;

/**
 * What an admin write invalidates: `events` (every page of the event list) or one event's scope
 * (the event and its sessions with ticket types). `catalog` is bumped along with every
 * invalidation: what depends on the whole catalog (the storefront's home page) follows it.
 */
export type CacheScope = 'events' | `event:${string}` | 'catalog';

export const CATALOG_SCOPE: CacheScope = 'catalog';

export const eventScope = (eventId: string): CacheScope => `event:${eventId}`;

/**
 * Read-through cache of catalog reads in Redis. Each scope has a version counter; a cached value
 * lives under `<key>:v<version>`, and invalidating a scope bumps its counter (after the write has
 * committed). A reader that loaded old rows just before a write can therefore only store them
 * under the old version, which nobody reads again: no stale entry survives an admin change, list
 * pages included, without tracking their keys. Counters carry no TTL; entries expire after 5 min.
 *
 * Redis failures never fail a read: the value is loaded from the database and a warning logged.
 */
export interface CatalogCache {
  read<T>(scope: CacheScope, key: string, load: () => Promise<T | null>): Promise<T | null>;
  invalidate(...scopes: CacheScope[]): Promise<void>;
  /** The scopes' current versions in one round trip (`'0'` before the first write); throws when Redis does. */
  versions(scopes: readonly CacheScope[]): Promise<string[]>;
}

const versionKey = (scope: CacheScope) => `catalog:version:${scope}`;

/** One round trip: the scope's version and the entry stored under it. */
const READ_SCRIPT = `
local version = redis.call('GET', KEYS[1]) or '0'
return { version, redis.call('GET', ARGV[1] .. ':v' .. version) }
`;

type CatalogRedis = Redis & {
  catalogRead(versionKey: string, key: string): Promise<[string, string | null]>;
};

export function createCatalogCache(redis: Redis, logger: Logger): CatalogCache {
  // EVALSHA under the hood: the script is sent once per connection, not with every read.
  redis.defineCommand('catalogRead', { numberOfKeys: 1, lua: READ_SCRIPT });
  const catalogRead = (scope: CacheScope, key: string) =>
    (redis as CatalogRedis).catalogRead(versionKey(scope), key);
  const warn = (error: unknown, action: string) =>
    logger.warn({ err: error }, `catalog cache ${action} failed; using the database`);

  return {
    async read<T>(scope: CacheScope, key: string, load: () => Promise<T | null>) {
      let version: string;
      let cached: string | null;
      try {
        [version, cached] = await catalogRead(scope, key);
      } catch (error) {
        warn(error, 'read');
        return load();
      }
      if (cached !== null) return JSON.parse(cached) as T;
      const value = await load();
      // Unknown ids are not cached: they are cheap primary-key misses and would only fill Redis.
      if (value !== null) {
        redis
          .set(`${key}:v${version}`, JSON.stringify(value), 'EX', CATALOG_TTL_SECONDS)
          .catch((error: unknown) => warn(error, 'write'));
      }
      return value;
    },

    async invalidate(...scopes) {
      if (scopes.length === 0) return;
      try {
        const pipeline = redis.multi();
        for (const scope of new Set([...scopes, CATALOG_SCOPE])) pipeline.incr(versionKey(scope));
        await pipeline.exec();
      } catch (error) {
        // The write has committed; entries written before it still expire within the TTL.
        logger.error({ err: error, scopes }, 'catalog cache invalidation failed');
      }
    },

    async versions(scopes) {
      if (scopes.length === 0) return [];
      const values = await redis.mget(scopes.map(versionKey));
      return values.map((value) => value ?? '0');
    },
  };
}
