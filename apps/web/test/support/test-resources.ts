/** This workspace's Redis logical database (the brief's allocation); FLUSHDB on it is fine. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
