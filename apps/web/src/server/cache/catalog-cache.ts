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
  /** `read` of a value kept as the very text `load` made (an HTTP answer's body), never parsed. */
  readText(
    scope: CacheScope,
    key: string,
    load: () => Promise<string | null>,
  ): Promise<string | null>;
  invalidate(...scopes: CacheScope[]): Promise<void>;
  /** The scopes' current versions in one round trip (`'0'` before the first write); throws when Redis does. */
  versions(scopes: readonly CacheScope[]): Promise<string[]>;
}

/** Where a page of the event list is kept: the tRPC/caller value and the REST answer share it. */
export const eventListKey = (page: { cursor?: string; limit: number }) =>
  `catalog:events:${page.cursor ?? 'first'}:${page.limit}`;

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

  const readText = async (
    scope: CacheScope,
    key: string,
    load: () => Promise<string | null>,
  ): Promise<string | null> => {
    let version: string;
    let cached: string | null;
    try {
      [version, cached] = await catalogRead(scope, key);
    } catch (error) {
      warn(error, 'read');
      return load();
    }
    if (cached !== null) return cached;
    const text = await load();
    // Unknown ids are not cached: they are cheap primary-key misses and would only fill Redis.
    if (text !== null) {
      redis
        .set(`${key}:v${version}`, text, 'EX', CATALOG_TTL_SECONDS)
        .catch((error: unknown) => warn(error, 'write'));
    }
    return text;
  };

  return {
    readText,

    async read<T>(scope: CacheScope, key: string, load: () => Promise<T | null>) {
      // A miss hands back what it loaded, not a parse of its own serialisation.
      const fresh: { value?: T | null } = {};
      const text = await readText(scope, key, async () => {
        const value = await load();
        fresh.value = value;
        return value === null ? null : JSON.stringify(value);
      });
      if (fresh.value !== undefined) return fresh.value;
      return text === null ? null : (JSON.parse(text) as T);
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
