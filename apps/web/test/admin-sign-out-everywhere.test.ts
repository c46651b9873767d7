import { adminUsers } from '@ticketing/db/main/admin-users';
import { auditLog } from '@ticketing/db/main/audit-log';
import { createLogger } from '@ticketing/log/logger';
import { eq } from 'drizzle-orm';
import type { Session, User } from 'next-auth';
import { encode, type JWT } from 'next-auth/jwt';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ensureAdminUser } from '../src/server/auth/admin-users';
import { CLIENT_ADDRESS_HEADER } from '../src/server/auth/client-address';
import { buildAuthOptions } from '../src/server/auth/next-auth-options';
import { createSignInLimiter } from '../src/server/auth/sign-in-limiter';
import { call, startTestWeb, testAuth, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const ADMIN = { email: 'everywhere-admin@example.com', password: 'the-right-password' };

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(async () => {
  await web.reset();
  await ensureAdminUser(web.db, ADMIN);
});

function authOptions() {
  return buildAuthOptions({
    db: web.db,
    logger: createLogger('web-test', 'silent'),
    secret: testAuth.nextAuthSecret,
    sessionMaxAgeSeconds: 3_600,
    limiter: createSignInLimiter(web.redis),
  });
}

/** A sign-in as next-auth runs it: authorize, then the jwt callback, then the encrypted cookie. */
async function signIn(): Promise<{ cookie: string; token: JWT }> {
  const options = authOptions();
  const [provider] = options.providers;
  const authorize = (provider as unknown as { options: CredentialsConfig }).options.authorize;
  const user = (await authorize(ADMIN, {
    headers: { [CLIENT_ADDRESS_HEADER]: '203.0.113.9' },
  } as never)) as User | null;
  if (!user) throw new Error('sign-in refused');
  const jwt = options.callbacks?.jwt;
  if (!jwt) throw new Error('no jwt callback');
  const token = await jwt({
    token: { email: user.email, sub: user.id },
    user,
    account: null,
    trigger: 'signIn',
  });
  const encoded = await encode({ token, secret: testAuth.nextAuthSecret });
  return { cookie: `next-auth.session-token=${encoded}`, token };
}

const sameOrigin = (cookie: string) => ({ cookie, origin: web.baseUrl });
const createEvent = (cookie: string) =>
  call(web.baseUrl, 'POST', '/api/admin/events', {
    body: { name: 'Gig', description: 'A gig', location: 'Hall' },
    headers: sameOrigin(cookie),
  });
const signOutEverywhere = (headers: Record<string, string>) =>
  call(web.baseUrl, 'POST', '/api/trpc/admin.account.signOutEverywhere', { body: {}, headers });

describe('sign out everywhere', () => {
  it('refuses every session issued before it, while a later sign-in works', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    expect((await createEvent(laptop.cookie)).status).toBe(201);
    expect((await createEvent(phone.cookie)).status).toBe(201);

    const ended = await signOutEverywhere(sameOrigin(phone.cookie));
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ result: { data: { ended: true } } });

    for (const session of [laptop, phone]) {
      const refused = await createEvent(session.cookie);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'unauthorized' });
    }
    const later = await signIn();
    expect((await createEvent(later.cookie)).status).toBe(201);
  });

  it('ends the session for admin pages too (no user in the next-auth session)', async () => {
    const { token } = await signIn();
    const sessionCallback = authOptions().callbacks?.session;
    if (!sessionCallback) throw new Error('no session callback');
    const session: Session = { expires: '2100-01-01T00:00:00.000Z', user: { email: ADMIN.email } };
    const ask = () =>
      sessionCallback({
        session,
        token,
        user: undefined as never,
        newSession: undefined,
        trigger: 'update',
      });
    expect(await ask()).toMatchObject({ user: { email: ADMIN.email } });
    const [row] = await web.db
      .update(adminUsers)
      .set({ sessionEpoch: 1 })
      .where(eq(adminUsers.email, ADMIN.email))
      .returning({ id: adminUsers.id });
    expect(row).toBeDefined();
    expect(await ask()).toEqual({ expires: session.expires });
  });

  it('records the admin, the address and the new epoch in the audit log', async () => {
    const { cookie } = await signIn();
    expect((await signOutEverywhere(sameOrigin(cookie))).status).toBe(200);
    const [user] = await web.db
      .select({ id: adminUsers.id, sessionEpoch: adminUsers.sessionEpoch })
      .from(adminUsers)
      .where(eq(adminUsers.email, ADMIN.email));
    const entries = await web.db
      .select({
        actor: auditLog.actor,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        change: auditLog.change,
      })
      .from(auditLog)
      .where(eq(auditLog.action, 'admin.sign_out_everywhere'));
    expect(user?.sessionEpoch).toBe(1);
    expect(entries).toEqual([
      {
        actor: ADMIN.email,
        targetType: 'admin_user',
        targetId: user?.id,
        change: { session_epoch: 1 },
      },
    ]);
  });

  it('is refused cross-site (403) and changes nothing', async () => {
    const { cookie } = await signIn();
    const refused = await signOutEverywhere({ cookie, origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect((await createEvent(cookie)).status).toBe(201);
    const entries = await web.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.action, 'admin.sign_out_everywhere'));
    expect(entries).toEqual([]);
  });
});
