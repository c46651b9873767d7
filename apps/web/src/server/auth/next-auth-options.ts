import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getWebServices } from '../services';
import { verifyAdminCredentials } from './admin-users';

/**
 * next-auth for /admin: email + password checked against `admin_users` (salted scrypt), session
 * kept in an encrypted JWT cookie signed with NEXTAUTH_SECRET. The tRPC/REST context reads the
 * same cookie (admin-identity.ts), so a signed-in admin can call the admin procedures.
 */
export function createAuthOptions(): NextAuthOptions {
  const { db, env } = getWebServices();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/admin', error: '/admin' },
    providers: [
      CredentialsProvider({
        name: 'Admin',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials) {
          const email = credentials?.email;
          const password = credentials?.password;
          if (!email || !password) return null;
          return verifyAdminCredentials(db, email, password);
        },
      }),
    ],
  };
}

let options: NextAuthOptions | undefined;

/** Built on first use, not at import: `next build` loads this module without a database. */
export function authOptions(): NextAuthOptions {
  options ??= createAuthOptions();
  return options;
}
