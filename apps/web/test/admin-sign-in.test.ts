import { randomUUID } from 'node:crypto';

import { adminUsers } from '@ticketing/db/main/admin-users';
import { auditLog } from '@ticketing/db/main/audit-log';
import { parseEnv } from '@ticketing/env/load-env';
import { createLogger } from '@ticketing/log/logger';
import { asc, eq } from 'drizzle-orm';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { webEnvShape } from '../src/env';
import { ensureAdminUser } from '../src/server/auth/admin-users';
import { CLIENT_ADDRESS_HEADER } from '../src/server/auth/client-address';
import { buildAuthOptions } from '../src/server/auth/next-auth-options';
import { createSignInLimiter } from '../src/server/auth/sign-in-limiter';
import { withRateLimitStatus } from '../src/server/auth/sign-in-response';
import { startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const ADMIN = { email: 'limit-admin@example.com', password: 'the-right-password' };
const logLines: Record<string, unknown>[] = [];
const logger = createLogger('web-test', 'info', {
  write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
});

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(async () => {
  await web.reset();
  await ensureAdminUser(web.db, ADMIN);
  logLines.length = 0;
});

/** The credentials provider's authorize, as next-auth calls it for one sign-in POST. */
function signIn(limits = { perAccount: 3, perAddress: 5, windowSeconds: 60 }) {
  const options = buildAuthOptions({
    db: web.db,
    logger,
    secret: 'test-nextauth-secret-0123456789',
    sessionMaxAgeSeconds: 3_600,
    limiter: createSignInLimiter(web.redis, limits, `signin-test-${randomUUID()}`),
  });
  const [provider] = options.providers;
  const authorize = (provider as unknown as { options: CredentialsConfig }).options.authorize;
  return {
    options,
    attempt: async (email: string, password: string, address = '203.0.113.7') => {
      try {
        const user = await authorize({ email, password }, {
          headers: { [CLIENT_ADDRESS_HEADER]: address },
        } as never);
        return user ? 'signed_in' : 'refused';
      } catch (error) {
        return error instanceof Error ? error.message : 'error';
      }
    },
  };
}

describe('admin sign-in rate limit (rate-limiter-flexible on Redis)', () => {
  it('refuses an account after its limit, even with the right password, with a clear message', async () => {
    const { attempt } = signIn();
    for (let i = 0; i < 3; i++) expect(await attempt(ADMIN.email, `wrong-${i}`)).toBe('refused');
    const limited = await attempt(ADMIN.email, ADMIN.password);
    expect(limited).toMatch(/^rate_limited: Too many sign-in attempts\. Try again in 1 minute\.$/);
    // Another address does not unlock the account.
    expect(await attempt(ADMIN.email.toUpperCase(), ADMIN.password, '198.51.100.1')).toMatch(
      /^rate_limited/,
    );
  });

  it('counts parallel attempts too (a burst cannot slip past the limit)', async () => {
    const { attempt } = signIn();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => attempt(ADMIN.email, `wrong-${i}`)),
    );
    expect(answers.filter((answer) => answer === 'refused')).toHaveLength(3);
    expect(answers.filter((answer) => answer.startsWith('rate_limited'))).toHaveLength(5);
  });

  it('limits one address across accounts', async () => {
    const { attempt } = signIn();
    for (let i = 0; i < 5; i++)
      expect(await attempt(`nobody-${i}@example.com`, 'x')).toBe('refused');
    expect(await attempt(ADMIN.email, ADMIN.password)).toMatch(/^rate_limited/);
    expect(await attempt(ADMIN.email, ADMIN.password, '198.51.100.2')).toBe('signed_in');
  });

  it('a success clears the account', async () => {
    const { attempt } = signIn();
    for (let i = 0; i < 2; i++) await attempt(ADMIN.email, 'wrong');
    expect(await attempt(ADMIN.email, ADMIN.password)).toBe('signed_in');
    for (let i = 0; i < 2; i++) expect(await attempt(ADMIN.email, 'wrong')).toBe('refused');
    expect(await attempt(ADMIN.email, ADMIN.password)).toBe('signed_in');
  });

  it('logs refused attempts with the e-mail and address, never the password', async () => {
    const { attempt } = signIn({ perAccount: 1, perAddress: 10, windowSeconds: 60 });
    await attempt(ADMIN.email, 'hunter2-secret');
    await attempt(ADMIN.email, 'hunter3-secret');
    const refused = logLines.filter((line) => line.msg === 'admin sign-in refused');
    expect(refused.map((line) => line.reason)).toEqual(['bad_credentials', 'rate_limited']);
    expect(refused[0]).toMatchObject({ email: ADMIN.email, address: '203.0.113.7' });
    expect(JSON.stringify(logLines)).not.toMatch(/hunter/);
  });
});

describe('sign-ins in the audit log', () => {
  const entries = () =>
    web.db
      .select({
        actor: auditLog.actor,
        action: auditLog.action,
        targetId: auditLog.targetId,
        change: auditLog.change,
        clientAddress: auditLog.clientAddress,
      })
      .from(auditLog)
      .orderBy(asc(auditLog.at), asc(auditLog.id));

  it('records a failed sign-in with the attempted e-mail and the address, a throttled one, and a success', async () => {
    const { attempt } = signIn({ perAccount: 2, perAddress: 10, windowSeconds: 60 });
    expect(await attempt('nobody@example.com', 'hunter2-secret', '203.0.113.8')).toBe('refused');
    expect(await attempt(ADMIN.email, 'hunter3-secret', '198.51.100.9')).toBe('refused');
    expect(await attempt(ADMIN.email, 'hunter4-secret')).toBe('refused');
    expect(await attempt(ADMIN.email, ADMIN.password)).toMatch(/^rate_limited/);
    const [user] = await web.db
      .select({ id: adminUsers.id })
      .from(adminUsers)
      .where(eq(adminUsers.email, ADMIN.email));
    const { attempt: fresh } = signIn();
    expect(await fresh(ADMIN.email, ADMIN.password, '192.0.2.1')).toBe('signed_in');

    const failed = { action: 'admin.sign_in_failed', targetId: null };
    expect(await entries()).toEqual([
      {
        ...failed,
        actor: 'nobody@example.com',
        change: { reason: 'bad_credentials' },
        clientAddress: '203.0.113.8',
      },
      {
        ...failed,
        actor: ADMIN.email,
        change: { reason: 'bad_credentials' },
        clientAddress: '198.51.100.9',
      },
      {
        ...failed,
        actor: ADMIN.email,
        change: { reason: 'bad_credentials' },
        clientAddress: '203.0.113.7',
      },
      {
        ...failed,
        actor: ADMIN.email,
        change: { reason: 'rate_limited' },
        clientAddress: '203.0.113.7',
      },
      {
        action: 'admin.sign_in',
        actor: ADMIN.email,
        targetId: user?.id,
        change: {},
        clientAddress: '192.0.2.1',
      },
    ]);
    expect(JSON.stringify(await entries())).not.toMatch(/hunter|the-right-password/);
  });

  it('refuses the sign-in when its entry cannot be written', async () => {
    const { attempt } = signIn();
    await web.db.$client.query('alter table audit_log rename to audit_log_away');
    try {
      expect(await attempt(ADMIN.email, ADMIN.password)).not.toBe('signed_in');
    } finally {
      await web.db.$client.query('alter table audit_log_away rename to audit_log');
    }
  });
});

describe('next-auth answers', () => {
  it('a throttled credentials sign-in becomes 429 with Retry-After; other answers pass', async () => {
    const limited = new Response(
      JSON.stringify({
        url: `http://localhost:3000/admin?error=${encodeURIComponent('rate_limited: Too many sign-in attempts. Try again in 15 minutes.')}`,
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
    const answer = await withRateLimitStatus(limited);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('900');
    expect(((await answer.json()) as { url: string }).url).toContain('error=rate_limited');

    const wrongPassword = new Response(
      JSON.stringify({ url: 'http://localhost:3000/admin?error=CredentialsSignin' }),
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
      },
    );
    expect((await withRateLimitStatus(wrongPassword)).status).toBe(200);
    const redirect = new Response(null, {
      status: 302,
      headers: {
        location:
          '/admin?error=rate_limited%3A%20Too%20many%20sign-in%20attempts.%20Try%20again%20in%202%20minutes.',
      },
    });
    const redirected = await withRateLimitStatus(redirect);
    expect(redirected.status).toBe(429);
    expect(redirected.headers.get('retry-after')).toBe('120');
  });

  it('the session lasts ADMIN_SESSION_MAX_AGE_SECONDS (default 8 h)', () => {
    expect(parseEnv(webEnvShape, {}).ADMIN_SESSION_MAX_AGE_SECONDS).toBe(28_800);
    expect(
      parseEnv(webEnvShape, { ADMIN_SESSION_MAX_AGE_SECONDS: '900' }).ADMIN_SESSION_MAX_AGE_SECONDS,
    ).toBe(900);
    const { options } = signIn();
    expect(options.session).toMatchObject({ strategy: 'jwt', maxAge: 3_600 });
    expect(options.jwt).toMatchObject({ maxAge: 3_600 });
  });
});
