import { describe, expect, it } from 'vitest';

import { databaseUrls, poolSize, port } from '../src/common';
import { EnvError, parseEnv } from '../src/load-env';

const shape = { ...databaseUrls, PORT: port(3000), DB_POOL_SIZE: poolSize(5) };

describe('parseEnv', () => {
  it('fills every default so a machine with loopback services needs no configuration', () => {
    const env = parseEnv(shape, {});
    expect(env.DATABASE_URL_MAIN).toBe('postgres://postgres@127.0.0.1:5432/ticketing_main');
    expect(env.PORT).toBe(3000);
  });

  it('names the one bad variable', () => {
    expect(() => parseEnv(shape, { PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv(shape, { PORT: 'eighty' })).toThrow(/^Invalid environment variable PORT: /);
    expect(() => parseEnv(shape, { DATABASE_URL_ORDERS: 'not a url' })).toThrow(/DATABASE_URL_ORDERS/);
  });
});
