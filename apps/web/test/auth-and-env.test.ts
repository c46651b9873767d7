import { EnvError, parseEnv } from '@ticketing/env/load-env';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';

import { assertProductionSecrets, devSecrets, webEnvShape, webSecrets } from '../src/env';
import { resolveAdmin, tokenMatches } from '../src/server/auth/admin-identity';
import { hashPassword, verifyPassword } from '../src/server/auth/password';
import { workerEnvShape } from '../src/worker/env';
import { testAuth } from './support/web-test-server';

describe('password hashing', () => {
  it('salts every hash and verifies only the right password', async () => {
    const [first, second] = await Promise.all([hashPassword('s3cret!'), hashPassword('s3cret!')]);
    expect(first).not.toBe(second);
    expect(await verifyPassword('s3cret!', first)).toBe(true);
    expect(await verifyPassword('s3cret?', first)).toBe(false);
    expect(await verifyPassword('s3cret!', 'not-a-hash')).toBe(false);
  });
});

// Cookie parsing only: whether a session is still current is proved against PostgreSQL
// (admin-sign-out-everywhere.test.ts).
const current = () => Promise.resolve(true);

describe('admin identity', () => {
  it('compares the API token exactly', () => {
    expect(tokenMatches(testAuth.adminApiToken, testAuth.adminApiToken)).toBe(true);
    expect(tokenMatches(`${testAuth.adminApiToken}x`, testAuth.adminApiToken)).toBe(false);
    expect(tokenMatches('', testAuth.adminApiToken)).toBe(false);
  });

  it('reads a chunked next-auth session cookie', async () => {
    const token = await encode({
      token: { email: 'admin@example.com' },
      secret: testAuth.nextAuthSecret,
    });
    const half = Math.floor(token.length / 2);
    const cookie = `other=1; next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    expect(await resolveAdmin({ cookie }, testAuth, current)).toEqual({
      kind: 'session',
      email: 'admin@example.com',
    });
  });

  it('ignores a session cookie under the secure name when cookies are not secure', async () => {
    const token = await encode({ token: { email: 'a@b.c' }, secret: testAuth.nextAuthSecret });
    const cookie = `__Secure-next-auth.session-token=${token}`;
    expect(await resolveAdmin({ cookie }, testAuth, current)).toBeNull();
    expect(await resolveAdmin({ cookie }, { ...testAuth, secureCookie: true }, current)).toMatchObject({
      kind: 'session',
    });
  });
});

describe('web environment', () => {
  it('has defaults that work on this machine', () => {
    const env = parseEnv(webEnvShape, {});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL_MAIN: 'postgres://postgres@127.0.0.1:5432/ticketing_main',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HOLD_TTL_SECONDS: 600,
      DB_POOL_SIZE: 10,
      NODE_ENV: 'development',
    });
    expect(env.ADMIN_API_TOKEN).toBe(devSecrets.ADMIN_API_TOKEN);
    expect(() => assertProductionSecrets({}, webSecrets)).not.toThrow();
  });

  it('serves pages unless WEB_PAGES is false, and calls services with short timeouts', () => {
    expect(parseEnv(webEnvShape, {})).toMatchObject({
      WEB_PAGES: true,
      INVENTORY_TIMEOUT_MS: 1_500,
      ORDERS_TIMEOUT_MS: 3_000,
      CIRCUIT_RESET_MS: 5_000,
    });
    expect(parseEnv(webEnvShape, { WEB_PAGES: 'false' }).WEB_PAGES).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['HOLD_TTL_SECONDS', '-1'],
    ['WEB_PAGES', 'maybe'],
    ['INVENTORY_TIMEOUT_MS', '0'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['ADMIN_PASSWORD', 'short'],
    ['REDIS_URL', 'nope'],
    ['DB_POOL_SIZE', '500'],
  ])('names %s when its value is bad', (variable, value) => {
    expect(() => parseEnv(webEnvShape, { [variable]: value })).toThrow(EnvError);
    expect(() => parseEnv(webEnvShape, { [variable]: value })).toThrow(
      new RegExp(`^Invalid environment variable ${variable}:`),
    );
  });

  it('refuses, in production, a missing secret and a development one, naming it', () => {
    const own = {
      ADMIN_PASSWORD: 'own-admin-password',
      ADMIN_API_TOKEN: 'own-admin-api-token',
      NEXTAUTH_SECRET: 'own-nextauth-secret-0123',
      TICKET_SIGNING_SECRET: 'own-ticket-signing-secret',
    };
    const production = { NODE_ENV: 'production', ...own };
    expect(() => assertProductionSecrets(production, webSecrets)).not.toThrow();
    for (const name of webSecrets) {
      const missing = { ...production, [name]: undefined };
      expect(() => assertProductionSecrets(missing, webSecrets)).toThrow(
        new RegExp(`^Invalid environment variable ${name}: required in production`),
      );
      const dev = { ...production, [name]: devSecrets[name] };
      expect(() => assertProductionSecrets(dev, webSecrets)).toThrow(
        new RegExp(`^Invalid environment variable ${name}: is a development default`),
      );
    }
    expect(() =>
      assertProductionSecrets({ ...production, ADMIN_PASSWORD: 'change-me-please' }, webSecrets),
    ).toThrow(/ADMIN_PASSWORD/);
  });
});

describe('web worker environment', () => {
  it('has the shared defaults: health on 3001, a sweep every minute, the production exchange', () => {
    expect(parseEnv(workerEnvShape, {})).toMatchObject({
      HEALTH_PORT: 3001,
      HOLD_SWEEP_INTERVAL_MS: 60_000,
      OUTBOX_POLL_MS: 1_000,
      EVENTS_EXCHANGE: 'ticketing.events',
      EVENTS_QUEUE_PREFIX: '',
      EVENTS_RETRY_DELAYS_MS: [1_000, 5_000],
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
    });
  });

  it.each([
    ['HOLD_SWEEP_INTERVAL_MS', '120000'],
    ['HEALTH_PORT', 'x'],
    ['RABBITMQ_URL', 'not a url'],
    ['OUTBOX_POLL_MS', '0'],
  ])('names %s when its value is bad', (variable, value) => {
    expect(() => parseEnv(workerEnvShape, { [variable]: value })).toThrow(
      new RegExp(`^Invalid environment variable ${variable}:`),
    );
  });
});
