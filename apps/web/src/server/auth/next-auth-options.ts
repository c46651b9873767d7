import type { Executor } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';

import { recordAudit } from '../admin/audit-log';
import { getWebServices } from '../services';
import { sessionTokenIsCurrent } from './admin-identity';
import { verifyAdminCredentials } from './admin-users';
import { clientAddress } from './client-address';
import { createSignInLimiter, rateLimitedMessage, type SignInLimiter } from './sign-in-limiter';

export interface AuthDependencies {
  db: Executor;
  logger: Logger;
  secret: string;
  /** ADMIN_SESSION_MAX_AGE_SECONDS: after it the session cookie is refused (401, sign-in page). */
  sessionMaxAgeSeconds: number;
  limiter: SignInLimiter;
}

/**
 * next-auth for /admin: email + password checked against `admin_users` (salted scrypt), session
 * kept in an encrypted JWT cookie signed with NEXTAUTH_SECRET whose `exp` is the session's max
 * age. The tRPC/REST context reads the same cookie (admin-identity.ts), so a signed-in admin can
 * call the admin procedures until it expires. Sign-in attempts are limited per account and per
 * address; refusals are logged with the e-mail and address, never the password. Every attempt
 * that names an e-mail and a password is audited (admin/audit-log.ts): a sign-in with the admin,
 * a refusal with the e-mail it tried and why (`bad_credentials`, `rate_limited`), both with the
 * address; should the entry not be written, the sign-in fails rather than go unrecorded.
 * The token carries the admin's session epoch from sign-in; once they sign out everywhere (epoch
 * raised) the session callback answers without a user, so pages send them to sign in again.
 */
export function buildAuthOptions(deps: AuthDependencies): NextAuthOptions {
  return {
    secret: deps.secret,
    session: { strategy: 'jwt', maxAge: deps.sessionMaxAgeSeconds },
    jwt: { maxAge: deps.sessionMaxAgeSeconds },
    pages: { signIn: '/admin', error: '/admin' },
    callbacks: {
      jwt({ token, user }) {
        // `user` is there only on sign-in: the epoch is the one current at that moment.
        if (user && 'sessionEpoch' in user && typeof user.sessionEpoch === 'number') {
          token.epoch = user.sessionEpoch;
        }
        return token;
      },
      async session({ session, token }) {
        return (await sessionTokenIsCurrent(deps.db, token))
          ? session
          : { expires: session.expires };
      },
    },
    providers: [
      CredentialsProvider({
        name: 'Admin',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const email = credentials?.email?.trim();
          const password = credentials?.password;
          if (!email || !password) return null;
          const address = clientAddress(req?.headers);
          const refused = (reason: 'bad_credentials' | 'rate_limited') =>
            recordAudit(
              deps.db,
              // What was typed, cut to an address's longest: the row stays small whatever is sent.
              { actor: email.slice(0, 254), clientAddress: address },
              {
                action: 'admin.sign_in_failed',
                targetType: null,
                targetId: null,
                change: { reason },
              },
            );
          const verdict = await deps.limiter.attempt(address, email);
          if (!verdict.allowed) {
            await refused('rate_limited');
            deps.logger.warn(
              { email, address, reason: 'rate_limited', retry_after_s: verdict.retryAfterSeconds },
              'admin sign-in refused',
            );
            throw new Error(rateLimitedMessage(verdict.retryAfterSeconds));
          }
          const user = await verifyAdminCredentials(deps.db, email, password);
          if (!user) {
            await refused('bad_credentials');
            deps.logger.warn(
              { email, address, reason: 'bad_credentials' },
              'admin sign-in refused',
            );
            return null;
          }
          await recordAudit(
            deps.db,
            { actor: user.email, clientAddress: address },
            { action: 'admin.sign_in', targetType: 'admin_user', targetId: user.id, change: {} },
          );
          await deps.limiter.succeeded(address, email);
          deps.logger.info({ email: user.email, address }, 'admin signed in');
          return user;
        },
      }),
    ],
  };
}

export function createAuthOptions(): NextAuthOptions {
  const { db, env, logger, redis } = getWebServices();
  return buildAuthOptions({
    db,
    logger,
    secret: env.NEXTAUTH_SECRET,
    sessionMaxAgeSeconds: env.ADMIN_SESSION_MAX_AGE_SECONDS,
    limiter: createSignInLimiter(redis),
  });
}

let options: NextAuthOptions | undefined;

/** Built on first use, not at import: `next build` loads this module without a database. */
export function authOptions(): NextAuthOptions {
  options ??= createAuthOptions();
  return options;
}
