import type { Executor } from '@ticketing/db/client';
import { adminUsers } from '@ticketing/db/main/admin-users';
import { sql } from 'drizzle-orm';

import { hashPassword, verifyPassword } from './password';

export interface AdminUser {
  id: string;
  email: string;
}

/**
 * Makes sure an admin with this email exists (the first admin, from ADMIN_EMAIL/ADMIN_PASSWORD).
 * An existing admin is left as is, password included: running it again changes nothing.
 */
export async function ensureAdminUser(
  db: Executor,
  { email, password }: { email: string; password: string },
): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(adminUsers)
    .values({ email: email.trim(), passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: adminUsers.id });
  return { created: inserted.length > 0 };
}

// Unknown emails still pay for one scrypt, so response time does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;

/** The admin whose email and password match, or null. */
export async function verifyAdminCredentials(
  db: Executor,
  email: string,
  password: string,
): Promise<AdminUser | null> {
  const [user] = await db
    .select({ id: adminUsers.id, email: adminUsers.email, passwordHash: adminUsers.passwordHash })
    .from(adminUsers)
    .where(sql`lower(${adminUsers.email}) = lower(${email.trim()})`);
  if (!user) {
    decoyHash ??= hashPassword('decoy password');
    await verifyPassword(password, await decoyHash);
    return null;
  }
  return (await verifyPassword(password, user.passwordHash))
    ? { id: user.id, email: user.email }
    : null;
}
